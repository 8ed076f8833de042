import itertools
import multiprocessing
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections, transaction
from tqdm import tqdm

from imports.json_export import ColumnPaths, ExportFileError, export_rows, row_read
from imports.services import ImportRefused, addresses_taken, article_import, article_saves_batched
from imports.sources import MappingError, mapping_load, page_read, pages_find
from news.editorial.actors import SYSTEM
from news.models import Article, Site

BATCH_SIZE = 200
# Parsing a page (tinyhtml5 is pure Python) takes about half as long as
# writing it: with this many pages or more, other processes parse while this
# one writes.
POOL_MIN_PAGES = 100
_reader = None  # set before the pool forks, so the workers have it


def _read(item):
    name, source = item
    try:
        return name, _reader(source), None
    except ImportRefused as error:
        return name, None, str(error)
    except Exception as error:  # noqa: BLE001 - one odd page must not stop the other 9,999
        return name, None, f"无法处理({type(error).__name__}:{error})"


@contextmanager
def _records_read(items, read):
    """Gives an iterator of (name, ImportedArticle or None, reason refused),
    in order. Enter it before the first transaction: the pool is started on
    entering, and not at all inside an atomic block (a worker would then
    share the connection of an open transaction)."""
    global _reader
    _reader = read
    workers = min((os.cpu_count() or 1) - 1, 3)
    if len(items) < POOL_MIN_PAGES or workers < 1 or connection.in_atomic_block:
        yield map(_read, items)
        return
    connections.close_all()  # no worker may share the parent's database connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield pool.imap(_read, items, chunksize=16)


def changed_labels(names):
    """Field names as the admin shows them: 标题, 正文 …"""
    extra = {"attachments": "附件"}
    return [extra.get(name) or str(Article._meta.get_field(name).verbose_name) for name in names]


class Command(BaseCommand):
    help = (
        "导入文章:从旧网站保存下来的文章网页文件夹(配合映射文件),或从本站导出的 JSON 清单。"
        "按原网址或索引号对应,重复运行只更新、不重复;保留原发布时间和索引号。"
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="网页文件夹,或 JSON 导出文件(--json)")
        parser.add_argument("--mapping", metavar="FILE", help="映射文件(TOML),说明旧网站网页中各字段的位置")
        parser.add_argument(
            "--json", action="store_true", help="SOURCE 是本站导出的 JSON 清单(export_archive --format json)"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要新建、更新的文章,不写入")
        parser.add_argument("--site", metavar="KEY", help="导入到哪个站点(站点标识,如 galutu);不填为默认站点")

    def handle(self, *args, **options):
        source = Path(options["source"])
        # Read before the loop, not inside the first article's transaction.
        options["site"] = self._site(options["site"])
        items, read = self._source(source, options)
        on_terminal = sys.stdout.isatty()
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        failures = []
        with (
            tqdm(total=len(items), unit="篇", disable=not on_terminal, file=sys.stdout) as bar,
            _records_read(items, read) as records,
        ):
            # A line printed under a running bar must go through tqdm.
            say = bar.write if on_terminal else self.stdout.write
            for _ in range(0, len(items), BATCH_SIZE):
                # One commit per batch, each page in its own savepoint: a
                # commit per page was most of the time on SQLite.
                # The search index and the public pages' content version
                # follow once per batch, not once per page.
                with transaction.atomic(), article_saves_batched() as saved:
                    batch = list(itertools.islice(records, BATCH_SIZE))
                    # One query tells which pages are new: those are not
                    # looked for one by one.
                    taken = addresses_taken(records=[record for _, record, _ in batch if record])
                    for name, record, refused in batch:
                        try:
                            if refused:
                                raise ImportRefused(refused)
                            keys = {key for key in (record.source_url, record.index_number) if key}
                            known_new, taken = not keys & taken, taken | keys  # a later page like it is looked for
                            result = article_import(
                                record=record, actor=SYSTEM, dry_run=options["dry_run"], known_new=known_new
                            )
                        except ImportRefused as error:
                            failures.append((name, str(error)))
                        except (DatabaseError, OSError) as error:
                            failures.append((name, f"写入失败:{error}"))
                        else:
                            counts[result.action] += 1
                            if not options["dry_run"] and result.action != "unchanged":
                                saved.append(result.article)
                            if options["dry_run"] and result.action == "created":
                                say(f"将新建:{name}")
                            elif options["dry_run"] and result.action == "updated":
                                say(f"将更新:{name}({'、'.join(changed_labels(result.changed))})")
                        bar.update(1)
        self._report(counts, failures, dry_run=options["dry_run"])
        if failures:
            sys.exit(1)

    def _site(self, key):
        if not key:
            return Site.objects.default()
        site = Site.objects.filter(key=key).first()
        if site is None:
            known = "、".join(Site.objects.values_list("key", flat=True))
            raise CommandError(f"没有站点“{key}”(已有站点:{known})", returncode=2)
        return site

    def _source(self, source, options):
        if options["json"]:
            if options["mapping"]:
                raise CommandError("--json 与 --mapping 不能同时使用", returncode=2)
            if not source.is_file():
                raise CommandError(f"找不到 JSON 文件:{source}", returncode=2)
            try:
                rows = export_rows(source)
            except ExportFileError as error:
                raise CommandError(str(error), returncode=2) from None
            columns = ColumnPaths(options["site"])
            return rows, lambda row: row_read(row, columns=columns)
        if not options["mapping"]:
            raise CommandError("导入网页需要映射文件:--mapping FILE(导入 JSON 导出文件请加 --json)", returncode=2)
        if not source.is_dir():
            raise CommandError(f"找不到网页文件夹:{source}", returncode=2)
        try:
            mapping = mapping_load(options["mapping"], options["site"])
        except MappingError as error:
            raise CommandError(str(error), returncode=2) from None
        pages = pages_find(source, mapping)
        if not pages:
            raise CommandError(f"文件夹 {source} 中没有网页文件({'、'.join(mapping.pages)})", returncode=2)
        named = [(str(page.relative_to(source)), page) for page in pages]
        return named, lambda page: page_read(page, folder=source, mapping=mapping)

    def _report(self, counts, failures, *, dry_run):
        verb = "将" if dry_run else ""
        summary = (
            f"{'(试运行,未写入)' if dry_run else ''}{verb}新建 {counts['created']} 篇,{verb}更新 {counts['updated']} 篇,"
            f"未变 {counts['unchanged']} 篇,失败 {len(failures)} 篇"
        )
        self.stdout.write(self.style.SUCCESS(summary) if not failures else self.style.WARNING(summary))
        for name, reason in failures:
            self.stdout.write(f"失败:{name}:{reason}")

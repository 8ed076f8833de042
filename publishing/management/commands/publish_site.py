"""publish_site: write the published tree again, all of it or what the
articles changed since a given time touched, in parallel processes."""

import multiprocessing
import os
import sys
import time
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from publishing.models import PageFile
from publishing.nginx_map import nginx_site_map_write
from publishing.services import REBUILD_BATCH, pages_publish_waiting, pages_queue, site_publish_queue
from publishing.sites import site_keys
from publishing.targets import changed_since_targets

FAILURES_SHOWN = 20


def since_parse(text):
    """An ISO date (from its midnight) or date and time, in local time (北京时间)."""
    text = text.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--changed-since 的时间“{text}”无法识别:请写成 2026-06-01 或 2026-06-01T08:30(北京时间)。"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise CommandError(f"--changed-since 的时间“{text}”晚于现在。")
    return moment


def processes_parse(text):
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise CommandError(f"--processes 应为不小于 1 的整数,收到“{text}”。")
    return count


class Command(BaseCommand):
    help = (
        "重新生成静态发布目录(网站运行时可以执行:每个文件整体替换,执行期间再次排队的页面也会写出)。"
        "不带 --changed-since 时写出全部页面:首页、每个栏目的每一页、全部已发布文章、RSS、网站地图、robots.txt 以及 404/503 页面。"
        "带 --changed-since 时只写出该时间以来保存、发布、撤稿或移入回收站的文章所影响的页面"
        "(文章本身、上一篇/下一篇、列出它的栏目页、首页、RSS、网站地图;不再公开的文章删除其页面);"
        "栏目、站点设置的修改和已彻底删除的文章不在其内,请不带该参数重新生成全部页面。"
        "有页面写出失败时退出码为 1,并列出失败的页面。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="标识", help="只生成这个站点(站点标识,如 main);默认生成全部站点")
        parser.add_argument(
            "--changed-since",
            metavar="时间",
            help="只写出此时间以来有变化的文章所影响的页面;北京时间,如 2026-06-01 或 2026-06-01T08:30",
        )
        parser.add_argument(
            "--processes", metavar="N", help=f"并行写出的进程数(默认为 CPU 核数,当前 {os.cpu_count() or 1})"
        )

    def handle(self, *args, site, changed_since, processes, verbosity, **options):
        since = since_parse(changed_since) if changed_since is not None else None
        processes = processes_parse(processes) if processes is not None else (os.cpu_count() or 1)
        keys = site_keys()
        if site is not None and site not in keys:
            raise CommandError(f"没有站点“{site}”。现有站点:{'、'.join(keys) or '无'}。")
        started_at = timezone.now()
        clock = time.perf_counter()
        if since is None:
            site_publish_queue(site)
        else:
            for key in [site] if site else keys:
                pages_queue(changed_since_targets(since, key), site=key)
        nginx_site_map_write()
        waiting = PageFile.objects.waiting()
        waiting = (waiting.filter(site=site) if site else waiting).count()
        bar = self.progress_bar(waiting, verbosity)
        try:
            written, failed = pages_write(site, processes, bar.update if bar else None)
        finally:
            if bar:
                bar.close()
        seconds = time.perf_counter() - clock
        if verbosity:
            scope = "全部页面" if since is None else f"{since:%Y-%m-%d %H:%M} 以来变化所影响的页面"
            scope = f"站点 {site} 的{scope}" if site else f"{len(keys)} 个站点的{scope}"
            rate = written / seconds if seconds else 0
            self.stdout.write(
                f"重新生成{scope}:写出 {written} 个,失败 {failed} 个,"
                f"{processes} 个进程,用时 {seconds:.1f} 秒(每秒 {rate:.0f} 个)。"
            )
        if failed:
            self.failures_report(site, started_at, failed)
            sys.exit(1)

    def progress_bar(self, total, verbosity):
        """A progress bar when a person watches (a terminal), else nothing."""
        if verbosity < 1 or not self.stderr.isatty():
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit="页", desc="写出页面", file=self.stderr._out, dynamic_ncols=True)

    def failures_report(self, site, started_at, failed):
        rows = PageFile.objects.filter(failed_at__gte=started_at).exclude(error="").order_by("site", "path")
        rows = rows.filter(site=site) if site else rows
        self.stderr.write(f"{failed} 个页面写出失败:")
        for row in rows[:FAILURES_SHOWN]:
            self.stderr.write(f"  {row.site}{row.path}  {row.error}")
        if failed > FAILURES_SHOWN:
            self.stderr.write(f"  ……另有 {failed - FAILURES_SHOWN} 个,错误记录在静态页面表(publishing.PageFile)中。")


def pages_write(site, processes, progress=None):
    """Write every waiting page of `site` (None: of every site) in `processes` processes, each its
    share of the pages (publishing.services.pages_publish_waiting's shard).
    Returns (written, failed)."""
    if processes == 1:
        return pages_publish_waiting(site, progress=progress, batch_size=REBUILD_BATCH)
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    results = context.Queue()
    # A forked process must not share the parent's database connections.
    connections.close_all()
    workers = [
        context.Process(target=_shard_write, args=(site, (index, processes), counter, results), daemon=True)
        for index in range(processes)
    ]
    for worker in workers:
        worker.start()
    shown = 0
    totals = []
    while len(totals) < processes:
        try:
            totals.append(results.get(timeout=0.2))
        except Exception:  # queue.Empty: nothing finished yet
            if not any(worker.is_alive() for worker in workers) and results.empty():
                break
        if progress and counter.value > shown:
            progress(counter.value - shown)
            shown = counter.value
    for worker in workers:
        worker.join()
    if progress and counter.value > shown:
        progress(counter.value - shown)
    crashed = [worker.exitcode for worker in workers if worker.exitcode != 0]
    if crashed or len(totals) < processes:
        raise CommandError(f"写出页面的进程异常退出(退出码 {crashed}),未写出的页面仍在队列中,可再次执行。")
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


# Database connections a forked writer inherited from the parent, kept
# referenced so that they are never closed (nor garbage-collected, which
# closes them) here: the socket is the parent's.
_inherited = []


def _shard_write(site, shard, counter, results):
    # The parent closed its connections before forking, unless it was inside
    # a transaction (Django then keeps them open): either way this process
    # opens its own on its first query.
    for connection in connections.all():
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None

    def progress(count):
        with counter.get_lock():
            counter.value += count

    try:
        results.put(pages_publish_waiting(site, shard=shard, progress=progress, batch_size=REBUILD_BATCH))
    finally:
        connections.close_all()

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.models import ExportFormat
from archive.selection import STATUS_CHOICES, ExportInputError, articles_selected, filters_parse, format_parse
from archive.services import archive_export, export_file_name


class Command(BaseCommand):
    help = "导出文章档案:CSV/XLSX/JSON 清单,或 BagIt 归档包(ZIP,含网页、PDF、WARC)。每次导出都记入导出记录。"

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="KEY", help="导出哪个站点(站点标识,如 galutu);不填为默认站点")
        parser.add_argument("--since", metavar="DATE", help="发布日期起(含),YYYY-MM-DD")
        parser.add_argument("--until", metavar="DATE", help="发布日期止(含),YYYY-MM-DD")
        parser.add_argument(
            "--column", metavar="SLUG", action="append", default=[], help="栏目网址标识,含下级栏目;可重复"
        )
        parser.add_argument(
            "--status",
            default="published",
            help=f"文章状态:{'、'.join(value for value, _ in STATUS_CHOICES)}(默认 published,即公众可见的文章)",
        )
        parser.add_argument("--keyword", default="", help="标题或正文包含的关键词")
        parser.add_argument("--format", default=ExportFormat.CSV, help=f"{'|'.join(ExportFormat.values)}(默认 csv)")
        parser.add_argument("--out", metavar="PATH", help="输出文件;默认在当前目录按时间命名")
        parser.add_argument("--no-pdf", action="store_true", help="归档包不生成 PDF(快得多)")
        parser.add_argument("--user", metavar="USERNAME", help="记入导出记录的用户名(默认记系统用户)")

    def handle(self, *args, **options):
        try:
            fmt = format_parse(options["format"])
            filters = filters_parse(
                site=options["site"],
                since=options["since"],
                until=options["until"],
                columns=options["column"],
                status=options["status"],
                keyword=options["keyword"],
            )
        except ExportInputError as error:
            raise CommandError(str(error), returncode=2) from None
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有这个用户:{options['user']}", returncode=2)
        out = Path(options["out"] or export_file_name(fmt, site_key=filters.site))
        if out.is_dir():
            out = out / export_file_name(fmt, site_key=filters.site)
        if not out.parent.is_dir():
            raise CommandError(f"输出目录不存在:{out.parent}", returncode=2)
        on_terminal = sys.stderr.isatty()
        total = articles_selected(filters).count() if on_terminal else None
        with tqdm(total=total, unit="篇", disable=not on_terminal, file=sys.stderr) as bar:
            try:
                result = archive_export(
                    filters=filters,
                    fmt=fmt,
                    out=out,
                    user=user,
                    via="command",
                    with_pdf=not options["no_pdf"],
                    progress=bar.update,
                )
            except OSError as error:
                raise CommandError(f"写入失败,未留下不完整的文件:{error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {result.count} 篇文章到 {result.path}({result.size} 字节)\nSHA-256: {result.sha256}"
            )
        )

import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.bag import bag_verify


class Command(BaseCommand):
    help = (
        "校验归档包:逐一核对每个文件的 SHA-256,以及有无文件被增删。完好时退出码 0。"
        "按包内清单判断内容,重新压缩过的包(如 Windows 下以 GBK 文件名压缩)同样可以校验。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="归档包 ZIP 文件,或解压后的目录")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"找不到文件:{path}", returncode=2)
        if path.is_file() and not zipfile.is_zipfile(path):
            raise CommandError(f"不是 ZIP 文件:{path}", returncode=2)
        try:
            report = bag_verify(path)
        except zipfile.BadZipFile as error:
            raise CommandError(f"ZIP 文件已损坏,无法读取目录:{error}", returncode=1) from None
        for label, names in (("已修改", report.changed), ("已删除", report.removed), ("多出", report.added)):
            for name in names:
                self.stderr.write(f"{label}: {name}")
        for problem in report.problems:
            self.stderr.write(f"问题: {problem}")
        if not report.intact:
            total = len(report.changed) + len(report.removed) + len(report.added) + len(report.problems)
            raise CommandError(f"校验未通过:{path} 有 {total} 处不符。", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"校验通过:{path} 的 {report.files_checked} 个文件完好。"))

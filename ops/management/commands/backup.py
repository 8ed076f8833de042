from django.core.management.base import BaseCommand

from ops.backups import backup_create


class Command(BaseCommand):
    help = "备份数据库(全部应用的数据)和上传的文件,生成 var/backups/portal-日期-时间.tar.gz。"

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="destination", help="备份目录(默认 BACKUP_DIR,即 var/backups)")

    def handle(self, *args, destination=None, **options):
        archive = backup_create(destination=destination)
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"备份完成:{archive}({size:.1f} MB)"))

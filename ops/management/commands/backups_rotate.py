from django.conf import settings
from django.core.management.base import BaseCommand

from ops.retention import backup_archives, backups_rotate


class Command(BaseCommand):
    help = "按保留规则删除旧备份:保留最近 BACKUP_KEEP_DAILY 天、BACKUP_KEEP_WEEKLY 周、BACKUP_KEEP_MONTHLY 个月中每期最新的一个。"

    def add_arguments(self, parser):
        parser.add_argument("--dir", dest="directory", help="备份目录(默认 BACKUP_DIR)")

    def handle(self, *args, directory=None, **options):
        deleted = backups_rotate(directory=directory)
        kept = len(backup_archives(directory))
        self.stdout.write(
            f"保留 {kept} 个备份,删除 {len(deleted)} 个(每日 {settings.BACKUP_KEEP_DAILY}、每周 "
            f"{settings.BACKUP_KEEP_WEEKLY}、每月 {settings.BACKUP_KEEP_MONTHLY})。"
        )

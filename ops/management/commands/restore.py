from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup_restore, latest_backup, manifest_file_count


class Command(BaseCommand):
    help = "从 make backup 生成的备份恢复数据库和全部文件(图片和附件,默认恢复到空数据库)。"

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="备份文件;省略则用 BACKUP_DIR 中最新的一个")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时,先清空再恢复")

    def handle(self, *args, archive=None, replace=False, **options):
        archive = archive or latest_backup()
        if archive is None:
            raise CommandError("没有找到备份文件。")
        try:
            manifest = backup_restore(archive=archive, replace=replace, warn=self.stderr.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {archive} 恢复 {rows} 条记录、{manifest_file_count(manifest)} 个文件(图片和附件),并逐项核对无误。"
            )
        )

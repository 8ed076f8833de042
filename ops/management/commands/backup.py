from django.core.management.base import BaseCommand

from ops.backups import backup_create, referenced_files_missing


class Command(BaseCommand):
    help = "备份数据库(全部应用的数据)和全部文件(图片和附件),生成 var/backups/portal-日期-时间.tar.gz。"

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="destination", help="备份目录(默认 BACKUP_DIR,即 var/backups)")

    def handle(self, *args, destination=None, **options):
        archive = backup_create(destination=destination)
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"备份完成:{archive}({size:.1f} MB)"))
        missing = referenced_files_missing()
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    f"注意:有 {len(missing)} 个文件在服务器上已经找不到,未能备份:\n" + "\n".join(missing[:20])
                )
            )

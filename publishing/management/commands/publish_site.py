from django.core.management.base import BaseCommand

from publishing.services import pages_publish_waiting, site_publish_queue
from publishing.sites import DEFAULT_SITE, site_keys


class Command(BaseCommand):
    help = "重新生成静态发布目录中的全部页面(网站运行时可以执行)"

    def add_arguments(self, parser):
        parser.add_argument("--site", choices=site_keys(), default=DEFAULT_SITE, help="站点")

    def handle(self, *args, site, verbosity, **options):
        queued = site_publish_queue(site, publish=False)
        written, failed = pages_publish_waiting(site)
        if verbosity:
            self.stdout.write(f"已写出 {written} 个页面(共 {queued} 个),失败 {failed} 个。")
        if failed:
            raise SystemExit(1)

from django.core.management.base import BaseCommand

from news.demo import demo_load


class Command(BaseCommand):
    help = "载入演示内容:栏目树和苏力德苏木的示例文章(可重复运行)。"

    def handle(self, *args, **options):
        created = demo_load()
        if created:
            self.stdout.write(
                self.style.SUCCESS("演示内容已载入。请在后台「站点设置」中填写真实的备案号和网站标识码。")
            )
        else:
            self.stdout.write("演示内容已存在,未作改动。")

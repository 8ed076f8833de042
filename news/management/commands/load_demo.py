from django.core.management.base import BaseCommand

from news.demo import demo_load


class Command(BaseCommand):
    help = "载入演示内容:乌审旗门户和苏力德苏木、嘎鲁图镇两个乡镇站点,各自的栏目和示例文章(可重复运行)。"

    def handle(self, *args, **options):
        created = demo_load()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    "演示内容已载入:乌审旗门户 http://127.0.0.1:8000/,苏力德苏木 /site/sulide/,嘎鲁图镇 /site/galutu/。"
                    "请在后台「站点」中填写各站点真实的备案号和网站标识码。"
                )
            )
        else:
            self.stdout.write("演示内容已存在,未作改动。")

"""Write the missing srcset copies of stored photos, e.g. for covers uploaded
before renditions existed or after IMAGE_RENDITION_WIDTHS changed, and give
article bodies their srcset again."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from PIL import Image

from news.media.images import rendition_name, rendition_widths, renditions_create
from news.models import Article


def missing_renditions(name):
    with default_storage.open(name) as stored:
        width = Image.open(stored).width
    return any(not default_storage.exists(rendition_name(name, w)) for w in rendition_widths(width))


class Command(BaseCommand):
    help = "为已保存的封面和正文图片补齐不同宽度的副本(srcset)"

    def handle(self, *args, **options):
        made = 0
        for article in Article.objects.exclude(cover_image="").iterator():
            name = article.cover_image.name
            if not default_storage.exists(name):
                self.stderr.write(f"文章 {article.pk} 的封面文件不存在:{name}")
                continue
            if missing_renditions(name):
                renditions_create(name=name)
                made += 1
            if article.cover_width is None:
                article.save()  # the ImageField fills cover_width/cover_height
        for article in Article.objects.filter(body__contains="/editor/").iterator():
            article.save()  # rewrites srcset for the body images
        self.stdout.write(f"补齐了 {made} 张封面的副本。")

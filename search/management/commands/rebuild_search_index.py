import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.models import Article
from search.indexing import index_rebuild


class Command(BaseCommand):
    help = "重建站内搜索索引(切词并索引全部文章),显示进度条。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批索引的文章篇数")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("批量大小必须是正整数。")
        total = Article.objects.count()
        with tqdm(total=total, unit="篇", desc="重建索引", file=sys.stderr, disable=options["verbosity"] < 1) as bar:
            done = index_rebuild(batch_size=batch_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"已重建搜索索引:{done} 篇文章。"))

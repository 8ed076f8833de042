import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from news.bench_data import bench_articles_seed


class Command(BaseCommand):
    help = "生成 N 篇已发布的中文测试文章,供性能测试使用。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="文章篇数")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count, batch_size, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("篇数和批量大小必须是正整数。")
        with tqdm(total=count, unit="篇", disable=not sys.stderr.isatty()) as bar:
            made = bench_articles_seed(count, batch_size=batch_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"已生成 {made} 篇文章。"))

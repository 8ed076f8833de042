"""Realistic Chinese articles in bulk, for benchmarks: built from the seed
article's own sentences and a bank of township news phrases."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from .content_version import content_version_bump
from .demo import demo_load, read_seed_article, township_site
from .models import Article, ArticleStatus, Column, ColumnType, IndexNumberCounter

PLACES = ["苏力德苏木", "查汗庙嘎查", "沙尔利格嘎查", "巴音温都尔嘎查", "陶尔庙嘎查", "额尔和图嘎查", "苏力德社区"]
TOPICS = [
    "铸牢中华民族共同体意识",
    "人居环境整治",
    "防汛抗旱",
    "秸秆禁烧",
    "农牧业技术培训",
    "基层党建",
    "乡村振兴",
    "安全生产大检查",
    "森林草原防火",
    "医疗保障政策宣讲",
    "就业创业服务",
    "民族团结进步创建",
    "矛盾纠纷排查化解",
    "疫苗接种",
    "惠民惠农补贴发放",
]
ACTIONS = ["扎实开展", "召开", "部署推进", "深入开展", "举办", "组织开展", "全力推进", "启动"]
KINDS = ["工作", "专题会议", "宣传活动", "培训班", "现场推进会", "集中行动", "志愿服务活动"]


def _sentences():
    seed = read_seed_article()
    text = "".join(p for is_heading, p in seed.paragraphs if not is_heading)
    return [s + "。" for s in text.split("。") if len(s) > 10]


def bench_articles_seed(count, *, batch_size=2000, progress=None, rng=None):
    """Add `count` published articles spread over the last five years."""
    rng = rng or random.Random(20240607)
    demo_load()
    site = township_site()  # one site of many: 苏力德苏木's
    columns = list(Column.objects.filter(site=site).exclude(column_type=ColumnType.SECTION))
    prefix = site.index_prefix or site.site_id_code or "000000000"
    source = site.source
    sentences = _sentences()
    now = timezone.now()
    counters = {c.year: c for c in IndexNumberCounter.objects.filter(prefix=prefix)}
    made = 0
    while made < count:
        batch = []
        for _ in range(min(batch_size, count - made)):
            published_at = now - timedelta(seconds=rng.randint(3600, 5 * 365 * 24 * 3600))
            year = timezone.localtime(published_at).year
            counter = counters.get(year) or IndexNumberCounter(prefix=prefix, year=year, last_number=0)
            counters[year] = counter
            counter.last_number += 1
            place, topic = rng.choice(PLACES), rng.choice(TOPICS)
            title = f"{place}{rng.choice(ACTIONS)}{topic}{rng.choice(KINDS)}"
            paragraphs = [
                "".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 8))
            ]
            body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
            batch.append(
                Article(
                    column=rng.choice(columns),
                    title=title,
                    source=source,
                    author=rng.choice(["茜沁", "王敏", "其其格", "李娜", "乌日娜"]),
                    published_at=published_at,
                    body=body,
                    summary=paragraphs[0][:150],
                    status=ArticleStatus.PUBLISHED,
                    index_number=f"{prefix}/{year}-{counter.last_number:05d}",
                    view_count=rng.randint(0, 3000),
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(batch)
            for counter in counters.values():
                if counter.pk:
                    counter.save(update_fields=["last_number"])
                else:
                    counter.save()
        made += len(batch)
        if progress:
            progress(len(batch))
    content_version_bump()
    return made

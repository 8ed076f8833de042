"""Site search speed with 100,000 articles on PostgreSQL, measured through
the search page (Django's test Client: URL routing, form, query, templates).

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/search_bench.py [--articles 100000]

Seeds the articles missing (`seed_bench`), rebuilds the index (timed), then
requests the results page for one-, two- and ten-word queries and prints
p50/p95/max per group. Every request carries a unique parameter, so the page
cache never answers: the figures are for a query no one has asked before."""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from news.models import Article  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import figure  # noqa: E402

ONE_WORD = [
    "统战",
    "教育",
    "嘎查",
    "防汛抗旱",
    "乡村振兴",
    "民族团结",
    "秸秆",
    "疫苗",
    "苏力德苏木",
    "培训班",
    "2024",
    "茜沁",
]
TWO_WORDS = [
    "统战 工作",
    "教育 培训",
    "嘎查 防火",
    "乡村振兴 会议",
    "民族团结 创建",
    "秸秆 禁烧",
    "疫苗 接种",
    "安全生产 检查",
    "医疗保障 宣讲",
    "就业 创业",
    "矛盾纠纷 排查",
    "人居环境 整治",
]
# Ten-word queries are drawn from real seeded articles (see ten_word_queries):
# words a resident might copy from a story they half remember, so they find it.
TEN_WORD_SOURCES = 6


COUNT = re.compile(r'class="result-count">(\d+)<')


def ten_word_queries(count, rng_seed=20240607):
    """`count` queries of ten distinct words (two characters or more) taken, in
    order, from the title and body of articles picked at random."""
    import random

    from news.media.html import text_of
    from search import segmentation

    rng = random.Random(rng_seed)
    ids = list(Article.objects.published().values_list("id", flat=True))
    queries = []
    for article in Article.objects.filter(id__in=rng.sample(ids, count)).order_by("id"):
        words = list(
            dict.fromkeys(w for w in segmentation.words(article.title + " " + text_of(article.body)) if len(w) > 1)
        )
        picked = sorted(rng.sample(range(len(words)), 10))
        queries.append(" ".join(words[n] for n in picked))
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, queries, rounds, sort):
    timings, hits = [], {}
    nonce = 0
    for _ in range(rounds):
        for q in queries:
            nonce += 1
            started = time.perf_counter()
            response = client.get("/search/", {"q": q, "sort": sort, "_": nonce}, HTTP_HOST="localhost")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            hits[q] = int(COUNT.search(response.content.decode()).group(1))
    return timings, hits


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10, help="requests per query")
    parser.add_argument("--skip-rebuild", action="store_true", help="keep the index as it is")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL=postgres://…")

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the page links hashed static files
    missing = args.articles - Article.objects.count()
    if missing > 0:
        print(f"seeding {missing} articles…", flush=True)
        call_command("seed_bench", missing)
    if not args.skip_rebuild:
        started = time.perf_counter()
        call_command("rebuild_search_index", verbosity=0)
        seconds = time.perf_counter() - started
        print(f"index rebuilt: {Article.objects.count()} articles in {seconds:.0f} s")
        figure("rebuild_search_index, all articles", f"{seconds:.0f}", "s", f"{Article.objects.count()} articles")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_entry'))")
        print(f"articles: {Article.objects.count()}, index table with GIN index: {cursor.fetchone()[0]}")

    client = Client()
    TEN_WORDS = ten_word_queries(TEN_WORD_SOURCES)
    print("ten-word queries:\n  " + "\n  ".join(TEN_WORDS))
    measure(client, ONE_WORD + TWO_WORDS + TEN_WORDS, 1, "relevance")  # warm up connection and caches
    print(f"\n{'group':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target p95")
    for sort in ("relevance", "date"):
        for name, queries, target in (
            ("1 word", ONE_WORD, 50),
            ("2 words", TWO_WORDS, 50),
            ("10 words", TEN_WORDS, 100),
        ):
            timings, hits = measure(client, queries, args.rounds, sort)
            p95 = percentile(timings, 0.95)
            verdict = "ok" if p95 < target else "MISSED"
            figure(
                f"search page p95, {name}, by {sort}",
                f"{p95:.0f}",
                "ms",
                f"p50 {statistics.median(timings):.0f} ms, {len(timings)} requests, target < {target} ms",
            )
            print(
                f"{name + ', ' + sort:<22}{len(timings):>9}{statistics.median(timings):>9.1f}{p95:>9.1f}"
                f"{max(timings):>9.1f}  < {target} ms {verdict}"
            )
            if sort == "relevance":
                print("    hits: " + ", ".join(f"{q[:12]}={n}" for q, n in hits.items()))


if __name__ == "__main__":
    main()

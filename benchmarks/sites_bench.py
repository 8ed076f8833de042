"""Many sites against one: do public pages slow down when the articles are
spread over many sites (集约化) instead of one?

Builds two databases: (a) one site of N articles, (b) S sites with the
same column tree and N/S articles each (defaults 100,000 and 50; the
databases are kept and reused). On each, through Django's test client
(no network), times the home page, a column's first page, a deep page of
it (its middle), an article and a search, rendered every time (dummy
cache) and served from the page cache (locmem), and prints the median ms
per page and the ratio (b) ÷ (a): the issue's target is ≤ 1.10. In (b)
the pages are of one site, reached by its host name (host routing).

    .venv/bin/python benchmarks/sites_bench.py --articles 2000 --sites 5   # quick check
    .venv/bin/python benchmarks/sites_bench.py                             # the real figure
"""

import argparse
import json

from common import articles_ensure, bench_env, django_value, figure, manage

PAGES = ("home", "column p1", "column deep", "article", "search")

# Run inside the benchmark database's Django (manage.py shell), once the N
# articles are seeded into the first site: S - 1 more sites, each a copy of
# the first site's column tree (slugs alike, as townships' trees are), and
# the articles dealt out by id over the sites, into the same column's copy.
SITES_CODE = """
from django.db.models import Count
from django.db.models.functions import Mod
from news.content_version import content_version_bump
from news.models import Article, Column, Site
# The seeded site (苏力德苏木's; the demo's other sites have a few articles).
first = Site.objects.annotate(n=Count("columns__articles")).order_by("-n").first()
for number in range(2, {sites} + 1):
    site = Site.objects.create(key=f"town{{number}}", site_name=f"第{{number}}镇人民政府",
        domain=f"town{{number}}.example.gov.cn", organiser=f"第{{number}}镇人民政府")
    copies = {{}}
    for column in Column.objects.filter(site=first).order_by("parent_id", "id"):
        old_id = column.pk
        column.pk = None
        column.site = site
        column.parent_id = copies.get(column.parent_id)
        column.save()
        copies[old_id] = column.pk
    dealt = Article.objects.annotate(share=Mod("id", {sites})).filter(share=number - 1)
    for old_id, new_id in copies.items():
        Article.objects.filter(pk__in=dealt.filter(column_id=old_id).values("pk")).update(column_id=new_id)
content_version_bump()
print(Site.objects.count())
"""

# Run inside Django: time the pages of the last town made in (b), of the
# site with the most articles in (a); print {page: median ms} as JSON.
TIMING_CODE = """
import json, statistics, time
from django.db.models import Count
from django.test import Client
from news.models import Article, Column, Site
site = Site.objects.filter(key="town{sites}").first() or (
    Site.objects.annotate(n=Count("columns__articles")).order_by("-n").first())
published = Article.objects.published().filter(column__site=site)
column = (Column.objects.filter(site=site).annotate(n=Count("articles")).order_by("-n").first())
count = published.filter(column=column).count()
article = published.filter(column=column).order_by("-published_at")[count // 2]
word = article.title[:4]
pages = {{
    "home": "/",
    "column p1": column.get_absolute_url(),
    "column deep": f"{{column.get_absolute_url()}}?page={{max(1, count // 20 // 2)}}",
    "article": article.get_absolute_url(),
    "search": f"/search/?q={{word}}",
}}
client = Client(HTTP_HOST=site.domain)
result = {{"site": site.key, "site_articles": published.count(), "sites": Site.objects.count()}}
for name, path in pages.items():
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range({repeat}):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    result[name] = statistics.median(times)
print(json.dumps(result))
"""


def prepare(env, articles, sites):
    """Seed `articles` into env's database and spread them over `sites`
    sites (once: a database that has them is reused)."""
    setup_env = dict(env, DB_STATEMENT_TIMEOUT_MS="0")
    manage(setup_env, "migrate", "--noinput", "-v", "0")
    code = "from news.models import Article, Site; print(Site.objects.count(), Article.objects.count())"
    have_sites, have_articles = map(int, django_value(env, code).split())
    if have_sites >= sites > 1 or (sites == 1 and have_articles >= articles):
        return  # built by an earlier run (the demo loader no longer runs on copied slugs)
    articles_ensure(env, articles)
    if sites > 1:
        django_value(setup_env, SITES_CODE.format(sites=sites))
    manage(setup_env, "rebuild_search_index")


def timings(env, repeat, sites):
    out = {}
    for cache_name, cache_url in (("rendered", "dummy://"), ("cached", "locmem://")):
        # The test client asks for the demo site's domain in (a), a town's in (b).
        page_env = dict(env, CACHE_URL=cache_url, ALLOWED_HOSTS="*")
        text = django_value(page_env, TIMING_CODE.format(repeat=repeat, sites=sites))
        out[cache_name] = json.loads(text.splitlines()[-1])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page (the median is printed)")
    args = parser.parse_args()

    one = bench_env(f"sites_bench_1x{args.articles}.sqlite3")
    many = bench_env(f"sites_bench_{args.sites}x{args.articles}.sqlite3")
    if "sqlite" not in one["DATABASE_URL"]:
        raise SystemExit("sites_bench.py builds two databases: run it on SQLite (no DATABASE_URL)")
    prepare(one, args.articles, 1)
    prepare(many, args.articles, args.sites)
    a, b = timings(one, args.repeat, 0), timings(many, args.repeat, args.sites)

    print(
        f"\n(a) 1 site of {a['rendered']['site_articles']} articles; "
        f"(b) {b['rendered']['sites']} sites, the measured one ({b['rendered']['site']}) of "
        f"{b['rendered']['site_articles']} articles; median of {args.repeat} requests, Django test client"
    )
    print(f"{'page':<14}{'mode':<10}{'(a) ms':>9}{'(b) ms':>9}{'(b)÷(a)':>9}")
    worst = 0.0
    for mode in ("rendered", "cached"):
        for name in PAGES:
            ms_a, ms_b = a[mode][name], b[mode][name]
            ratio = ms_b / ms_a if ms_a else float("inf")
            worst = max(worst, ratio)
            print(f"{name:<14}{mode:<10}{ms_a:>9.2f}{ms_b:>9.2f}{ratio:>9.2f}")
            figure(f"{name}, {mode}, {args.sites} sites ÷ 1 site", f"{ratio:.2f}", "×", f"{ms_a:.1f} → {ms_b:.1f} ms")
    verdict = "within" if worst <= 1.10 else "NOT within"
    print(f"worst ratio {worst:.2f}: {verdict} the 10 % target")


if __name__ == "__main__":
    main()

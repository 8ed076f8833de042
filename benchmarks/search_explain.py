"""EXPLAIN ANALYZE of every statement the search page sends to PostgreSQL,
for a few query shapes, to check the plans behind search_bench.py's figures.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/search_explain.py [q …] [--full]

Each statement the search backend runs for a results page (count, ranked ids)
is executed once normally (its answer is kept, so the page goes on as usual)
and once under EXPLAIN (ANALYZE, BUFFERS); the plan's main nodes are printed,
or the whole plan with --full."""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from search.backends.base import SearchBackend  # noqa: E402

SHAPES = [
    "统战",
    "2024",
    "茜沁",
    "乡村振兴 会议",
    '"人居环境整治"',
    "嘎查 农牧民 技术 培训 乡村振兴 基层 党建 工作 会议 召开",
]
KEY = re.compile(
    r"(Limit|Sort|Nested Loop|Hash Join|Merge Join|Bitmap|Index|Seq Scan|Execution Time|Planning Time|Rows Removed)"
)


def explaining(full):
    original = SearchBackend.fetch

    def fetch(sql, params):
        setting, _, query = sql.rpartition("; ")  # SET LOCAL …; SELECT …
        with transaction.atomic(), connection.cursor() as cursor:
            if setting:
                cursor.execute(setting)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
            plan = [row[0] for row in cursor.fetchall()]
        print("  --", sql[:160].replace("\n", " "), "…" if len(sql) > 160 else "")
        for line in plan:
            if full or KEY.search(line):
                print("    " + line[:200])
        return original(sql, params)

    SearchBackend.fetch = staticmethod(fetch)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("queries", nargs="*", default=SHAPES)
    parser.add_argument("--sort", default="relevance")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this against PostgreSQL: set DATABASE_URL=postgres://…")
    explaining(args.full)
    client = Client()
    for n, q in enumerate(args.queries):
        print(f"\n== {q} ({args.sort})")
        response = client.get("/search/", {"q": q, "sort": args.sort, "_": f"explain{n}"}, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()

"""`make bench`: every benchmark script against one database, seeded once,
and one table of the figures they printed, with the machine, the database,
the size and the date.

    make bench                                   # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://…/bench make bench   # PostgreSQL
    BENCH_ARTICLES=20000 make bench              # another size (default 100,000)
    BENCH_ONLY=export,health make bench          # some of the scripts

The articles are seeded once per database (`seed_bench`) and reused by later
runs. Each figure carries the load average (1, 5, 15 min) when it was taken:
on a shared machine wall-clock figures are only as good as that.

Not run here: load_bench.py stops and starts its own PostgreSQL cluster to
inject a fault, and search_explain.py prints query plans, not figures."""

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime

from common import PYTHON, ROOT, articles_ensure, bench_env, django_value

HERE = ROOT / "benchmarks"
# (key, script, arguments, PostgreSQL only)
SCRIPTS = [
    ("export", "export_bench.py", [], False),
    ("health", "health_bench.py", [], False),
    ("portal", "portal_bench.py", ["--seconds", "8"], False),
    ("publish", "publish_bench.py", ["--seconds", "8"], False),
    ("search", "search_bench.py", ["--rounds", "5"], True),
    ("wording", "wording_check.py", ["--no-baseline"], False),
    ("image", "image_bench.py", [], False),
]
SIZED = {"export", "health", "portal", "publish", "search"}


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.node()}, {os.cpu_count()} cores {model}, Python {platform.python_version()}"


def main():
    articles = int(os.environ.get("BENCH_ARTICLES", "100000"))
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    env = bench_env("bench.sqlite3")
    started = time.perf_counter()
    try:
        before = int(django_value(env, "from news.models import Article; print(Article.objects.count())"))
    except subprocess.CalledProcessError:  # a new database, not migrated yet
        before = 0
    have = articles_ensure(env, articles)
    seeded = have - before
    seconds = time.perf_counter() - started
    vendor = env["DATABASE_URL"].split("://")[0]
    version = django_value(
        env,
        "from django.db import connection; connection.ensure_connection(); "
        "print(connection.vendor, '.'.join(map(str, connection.Database.sqlite_version_info)) "
        "if connection.vendor == 'sqlite' else connection.pg_version)",
    )
    print(f"prepared {have} articles on {version} in {time.perf_counter() - started:.0f} s", flush=True)

    run_env = dict(env, BENCH_PREPARED=str(articles))
    figures = []
    if seeded > 0:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        figures.append(
            ("seed", f"seed_bench {seeded} articles (with migrate, collectstatic)", f"{seconds:.0f}", "s", "", load)
        )
    for key, script, extra, postgres_only in SCRIPTS:
        if only and key not in only:
            continue
        if postgres_only and not vendor.startswith("postgres"):
            print(f"\n== {script}: skipped (PostgreSQL only)", flush=True)
            continue
        args = [PYTHON, str(HERE / script), *extra, *(["--articles", str(articles)] if key in SIZED else [])]
        print(f"\n== {script} {' '.join(extra)}", flush=True)
        script_env = run_env if key in SIZED else dict(run_env, DJANGO_SETTINGS_MODULE="portal.settings.test")
        process = subprocess.Popen(args, cwd=ROOT, env=script_env, stdout=subprocess.PIPE, text=True)
        for line in process.stdout:
            if line.startswith("FIGURE\t"):
                _, name, value, unit, note, load = line.rstrip("\n").split("\t")
                figures.append((key, name, value, unit, note, load))
            else:
                print(line, end="", flush=True)
        if process.wait() != 0:
            figures.append((key, f"{script} failed (exit {process.returncode})", "—", "", "", ""))

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n## make bench: {when}")
    print(f"machine: {machine()}")
    print(f"database: {version}, {articles:,} articles; DEBUG off; load average = 1/5/15 min when taken\n")
    print("| script | figure | value | unit | details | load average |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key, name, value, unit, note, load in figures:
        print(f"| {key} | {name} | {value} | {unit} | {note} | {load} |")
    return 0 if all(value != "—" for _, _, value, *_ in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

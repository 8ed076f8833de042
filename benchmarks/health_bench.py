"""Site health check speed: `check_site --no-external` over N articles.

Seeds N published articles (once) into its own database, var/health-bench.sqlite3
unless DATABASE_URL is set, then runs the whole check as cron would and prints
the wall time, the time of each part and what it found."""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=not capture, capture_output=capture, text=True
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.dev", DEBUG="0")
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'health-bench.sqlite3'}")
    (ROOT / "var").mkdir(exist_ok=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    count = manage(env, "shell", "-v", "0", "-c", "from news.models import Article; print(Article.objects.count())",
                   capture=True)  # fmt: skip
    have = int(count.stdout.strip())
    if have < args.articles:
        started = time.perf_counter()
        manage(env, "seed_bench", str(args.articles - have))
        print(f"seeded {args.articles - have} articles in {time.perf_counter() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    database = env["DATABASE_URL"].split("://")[0]
    print(f"\ncheck_site --no-external over {args.articles} articles, {database}, {os.cpu_count()} cores")
    print(f"{'run':<5}{'wall s':>8}{'columns':>9}{'scan':>8}{'links':>8}{'exit':>6}{'findings':>10}{'articles':>10}")
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        result = manage(env, "check_site", "--no-external", "--format", "json", capture=True)
        wall = time.perf_counter() - started
        if result.returncode not in (0, 1):
            print(result.stderr)
            raise SystemExit("check_site failed")
        report = json.loads(result.stdout)
        seconds = report["stats"]["seconds"]
        print(
            f"{run:<5}{wall:>8.1f}{seconds['columns']:>9.2f}{seconds['content_scan']:>8.2f}{seconds['links']:>8.2f}"
            f"{result.returncode:>6}{len(report['findings']):>10}{report['stats']['articles_scanned']:>10}"
        )
    print(f"verdict: {report['verdict']['label']} ({report['verdict']['score']})")


if __name__ == "__main__":
    main()

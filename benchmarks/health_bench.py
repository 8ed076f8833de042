"""Site health check speed: `check_site --no-external` over N articles.

Seeds N published articles (once) into its own database, var/health-bench.sqlite3
unless DATABASE_URL is set, then runs the whole check as cron would and prints
the wall time, the time of each part and what it found."""

import argparse
import json
import os
import resource
import subprocess
import time

from common import PYTHON, ROOT, articles_ensure, bench_env, figure


def check_site(env):
    """check_site's JSON report, and the CPU seconds of its process; its exit
    status is 0 or 1 by design, not an error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [PYTHON, "manage.py", "check_site", "--no-external", "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    env = bench_env("health-bench.sqlite3")
    articles_ensure(env, args.articles)

    database = env["DATABASE_URL"].split("://")[0]
    print(f"\ncheck_site --no-external over {args.articles} articles, {database}, {os.cpu_count()} cores")
    print(
        f"{'run':<5}{'wall s':>8}{'CPU s':>7}{'columns':>9}{'scan':>8}{'links':>8}{'exit':>6}{'findings':>10}{'articles':>10}"
    )
    best = None
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        result, cpu = check_site(env)
        wall = time.perf_counter() - started
        if result.returncode not in (0, 1):
            print(result.stderr)
            raise SystemExit("check_site failed")
        report = json.loads(result.stdout)
        seconds = report["stats"]["seconds"]
        best = min(best or (wall, cpu), (wall, cpu))
        print(
            f"{run:<5}{wall:>8.1f}{cpu:>7.1f}{seconds['columns']:>9.2f}{seconds['content_scan']:>8.2f}{seconds['links']:>8.2f}"
            f"{result.returncode:>6}{len(report['findings']):>10}{report['stats']['articles_scanned']:>10}"
        )
    print(f"verdict: {report['verdict']['label']} ({report['verdict']['score']})")
    figure(
        "check_site --no-external",
        f"{best[0]:.1f}",
        "s wall",
        f"best of {args.runs}, {best[1]:.1f} CPU s, {report['stats']['articles_scanned']} articles scanned",
    )


if __name__ == "__main__":
    main()

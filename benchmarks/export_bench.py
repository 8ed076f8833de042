"""Archive export speed and memory, on a database of N seeded articles.

Seeds N articles (once; later runs reuse them) with `seed_bench`, then runs
`manage.py export_archive` as a separate process for each case and prints
articles/s and that process's peak resident memory (from wait4's rusage):

- CSV listing of every article;
- archive package without PDF, on a sample of about --sample articles;
- archive package with PDF, on a sample of about --pdf-sample articles.

Each run ends with verify_archive on the package, so a fast broken package
does not count.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, articles_ensure, bench_env, django_value, figure


def measured(env, *args):
    """Run a manage.py command; return (seconds, CPU seconds, peak RSS in MB, stdout).
    CPU and memory are the command's own process; PDF worker processes, its
    children, are not counted in either."""
    started = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out:
        process = subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({process.returncode}): {process.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def exported_count(output):
    return int(re.search(r"已导出 (\d+) 篇", output).group(1))


def sample_until(env, size):
    """The publication date that bounds roughly the `size` oldest articles."""
    code = (
        "from django.utils import timezone; from news.models import Article; "
        f"a = Article.objects.published().order_by('published_at', 'id')[{size - 1}:{size}].get(); "
        "print(timezone.localtime(a.published_at).date())"
    )
    return django_value(env, code)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000, help="articles in the package sample without PDF")
    parser.add_argument("--pdf-sample", type=int, default=50, help="articles in the package sample with PDF")
    parser.add_argument("--only", choices=["csv", "package", "pdf"], help="run one case only")
    args = parser.parse_args()

    env = bench_env("bench.sqlite3")
    have = articles_ensure(env, args.articles)
    database = env["DATABASE_URL"].split("://")[0]
    print(f"database: {database}, {have} articles; figures include process start-up")
    print(f"load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory(prefix="export-bench-") as out:
        if args.only in (None, "csv"):
            seconds, cpu, peak, output = measured(env, "export_archive", "--format", "csv", "--out", f"{out}/all.csv")
            count = exported_count(output)
            print(
                f"CSV listing:           {count:>7} articles {seconds:7.1f} s {count / seconds:9.0f} rows/s "
                f"({count / cpu:.0f} per CPU second)  peak {peak:6.0f} MB"
            )
            figure(
                "export CSV listing, all articles",
                f"{count / seconds:.0f}",
                "rows/s",
                f"{count} rows in {seconds:.1f} s, {count / cpu:.0f} rows per CPU s, peak {peak:.0f} MB",
            )

        cases = [
            ("package", "package without PDF", args.sample, ["--no-pdf"]),
            ("pdf", "package with PDF", args.pdf_sample, []),
        ]
        for case, label, size, pdf_flag in cases:
            if args.only not in (None, case):
                continue
            until = sample_until(env, size)
            path = f"{out}/{size}.zip"
            seconds, cpu, peak, output = measured(
                env, "export_archive", "--format", "package", "--until", until, "--out", path, *pdf_flag
            )
            count = exported_count(output)
            megabytes = Path(path).stat().st_size / 1e6
            verify_seconds, _, _, _ = measured(env, "verify_archive", path)
            print(
                f"{label + ':':22} {count:>7} articles {seconds:7.1f} s {count / seconds:9.1f} articles/s "
                f"({count / cpu:.1f} per CPU second)  peak {peak:6.0f} MB  "
                f"({megabytes:.0f} MB zip, verified in {verify_seconds:.1f} s)"
            )
            figure(
                f"export {label}",
                f"{count / seconds:.1f}",
                "articles/s",
                f"{count} articles, {count / cpu:.1f} per CPU s, peak {peak:.0f} MB, verified",
            )


if __name__ == "__main__":
    main()

"""Import speed: `manage.py import_articles` over N saved pages.

Writes N article pages in the style of an old township site (imports/
sample_pages.py) into a temporary folder, imports them into an empty
database (var/import_bench.sqlite3, made anew each run, or DATABASE_URL)
with the example mapping, then imports the same folder again (every page
found, nothing changed) and prints pages/s for both runs, and the CPU
seconds of the command with its worker processes (a fairer figure on a
busy machine). The target for moving a township's old site: 10,000 pages
in under 2 minutes.

    .venv/bin/python benchmarks/import_bench.py --pages 10000
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import PYTHON, ROOT, bench_env, manage

sys.path.insert(0, str(ROOT))
from imports.sample_pages import sample_pages_write  # noqa: E402

MAPPING = ROOT / "imports" / "mappings" / "example-gov-cms.toml"


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_import(env, folder):
    """(wall seconds, CPU seconds of the command and its worker processes, summary line)."""
    cpu = cpu_of_children()
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", "import_articles", str(folder), "--mapping", str(MAPPING)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"import_articles failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return seconds, cpu_of_children() - cpu, result.stdout.strip().splitlines()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args()
    database = ROOT / "var" / "import_bench.sqlite3"
    env = bench_env("import_bench.sqlite3")
    if env["DATABASE_URL"] == f"sqlite:///{database}":
        database.unlink(missing_ok=True)
    manage(dict(env, DB_STATEMENT_TIMEOUT_MS="0"), "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")  # the column tree the example mapping names
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        started = time.perf_counter()
        sample_pages_write(folder, args.pages)
        print(f"wrote {args.pages} pages in {time.perf_counter() - started:.1f} s")
        for run in ("first import (empty database)", "second import (nothing changed)"):
            seconds, cpu, summary = timed_import(env, folder)
            print(
                f"{run}: {args.pages} pages in {seconds:.1f} s, {args.pages / seconds:.0f} pages/s "
                f"(CPU {cpu:.1f} s, start-up included) — {summary}"
            )
    if os.environ.get("KEEP_DATABASE") != "1" and env["DATABASE_URL"] == f"sqlite:///{database}":
        database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Backup and restore at N articles (default 100,000), on the database that
DATABASE_URL names (PostgreSQL) or else var/backup_bench.sqlite3.

Seeds N articles once (later runs reuse them), then, each as a separate
process, measured with wall time and peak resident memory (wait4: the
largest of the command and the pg_dump / pg_restore processes it ran):

- `manage.py backup` (pg_dump -Fc of one snapshot, or SQLite's online
  backup API, plus every photo and attachment, SHA-256 manifest);
- `manage.py restore` of that archive into a new, empty database and new
  file folders (pg_restore with parallel jobs, or the backup API), which
  checks every digest, every row count and every file a row points to.

Targets (the nightly backup and a same-day restore): backup < 30 s,
restore < 60 s, restore memory < 300 MB.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, articles_ensure, bench_env, django_value


def measured(env, *args):
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read().decode(), process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args)} failed: {err}{out}")
    return seconds, usage.ru_maxrss / 1024, out


def database_size(env):
    return int(
        django_value(
            env,
            (
                "from django.db import connection; c = connection.cursor()\n"
                "if connection.vendor == 'postgresql':\n"
                "    c.execute('SELECT pg_database_size(current_database())'); print(c.fetchone()[0])\n"
                "else:\n"
                "    import os; print(os.path.getsize(connection.settings_dict['NAME']))"
            ),
        )
    )


def new_database(env):
    """The restore target: a new SQLite file, or a new database beside the
    benchmark's own in the same PostgreSQL cluster."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        target = ROOT / "var" / "backup_bench_restored.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{target}"
    base, name = url.rsplit("/", 1)
    restored = f"{name}_restored"
    admin = f"{base}/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{restored}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{restored}"'], check=True)
    return f"{base}/{restored}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    options = parser.parse_args()
    env = bench_env("backup_bench.sqlite3")
    count = articles_ensure(env, options.articles)
    work = Path(tempfile.mkdtemp(prefix="portal-backup-bench-"))
    try:
        vendor = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        size = database_size(env)
        load_before = os.getloadavg()
        backup_s, backup_mb, _ = measured(env, "backup", "--to", str(work / "backups"))
        archive = next((work / "backups").glob("portal-*.tar.gz"))
        restore_env = dict(
            env,
            DATABASE_URL=new_database(env),
            MEDIA_ROOT=str(work / "media"),
            PRIVATE_MEDIA_ROOT=str(work / "private"),
        )
        restore_s, restore_mb, out = measured(restore_env, "restore", str(archive))
        load_after = os.getloadavg()
        restored = int(django_value(restore_env, "from news.models import Article; print(Article.objects.count())"))
        assert restored == count, (restored, count)
        print(
            f"{vendor}, {count:,} articles, database {size / 2**20:,.0f} MB, archive {archive.stat().st_size / 2**20:,.0f} MB"
        )
        print(f"backup:  {backup_s:6.1f} s, peak {backup_mb:5.0f} MB   (target < 30 s)")
        print(f"restore: {restore_s:6.1f} s, peak {restore_mb:5.0f} MB   (target < 60 s, < 300 MB); {out.strip()}")
        print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f} ({os.cpu_count()} cores)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""What every benchmark script shares: running manage.py against the
benchmark's own database, and making sure it holds N seeded articles."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_env(database_file, **overrides):
    """The environment of a benchmark: development settings, DEBUG off, and
    DATABASE_URL from the caller's environment or else var/<database_file>."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.dev", DEBUG="0", **overrides)
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / database_file}")
    (ROOT / "var").mkdir(exist_ok=True)
    return env


def manage(env, *args, capture=False):
    """Run manage.py; with `capture`, return what it printed."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else None


def django_value(env, code):
    return manage(env, "shell", "-v", "0", "-c", code, capture=True).strip()


def figure(name, value, unit="", note=""):
    """One figure for `make bench`'s table (benchmarks/run_all.py collects
    these lines); also readable when a script is run alone."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"FIGURE\t{name}\t{value}\t{unit}\t{note}\t{load}", flush=True)


def articles_ensure(env, count):
    """Migrate, load the demo, seed the articles still missing (reused on later
    runs), collect static files. Returns how many articles there are.
    Under `make bench` this was done once before the scripts ran
    (BENCH_PREPARED holds the count), and is not repeated."""
    if os.environ.get("BENCH_PREPARED") == str(count) and env["DATABASE_URL"] == os.environ.get("DATABASE_URL"):
        return count
    # Long bulk statements must not meet the production statement timeout.
    setup_env = dict(env, DB_STATEMENT_TIMEOUT_MS="0")
    manage(setup_env, "migrate", "--noinput", "-v", "0")
    manage(setup_env, "load_demo")
    have = int(django_value(env, "from news.models import Article; print(Article.objects.count())"))
    if have < count:
        started = time.perf_counter()
        manage(setup_env, "seed_bench", str(count - have))
        print(f"seeded {count - have} articles in {time.perf_counter() - started:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return max(have, count)

"""Static publishing: how fast the tree is written, how fast nginx serves it,
and how soon a publication is readable.

For N articles (seeded once) on the configured database (DATABASE_URL, else
var/bench.sqlite3):

(a) `manage.py publish_site` over the whole site: seconds and pages/s;
(b) nginx (Debian's /usr/sbin/nginx with the deploy snippets, as in
    tests/nginx.py) in front of gunicorn, measured with wrk (16 connections):
    a plain file of the article page's size (the baseline: what nginx does
    on this machine), the published article page, home, column page 1, a
    deep column page, and the dynamic article page straight from gunicorn;
    ratios: article via nginx ÷ plain file (target ≥ 50 %), via nginx ÷
    dynamic (target ≥ 100×);
(c) publish-to-visible: with `manage.py db_worker` running and gunicorn
    stopped (so a 200 can only come from the written file), 20 publications
    (article_publish on a new draft), each timed until its page answers 200
    through nginx: p50/p95 (target p95 ≤ 2 s).

wrk: `apt-get install wrk` if /usr/bin/wrk is missing.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import PYTHON, ROOT, articles_ensure, bench_env, django_value, figure, manage

sys.path.insert(0, str(ROOT))
from tests.nginx import CONFIG, DEPLOY_NGINX, NGINX, free_port  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
PLAIN = "/__bench_plain.html"


def wait_for_port(port, process, what):
    import socket

    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{what} did not start")


def nginx_start(home, port, upstream_port, publish, static, media, plain_dir):
    snippets = home / "snippets"
    snippets.mkdir()
    for snippet in DEPLOY_NGINX.glob("portal-*.conf"):
        (snippets / snippet.name).symlink_to(snippet)
    config = CONFIG.format(
        home=home, port=port, upstream_port=upstream_port, publish=publish, static=static, media=media
    )
    # As many workers as cores (the deploy default), and the baseline file
    # served by the same server block.
    config = config.replace("worker_processes 1;", "worker_processes auto;")
    config = config.replace(
        "        include snippets/portal-pages.conf;",
        f"        location = {PLAIN} {{ root {plain_dir}; }}\n        include snippets/portal-pages.conf;",
    )
    (home / "nginx.conf").write_text(config)
    process = subprocess.Popen(
        [NGINX, "-p", str(home), "-c", str(home / "nginx.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wait_for_port(port, process, "nginx")
    return process


def wrk(url, *, seconds, connections, threads=2):
    """(requests/s, non-2xx count) of wrk on `url`."""
    result = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    return rate, int(bad.group(1)) if bad else 0


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:
        return 0, b""


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="publish_site processes")
    parser.add_argument("--publications", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    if not os.path.exists(WRK):
        raise SystemExit("wrk is missing: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="publish-bench-"))
    work.chmod(0o755)  # nginx workers (nobody) read the tree and the plain file
    publish_root = work / "publish"
    env = bench_env("bench.sqlite3", PUBLISH_ROOT=str(publish_root))
    articles_ensure(env, args.articles)
    database = env["DATABASE_URL"].split("://")[0]
    processes = []
    try:
        # Writing tasks still queued from seeding (load_demo's columns queue a
        # whole-site rewrite each) are redone by (a): drop them, or the worker
        # in (c) would spend minutes on them.
        dropped = django_value(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            "from django_tasks import TaskResultStatus\n"
            "print(DBTaskResult.objects.filter(status=TaskResultStatus.READY, "
            "task_path__startswith='publishing.tasks.').delete()[0])",
        )
        print(f"dropped {dropped} publishing tasks queued before the run")
        # (a) the whole tree
        started = time.perf_counter()
        output = manage(env, "publish_site", "--processes", str(args.processes), capture=True)
        seconds = time.perf_counter() - started
        pages = int(re.search(r"写出 (\d+) 个", output).group(1))
        print(output.strip())
        print(f"\n{args.articles} articles, {database}: publish_site wrote {pages} pages in {seconds:.1f} s")
        figure("publish_site, whole site", f"{seconds:.1f}", "s", f"{pages} pages, {args.processes} processes")
        figure("publish_site, pages per second", f"{pages / seconds:.0f}", "pages/s", f"{args.processes} processes")

        # (b) serving
        code = (
            "from news.models import Article, Column\n"
            "c = Column.objects.get(slug='sumuzhen-dongtai')\n"
            "n = Article.objects.published().filter(column=c).count()\n"
            "a = Article.objects.published().filter(column=c).order_by('-published_at')[n // 2]\n"
            "from django.conf import settings\n"
            "print(max(1, n // 20 // 2), a.pk, settings.STATIC_ROOT, settings.MEDIA_ROOT)"
        )
        deep_page, article_id, static_root, media_root = django_value(env, code).split()
        article_file = publish_root / "main" / "article" / article_id / "index.html"
        plain_dir = work / "plain"
        plain_dir.mkdir()
        (plain_dir / PLAIN.lstrip("/")).write_bytes(os.urandom(article_file.stat().st_size))

        app_port, web_port = free_port(), free_port()
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                str(args.workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(gunicorn)
        wait_for_port(app_port, gunicorn, "gunicorn")
        home = work / "nginx"
        home.mkdir()
        nginx = nginx_start(home, web_port, app_port, publish_root, static_root, media_root, plain_dir)
        processes.append(nginx)
        web, app = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{app_port}"
        targets = {
            "plain file (nginx)": web + PLAIN,
            "article (nginx)": f"{web}/article/{article_id}/",
            "home (nginx)": web + "/",
            "column p1 (nginx)": web + "/column/sumuzhen-dongtai/",
            f"column p{deep_page} (nginx)": f"{web}/column/sumuzhen-dongtai/?page={deep_page}",
            "article (gunicorn, dynamic)": f"{app}/article/{article_id}/",
        }
        print(f"\nwrk {args.connections} connections, {args.seconds} s per row, {os.cpu_count()} cores shared")
        rates = {}
        for name, url in targets.items():
            status, _ = get(url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            wrk(url, seconds=1, connections=args.connections)  # warm up
            rate, bad = wrk(url, seconds=args.seconds, connections=args.connections)
            rates[name] = rate
            note = f"  non-2xx: {bad}" if bad else ""
            print(f"{name:<32}{rate:>12,.0f} req/s{note}")
            figure(f"{name}", f"{rate:.0f}", "req/s", f"wrk {args.connections} connections, {args.seconds} s")
        vs_plain = rates["article (nginx)"] / rates["plain file (nginx)"]
        vs_dynamic = rates["article (nginx)"] / rates["article (gunicorn, dynamic)"]
        print(f"article via nginx ÷ plain file = {vs_plain:.0%} (target ≥ 50 %)")
        print(f"article via nginx ÷ dynamic    = {vs_dynamic:.0f}× (target ≥ 100×)")
        figure("article via nginx ÷ plain file", f"{vs_plain * 100:.0f}", "%", "target ≥ 50 %")
        figure("article via nginx ÷ dynamic article", f"{vs_dynamic:.0f}", "×", "target ≥ 100×")

        # (c) publish-to-visible, gunicorn stopped: a 200 is the written file
        gunicorn.terminate()
        gunicorn.wait()
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(worker)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import close_old_connections
        from django.utils import timezone

        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_publish
        from news.models import Article, ArticleStatus, Column

        column = Column.objects.get(slug="sumuzhen-dongtai")
        time.sleep(2)  # the worker's start-up
        delays = []
        for number in range(args.publications):
            draft = Article(title=f"发布到可见测试 {number}", column=column, body="<p>测试正文。</p>")
            draft.status = ArticleStatus.DRAFT
            draft.save()
            started = time.perf_counter()
            article_publish(article=draft, actor=SYSTEM, published_at=timezone.now())
            url = f"{web}/article/{draft.pk}/"
            while get(url)[0] != 200:
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"{url} not visible after 60 s")
                time.sleep(0.01)
            delays.append(time.perf_counter() - started)
            close_old_connections()
        p50, p95 = percentile(delays, 0.5), percentile(delays, 0.95)
        print(f"\npublish-to-visible over {len(delays)} publications: p50 {p50:.2f} s, p95 {p95:.2f} s (target ≤ 2 s)")
        figure("publish-to-visible p50", f"{p50:.2f}", "s", f"{len(delays)} publications, db_worker running")
        figure("publish-to-visible p95", f"{p95:.2f}", "s", "target ≤ 2 s")
        for article in Article.objects.filter(title__startswith="发布到可见测试"):
            article.delete()
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

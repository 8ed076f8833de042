"""Public page speed under gunicorn on loopback.

Seeds N articles into a benchmark database (once), starts gunicorn, and for
the home page, a column's first and a deep page and an article page prints
requests/s and p50/p99 latency, with the page cache on and with it off.
"""

import argparse
import http.client
import os
import socket
import subprocess
import threading
import time

from common import PYTHON, ROOT, articles_ensure, bench_env, django_value, figure


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(port, path, *, seconds, clients):
    """Keep `clients` connections busy on `path` for `seconds`; return latencies and errors."""
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, sum(errors)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def serve(env, port, workers):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    env = bench_env("bench.sqlite3")
    articles_ensure(env, args.articles)

    code = (
        "from news.models import Article, Column\n"
        "c = Column.objects.get(slug='sumuzhen-dongtai')\n"
        "n = Article.objects.published().filter(column=c).count()\n"
        "a = Article.objects.published().filter(column=c).order_by('-published_at')[n // 2]\n"
        "print(max(1, n // 20 // 2), a.pk)"
    )
    deep_page, article_id = django_value(env, code).split()
    pages = {
        "home": "/",
        "column p1": "/column/sumuzhen-dongtai/",
        f"column p{deep_page}": f"/column/sumuzhen-dongtai/?page={deep_page}",
        "article": f"/article/{article_id}/",
    }
    database = env["DATABASE_URL"].split("://")[0]
    print(
        f"\n{args.articles} articles, {database}, gunicorn {args.workers} workers, {args.clients} clients, "
        f"{args.seconds:.0f} s per row, {os.cpu_count()} cores shared with the load generator"
    )
    print(f"{'page':<18}{'cache':<7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    rates = {}
    for cache_name, cache_url in (("on", "locmem://"), ("off", "dummy://")):
        port = free_port()
        server = serve(dict(env, CACHE_URL=cache_url), port, args.workers)
        try:
            for name, path in pages.items():
                load(port, path, seconds=1, clients=2)  # warm up
                latencies, errors = load(port, path, seconds=args.seconds, clients=args.clients)
                rate = len(latencies) / args.seconds
                rates[name, cache_name] = rate
                figure(
                    f"{name} page, cache {cache_name}",
                    f"{rate:.0f}",
                    "req/s",
                    f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
                    f"{errors} errors, {args.clients} clients",
                )
                print(
                    f"{name:<18}{cache_name:<7}{rate:>9.0f}{percentile(latencies, 0.5) * 1000:>9.1f}"
                    f"{percentile(latencies, 0.99) * 1000:>9.1f}{errors:>8}"
                )
        finally:
            server.terminate()
            server.wait()
    # The baseline (the page rendered on every request) was measured in this
    # same run: the ratio is what the page cache gains.
    for name in pages:
        on, off = rates[name, "on"], rates[name, "off"]
        ratio = on / off if off else float("inf")
        print(f"{name:<18}cached / uncached = {ratio:.1f}×")
        figure(f"{name} page, cached ÷ uncached", f"{ratio:.1f}", "×", "both measured in this run")


if __name__ == "__main__":
    main()

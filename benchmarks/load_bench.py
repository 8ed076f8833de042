"""Load and fault proof on PostgreSQL: throughput under load, and recovery
from a database outage.

Seeds N articles (once), starts gunicorn with deploy/gunicorn.conf.py on a
loopback port, then

1. load: C concurrent clients for S seconds over the home page, column pages
   (first and deeper pages), article pages and /search/ (three queries; left
   out if the search page does not answer 200): prints requests/s, p50/p99
   and every non-200;
2. fault: the same load while PostgreSQL is stopped for a while and started
   again: prints the count of each status per phase (before, outage, after)
   and checks every worker answers /healthz afterwards (none stuck).

PostgreSQL: pass --pgdata of a cluster this user may stop and start (as the
postgres user when run as root) and DATABASE_URL pointing at it; without
--pgdata a throw-away cluster is created on a free port and removed at the end.
"""

import argparse
import collections
import http.client
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, articles_ensure, django_value  # noqa: E402
from portal_bench import free_port, percentile  # noqa: E402

PYTHON = sys.executable
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


class Cluster:
    def __init__(self, pgdata, port):
        self.pgdata, self.port = Path(pgdata), port

    def run(self, *args):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in command)]
        return subprocess.run(command, check=True, capture_output=True, text=True)

    @classmethod
    def create(cls):
        port = free_port()
        base = Path(tempfile.mkdtemp(prefix="portal-loadbench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(base, "postgres")
        cluster = cls(base / "data", port)
        cluster.base = base
        cluster.run(
            "initdb", "-D", str(cluster.pgdata), "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust", "-U", "postgres"
        )
        cluster.start()
        subprocess.run(
            ["psql", f"postgres://postgres@127.0.0.1:{port}/postgres", "-qc", "CREATE DATABASE bench"], check=True
        )
        return cluster

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.pgdata.parent} -c max_connections=200"
        self.run(
            "pg_ctl", "-D", str(self.pgdata), "-l", str(self.pgdata.parent / "server.log"), "-w", "-o", options, "start"
        )

    def stop(self):
        self.run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop")


def serve(env, port, log):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_ACCESS_LOG=""),
        stdout=log,
        stderr=log,
    )
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def run_load(port, urls, *, seconds, clients, events=None):
    """Each client loops over random URLs; returns (start, end, url, status) tuples."""
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=35)
        mine = []
        while time.monotonic() < deadline:
            url = rng.choice(urls)
            started = time.monotonic()
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                status = f"error:{type(error).__name__}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=35)
            mine.append((started, time.monotonic(), url, status))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    if events:
        for at, action in events:
            time.sleep(max(0, at - time.monotonic()))
            action()
    for thread in threads:
        thread.join()
    return results


def kind_of(url):
    return url.split("/")[1] or "home"


def report_load(results, seconds):
    latencies = [end - start for start, end, _, status in results if status == 200]
    bad = collections.Counter(status for *_, status in results if status != 200)
    print(f"requests: {len(results)}  ok: {len(latencies)}  errors: {sum(bad.values())} {dict(bad) or ''}")
    print(
        f"requests/s: {len(results) / seconds:.0f}  p50: {percentile(latencies, 0.5) * 1000:.0f} ms  "
        f"p99: {percentile(latencies, 0.99) * 1000:.0f} ms  max: {max(latencies) * 1000:.0f} ms"
    )
    by_kind = collections.defaultdict(list)
    for start, end, url, _status in results:
        by_kind[kind_of(url)].append(end - start)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<8} {len(values):>7} requests  p99 {percentile(values, 0.99) * 1000:>6.0f} ms")
    return sum(bad.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pgdata", help="data directory of the cluster DATABASE_URL points at")
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL is down in the fault run")
    parser.add_argument("--before", type=float, default=10)
    parser.add_argument("--after", type=float, default=20)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    created = None
    if args.pgdata:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            raise SystemExit("--pgdata needs DATABASE_URL=postgres://…@127.0.0.1:PORT/db")
        cluster = Cluster(args.pgdata, int(url.rsplit(":", 1)[1].split("/")[0]))
    else:
        cluster = created = Cluster.create()
        url = f"postgres://postgres@127.0.0.1:{cluster.port}/bench"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="0",
        DATABASE_URL=url,
        CACHE_URL="locmem://",
        DB_CONNECT_TIMEOUT="2",
    )
    try:
        articles_ensure(env, args.articles)
        code = (
            "import random\n"
            "from news.models import Article, Column\n"
            "r = random.Random(8)\n"
            "ids = list(Article.objects.published().values_list('id', flat=True))\n"
            "cols = [c.slug for c in Column.objects.all()]\n"
            "print(' '.join(map(str, r.sample(ids, 3000)))); print(' '.join(cols))"
        )
        ids_line, slugs_line = django_value(env, code).splitlines()
        articles = [f"/article/{pk}/" for pk in ids_line.split()]
        slugs = slugs_line.split()
        columns = [f"/column/{slug}/" for slug in slugs] + [
            f"/column/{random.choice(slugs)}/?page={page}" for page in range(2, 60)
        ]
        urls = ["/"] * 40 + columns * 2 + articles
        port = free_port()
        log = open(ROOT / "var" / "load_bench_gunicorn.log", "w")  # noqa: SIM115 - the server writes to it until stopped
        server = serve(env, port, log)
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            probe.request("GET", "/search/?q=%E8%8B%8F%E5%8A%9B%E5%BE%B7")
            if probe.getresponse().status == 200:
                urls += [
                    "/search/?q=" + q
                    for q in ("%E8%8B%8F%E5%8A%9B%E5%BE%B7", "%E9%98%B2%E6%B1%9B", "%E5%85%9A%E5%BB%BA")
                ] * 30
            workers = int(
                django_value(env, "import runpy; print(runpy.run_path('deploy/gunicorn.conf.py')['workers'])")
            )
            print(
                f"\n{args.articles} articles on PostgreSQL, gunicorn {workers} sync workers, {args.clients} clients, "
                f"{len(urls)} URLs ({'with' if any('/search/' in u for u in urls) else 'no'} /search/), "
                f"{os.cpu_count()} cores shared with the load generator"
            )
            failures = 0
            if not args.skip_load:
                print(f"\n== load: {args.seconds:.0f} s")
                run_load(port, urls, seconds=3, clients=4)  # warm up
                failures += report_load(run_load(port, urls, seconds=args.seconds, clients=args.clients), args.seconds)

            print(
                f"\n== fault: PostgreSQL stopped after {args.before:.0f} s for {args.outage:.0f} s, "
                f"then {args.after:.0f} s more"
            )
            marks = {}

            def stop():
                marks["stop"] = time.monotonic()
                cluster.stop()
                marks["stopped"] = time.monotonic()

            def start():
                marks["start"] = time.monotonic()
                cluster.start()
                marks["started"] = time.monotonic()

            t0 = time.monotonic()
            results = run_load(
                port,
                urls,
                seconds=args.before + args.outage + args.after,
                clients=args.clients,
                events=[(t0 + args.before, stop), (t0 + args.before + args.outage, start)],
            )
            phases = collections.defaultdict(collections.Counter)
            for started, ended, _url, status in results:
                if ended < marks["stop"]:
                    phase = "1 before"
                elif started > marks["started"]:
                    phase = "3 after"
                else:
                    phase = "2 outage"
                phases[phase][status] += 1
            print(
                f"stop took {marks['stopped'] - marks['stop']:.1f} s, start {marks['started'] - marks['start']:.1f} s"
            )
            for phase in sorted(phases):
                counts = ", ".join(f"{status}: {n}" for status, n in sorted(phases[phase].items(), key=str))
                print(f"  {phase[2:]:<7} {counts}")
            unexpected = sum(n for s, n in phases["2 outage"].items() if s not in (200, 503))
            unexpected += sum(n for s, n in phases["1 before"].items() if s != 200)
            unexpected += sum(n for s, n in phases["3 after"].items() if s != 200)
            # No worker stuck: as many concurrent liveness checks as workers, all answered.
            liveness = run_load(port, ["/healthz"], seconds=3, clients=workers * 2)
            liveness_bad = [status for *_, status in liveness if status != 200]
            slowest = max(end - start for start, end, *_ in liveness)
            print(
                f"liveness after: {len(liveness)} checks, {len(liveness_bad)} not 200, slowest {slowest * 1000:.0f} ms"
            )
            log.flush()
            timeouts = (ROOT / "var" / "load_bench_gunicorn.log").read_text().count("WORKER TIMEOUT")
            print(f"gunicorn worker timeouts (stuck workers killed): {timeouts}")
            failures += unexpected + len(liveness_bad) + timeouts
            print("\nRESULT:", "PASS" if failures == 0 else f"FAIL ({failures} unexpected)")
        finally:
            server.terminate()
            server.wait()
    finally:
        if created:
            try:
                created.stop()
            finally:
                shutil.rmtree(created.base, ignore_errors=True)


if __name__ == "__main__":
    main()

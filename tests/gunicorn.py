"""A real gunicorn, started as production starts it (deploy/gunicorn.conf.py),
in a child process the test can kill: the upstream of the test nginx when a
test needs the application to go away. It reads the test run's database
(committed data only: a module fixture's, not a test's own transaction), or
one it cannot reach when the test wants the database down."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.nginx import free_port

ROOT = Path(__file__).resolve().parent.parent
# What the test run sets for itself that a child must not inherit.
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "TMPDIR"}


def run_database():
    """The connection settings of the test run's database."""
    current = connection.settings_dict
    return {key: current[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}


def unreachable_database():
    """Connection settings that fail at once: a closed port (PostgreSQL) or a
    file in a folder that does not exist (SQLite)."""
    database = run_database()
    if connection.vendor == "sqlite":
        database["NAME"] = str(Path(tempfile.gettempdir()) / "portal-test-no-such-folder" / "gone.sqlite3")
    else:
        database.update(HOST="127.0.0.1", PORT=str(free_port()))
    return database


def child_environment(database, home):
    """The environment of a child process using tests/child_settings.py;
    its own temporary folders go under `home`, removed with it."""
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.child_settings",
        PORTAL_TEST_DATABASE=json.dumps(database),
        PUBLISH_ROOT=str(settings.PUBLISH_ROOT),
        STATIC_ROOT=str(settings.STATIC_ROOT),
        TMPDIR=str(home),
    )
    return environment


class Gunicorn:
    """gunicorn with one worker on a free loopback port."""

    def __init__(self, database=None):
        self.home = Path(tempfile.mkdtemp(prefix="portal-test-gunicorn-"))
        self.port = free_port()
        self.environment = child_environment(database or run_database(), self.home)
        self.environment.update(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS="1",
            GUNICORN_ACCESS_LOG="",
            GUNICORN_LOG_LEVEL="warning",
        )
        self.process = None

    def start(self):
        log = open(self.home / "gunicorn.log", "wb")  # noqa: SIM115 (kept open for the child)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn did not start: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within 30 s: {self.log()}")

    def kill(self):
        """Stop gunicorn as a crash would: SIGKILL to the master and its worker."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        self.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    def log(self):
        path = self.home / "gunicorn.log"
        return path.read_text(errors="replace") if path.exists() else ""

import io
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from news.models import Column, ColumnType
from tests.conftest import site_member_add

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Any attempt to reach a host other than this machine fails the test."""
    real_connect, real_lookup = socket.create_connection, socket.getaddrinfo

    def connect(address, *args, **kwargs):
        assert address[0] in LOOPBACK, f"a test tried to reach {address[0]}"
        return real_connect(address, *args, **kwargs)

    def lookup(host, *args, **kwargs):
        assert host in LOOPBACK or host is None, f"a test tried to look up {host}"
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


@pytest.fixture
def healthy_site(site, columns, make_article):
    """Every footer and meta item filled in, every column updated yesterday."""
    site.domain = "www.wsq.gov.cn"
    site.site_description = "乌审旗苏力德苏木人民政府门户网站"
    site.site_keywords = "苏力德苏木,乌审旗"
    site.save()
    for column in Column.objects.exclude(column_type=ColumnType.SECTION):
        column.description = column.description or f"{column.name}栏目"
        column.keywords = column.keywords or column.name
        column.save()
        make_article(title=f"{column.name}最新消息", column=column, published_at=ago(days=1))
    return site


@pytest.fixture
def run_check():
    """Run `check_site`; return its exit status and what it printed."""

    def run(*args):
        out = io.StringIO()
        try:
            call_command("check_site", *args, stdout=out)
        except SystemExit as exit:
            return exit.code, out.getvalue()
        except CommandError as error:
            return error.returncode, out.getvalue() + str(error)
        return 0, out.getvalue()

    return run


class LinkTarget(BaseHTTPRequestHandler):
    """/ok answers 200, /nohead refuses HEAD but answers GET, anything else 404."""

    def _answer(self, with_body):
        self.server.hits.append((self.command, self.path))
        if self.path == "/nohead" and self.command == "HEAD":
            status = 405
        else:
            status = 200 if self.path in ("/ok", "/nohead") else 404
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), LinkTarget)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def auditors():
    """The 审计 group with its permission (a transactional test's flush removes groups)."""
    group, _ = Group.objects.get_or_create(name="审计")
    group.permissions.add(Permission.objects.get(codename="view_site_health", content_type__app_label="health"))
    return group


@pytest.fixture
def auditor(db):
    user = User.objects.create_user("shenji", password="audit-password-1", is_staff=True)
    user.groups.add(auditors())
    return site_member_add(user)


@pytest.fixture
def editor(db):
    return site_member_add(User.objects.create_user("bianji", password="editor-password-1", is_staff=True))


def report_made(user=None, site=None):
    """Ask for a 网站体检 report as the page's button does, then let the task
    worker (`manage.py db_worker`) run what is queued, as it would beside
    gunicorn. Returns the HealthReport row."""
    from django.test import TestCase

    from health.tasks import health_report_request

    with TestCase.captureOnCommitCallbacks(execute=True):
        row = health_report_request(user=user, site=site)
    worker_run()
    row.refresh_from_db()
    return row


def worker_run():
    """`manage.py db_worker --batch`: every queued task run, then it stops.
    Inside a test's transaction it must keep the test's connection open."""
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

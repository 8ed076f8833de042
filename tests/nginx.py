"""A real nginx in front of the test server, configured with the very
snippets production installs (deploy/nginx/portal-*.conf): only the server
frame (loopback port, folders of the test run, no TLS) is the test's own."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DEPLOY_NGINX = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """\
daemon off;
worker_processes 1;
pid {home}/nginx.pid;
error_log {home}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
    include snippets/portal-maps.conf;
    upstream portal_gunicorn {{
        server 127.0.0.1:{upstream_port} fail_timeout=0;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        set $portal_publish {publish};
        set $portal_static {static};
        set $portal_media {media};
        include snippets/portal-pages.conf;
    }}
}}
"""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx on a free loopback port, passing what has no file to `upstream_port`."""

    def __init__(self, upstream_port):
        if not os.path.exists(NGINX):
            raise RuntimeError("nginx is missing: make test installs it (scripts/system-packages.sh)")
        self.home = Path(tempfile.mkdtemp(prefix="portal-test-nginx-"))
        self.port = free_port()
        self.upstream_port = upstream_port
        snippets = self.home / "snippets"
        snippets.mkdir()
        for snippet in DEPLOY_NGINX.glob("portal-*.conf"):
            (snippets / snippet.name).symlink_to(snippet)
        # Where production links /etc/nginx/portal-sites.map (docs/deployment.md).
        site_map = Path(settings.PUBLISH_ROOT) / "_nginx" / "sites.map"
        if site_map.exists():
            (self.home / "portal-sites.map").symlink_to(site_map)
        (self.home / "nginx.conf").write_text(
            CONFIG.format(
                home=self.home,
                port=self.port,
                upstream_port=upstream_port,
                publish=settings.PUBLISH_ROOT,
                static=settings.STATIC_ROOT,
                media=settings.MEDIA_ROOT,
            )
        )
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.home), "-c", str(self.home / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not answer within 10 s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        shutil.rmtree(self.home, ignore_errors=True)

    def get(self, path, host="www.example.gov.cn", headers=None):
        """GET `path` (with its query string) as a browser would, no redirects followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
        try:
            connection.request("GET", path, headers={"Host": host, **(headers or {})})
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def error_log(self):
        path = self.home / "error.log"
        return path.read_text() if path.exists() else ""

"""Links in published bodies and page templates: internal ones resolved
against the portal, external ones fetched from a local server and kept."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from health.links import Link, check_external, classify, fetch, links_in_html
from health.models import LinkCheckResult
from health.report import site_health_check

pytestmark = pytest.mark.django_db


def broken(report):
    return [f for f in report.findings if f.code in ("link_broken", "link_broken_template")]


class TestFindingLinks:
    def test_links_and_images_are_read_with_their_text(self):
        found = links_in_html(
            '<p>见<a href="/article/1/" rel="noopener">上一篇 <b>通知</b></a>'
            '<img src="/media/a.png" alt="现场照片"><a href="https://x.cn/?a=1&amp;b=2">外链</a></p>'
        )
        assert found == [
            Link("/article/1/", "上一篇 通知", "链接"),
            Link("https://x.cn/?a=1&b=2", "外链", "链接"),
            Link("/media/a.png", "现场照片", "图片"),
        ]

    def test_the_sites_own_domain_is_internal_and_mail_links_are_skipped(self):
        hosts = {"www.wsq.gov.cn"}
        assert classify("https://www.wsq.gov.cn/column/x/", hosts) == ("internal", "/column/x/")
        assert classify("https://www.gov.cn/", hosts) == ("external", "https://www.gov.cn/")
        assert classify("mailto:a@b.cn", hosts)[0] == "skip"
        assert classify("#top", hosts)[0] == "skip"
        assert classify("../../column/x/", hosts, "/article/3/") == ("internal", "/column/x/")


class TestInternalLinks:
    def test_a_link_to_a_missing_article_is_found_once_naming_the_article_and_text(self, healthy_site, make_article):
        article = make_article(title="转发通知", body='<p><a href="/article/999999/">旧通知原文</a></p>')
        found = broken(site_health_check(external=False))
        assert len(found) == 1
        assert found[0].message == "不可用链接:文章“转发通知”中的“旧通知原文”"
        assert found[0].fix_url == f"/admin/news/article/{article.pk}/change/"
        assert "文章不存在或未发布" in found[0].detail

    def test_links_to_public_pages_and_existing_columns_are_fine(self, healthy_site, columns, make_article):
        target = make_article(title="原文")
        make_article(
            title="转发",
            body=f'<p><a href="/article/{target.pk}/">原文</a><a href="https://www.wsq.gov.cn/column/dongtai/">动态</a>'
            f'<a href="/">首页</a><a href="/feed/">订阅</a></p>',
        )
        assert broken(site_health_check(external=False)) == []

    def test_a_link_to_a_draft_an_unknown_column_a_missing_image_and_a_missing_page_are_each_found(
        self, healthy_site, make_article
    ):
        from news.models import ArticleStatus

        draft = make_article(title="草稿", status=ArticleStatus.DRAFT)
        make_article(
            title="坏链接集合",
            body=f'<p><a href="/article/{draft.pk}/">草稿</a><a href="/column/nowhere/">无栏目</a>'
            '<a href="/no/such/page/">无页面</a><img src="/media/covers/missing.jpg" alt="缺图"></p>',
        )
        details = sorted(f.detail.split(" — ")[1] for f in broken(site_health_check(external=False)))
        assert details == ["上传文件不存在", "文章不存在或未发布(404)", "栏目不存在(404)", "页面不存在(404)"]

    def test_a_link_climbing_out_of_the_media_folder_is_a_broken_link_not_an_error(self, healthy_site, make_article):
        make_article(
            title="怪链接",
            body='<p><a href="/media/%2e%2e/x">上一级</a><img src="/static/%2e%2e/%2e%2e/etc/passwd" alt="静态">'
            '<a href="/article/99999999999999999999999/">超大编号</a></p>',
        )
        details = sorted(f.detail for f in broken(site_health_check(external=False)))
        assert details == [
            "/article/99999999999999999999999/ — 页面不存在(404)",
            "/media/%2e%2e/x — 上传文件地址无效",
            "/static/%2e%2e/%2e%2e/etc/passwd — 静态文件不存在",
        ]

    def test_the_page_templates_links_are_checked_too(self, healthy_site, settings):
        settings.STATIC_URL = "/static/"
        report = site_health_check(external=False)
        assert report.stats["links_found"] > 5  # navigation, footer, stylesheets of the rendered home page
        assert broken(report) == []


class TestExternalLinks:
    def test_a_broken_external_link_is_found_once(self, healthy_site, make_article, link_server):
        make_article(
            title="外部链接",
            body=f'<p><a href="{link_server.url}/ok">好链接</a><a href="{link_server.url}/gone">失效链接</a></p>',
        )
        found = broken(site_health_check(external=True))
        assert len(found) == 1
        assert found[0].message == "不可用链接:文章“外部链接”中的“失效链接”"
        assert found[0].detail == f"{link_server.url}/gone — HTTP 404"

    def test_a_server_that_refuses_head_is_asked_again_with_get(self, db, link_server):
        answer = fetch(f"{link_server.url}/nohead")
        assert answer.ok and answer.status_code == 200
        assert link_server.hits == [("HEAD", "/nohead"), ("GET", "/nohead")]

    def test_answers_are_kept_for_a_day_so_a_rerun_asks_nobody(self, healthy_site, make_article, link_server):
        make_article(title="外部链接", body=f'<p><a href="{link_server.url}/gone">失效</a></p>')
        site_health_check(external=True)
        asked = len(link_server.hits)
        assert asked == 1  # HEAD said 404: no GET needed
        report = site_health_check(external=True)
        assert len(link_server.hits) == asked
        assert len(broken(report)) == 1
        assert LinkCheckResult.objects.get(url=f"{link_server.url}/gone").status_code == 404

    def test_answers_older_than_a_day_are_fetched_again(self, db, link_server, settings):
        url = f"{link_server.url}/ok"
        check_external([url])
        settings.HEALTH_LINK_CACHE_SECONDS = 0
        check_external([url])
        assert len(link_server.hits) == 2

    def test_no_external_leaves_them_alone(self, healthy_site, make_article, link_server):
        make_article(title="外部链接", body=f'<p><a href="{link_server.url}/gone">失效</a></p>')
        assert broken(site_health_check(external=False)) == []
        assert link_server.hits == []

    def test_the_admin_page_mode_uses_kept_answers_and_fetches_nothing(self, healthy_site, make_article, link_server):
        make_article(title="外部链接", body=f'<p><a href="{link_server.url}/gone">失效</a></p>')
        report = site_health_check(external=True, fetch_external=False)
        assert broken(report) == []
        assert report.stats["external_unchecked"] == report.stats["external_links"] > 0
        assert link_server.hits == []
        site_health_check(external=True)  # what `check_site` run by cron does
        asked = len(link_server.hits)
        assert len(broken(site_health_check(external=True, fetch_external=False))) == 1
        assert len(link_server.hits) == asked

    def test_a_run_fetches_at_most_the_configured_number(self, db, link_server, settings):
        settings.HEALTH_LINK_MAX_PER_RUN = 2
        answers = check_external([f"{link_server.url}/p{i}" for i in range(5)])
        assert len(link_server.hits) == 2
        assert sum(1 for a in answers.values() if not a.checked) == 3

    def test_private_addresses_are_not_fetched_by_default(self, db, link_server, settings):
        settings.HEALTH_LINK_ALLOW_PRIVATE = False
        answer = fetch(f"{link_server.url}/gone")
        assert not answer.checked and link_server.hits == []

    def test_a_host_that_does_not_answer_is_broken(self, db):
        import socket

        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            port = unused.getsockname()[1]
        answer = fetch(f"http://127.0.0.1:{port}/")
        assert answer.checked and not answer.ok and answer.status_code is None


PUBLIC = "93.184.216.34"


class Resolver:
    """socket.getaddrinfo as an attacker's DNS server would answer: each name
    gets the addresses listed for it in turn, the last one from then on."""

    def __init__(self, answers):
        self.answers = {name: list(addresses) for name, addresses in answers.items()}
        self.asked = []

    def __call__(self, host, port, *args, **kwargs):
        import ipaddress
        import socket

        try:
            address = str(ipaddress.ip_address(host))
        except ValueError:
            self.asked.append(host)
            queue = self.answers.get(host)
            if not queue:
                raise socket.gaierror(f"unknown host {host}") from None
            address = queue.pop(0) if len(queue) > 1 else queue[0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port or 0))]


class Connector:
    """socket.create_connection that resolves as the real one does and records
    the address it would reach; `routes` sends some public addresses to a
    local test server instead, and anything else fails."""

    def __init__(self, routes=None):
        self.reached, self.routes = [], routes or {}

    def __call__(self, address, *args, **kwargs):
        import socket

        host, port = address[:2]
        resolved = socket.getaddrinfo(host, port)[0][4][0]
        self.reached.append(resolved)
        if resolved in self.routes:
            return REAL_CONNECT(self.routes[resolved], *args, **kwargs)
        raise OSError("no network in tests")


REAL_CONNECT = None


@pytest.fixture
def outside_world(monkeypatch, settings):
    """The production rules (no private addresses, any host), with DNS and
    connections stubbed: nothing leaves this machine."""
    import socket

    global REAL_CONNECT
    REAL_CONNECT = socket.create_connection  # the loopback-only guard of conftest
    settings.HEALTH_LINK_ALLOW_PRIVATE = False
    settings.HEALTH_LINK_ONLY_HOSTS = None

    def install(answers, routes=None):
        resolver, connector = Resolver(answers), Connector(routes)
        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        monkeypatch.setattr(socket, "create_connection", connector)
        return resolver, connector

    return install


class Redirecting(BaseHTTPRequestHandler):
    """/away redirects to the address in the server's `target`; /ok answers 200."""

    def _answer(self):
        self.server.hits.append((self.command, self.path, self.headers.get("Host")))
        if self.path == "/away":
            self.send_response(302)
            self.send_header("Location", self.server.target)
        else:
            self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def redirect_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    server.hits, server.target = [], ""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


class TestInternalAddressesAreNeverAsked:
    def test_a_name_that_turns_to_loopback_after_the_check_is_connected_at_the_checked_address(self, db, outside_world):
        resolver, connector = outside_world({"rebind.example": [PUBLIC, "127.0.0.1"]})
        answer = fetch("http://rebind.example/")
        assert "127.0.0.1" not in connector.reached
        assert connector.reached and set(connector.reached) == {PUBLIC}
        assert not answer.ok or not answer.checked  # the HEAD failed; the GET was refused at its own lookup

    @pytest.mark.parametrize(
        "address",
        [
            "127.0.0.1",
            "10.1.2.3",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::1",
        ],
    )
    def test_a_name_resolving_to_a_non_global_address_is_not_fetched(self, db, outside_world, address):
        _, connector = outside_world({"inside.example": [address]})
        answer = fetch("http://inside.example/latest/meta-data/")
        assert not answer.checked and connector.reached == []
        assert answer.error == "内网或保留地址,未检查"

    def test_one_internal_address_among_public_ones_is_enough_to_refuse(self, db, outside_world, monkeypatch):
        import socket

        _, connector = outside_world({})
        monkeypatch.setattr(
            socket,
            "getaddrinfo",
            lambda host, port, *a, **k: [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in (PUBLIC, "10.0.0.1")
            ],
        )
        assert not fetch("http://mixed.example/").checked and connector.reached == []

    def test_address_literals_in_the_link_are_judged_the_same_way(self, db, outside_world):
        _, connector = outside_world({})
        for url in ("http://127.0.0.1/", "http://[::1]/", "http://100.64.0.1/", "http://169.254.169.254/"):
            assert not fetch(url).checked
        assert connector.reached == []

    def test_globally_routable_addresses_pass(self):
        from health.links import is_public_address

        assert is_public_address(PUBLIC) and is_public_address("2001:4860:4860::8888")


class TestRedirectsAreCheckedAtEveryHop:
    def test_a_redirect_to_an_internal_address_is_refused_and_reported(self, db, outside_world, redirect_server):
        redirect_server.target = "http://metadata.example/latest/"
        _, connector = outside_world(
            {"news.example": [PUBLIC], "metadata.example": ["169.254.169.254"]},
            routes={PUBLIC: redirect_server.server_address},
        )
        answer = fetch("http://news.example/away")
        assert "169.254.169.254" not in connector.reached
        assert answer.checked and not answer.ok
        assert "跳转到不检查的地址" in answer.error
        assert {hit[2] for hit in redirect_server.hits} == {"news.example"}  # the Host header names the site

    def test_a_redirect_to_a_public_host_is_resolved_afresh_and_followed(self, db, outside_world, redirect_server):
        other = "93.184.216.35"
        redirect_server.target = "http://moved.example/ok"
        resolver, connector = outside_world(
            {"news.example": [PUBLIC], "moved.example": [other]},
            routes={PUBLIC: redirect_server.server_address, other: redirect_server.server_address},
        )
        answer = fetch("http://news.example/away")
        assert answer.ok and answer.status_code == 200
        assert resolver.asked == ["news.example", "moved.example"]
        assert redirect_server.hits[-1] == ("HEAD", "/ok", "moved.example")

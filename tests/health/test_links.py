"""Links in published bodies and page templates: internal ones resolved
against the portal, external ones fetched from a local server and kept."""
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

"""One installation, many sites: a request reaches a site by its host name
or by /site/<key>/, sees only that site's columns and articles, and costs
no extra query once the host names are known."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.content_version import content_version_bump
from news.models import Article, Column, ColumnType, Site
from news.public.sites import site_hosts, site_key_for_host

from ...conftest import beijing

TOWNSHIP_HOST = "galutu.example.gov.cn"


@pytest.fixture
def township(site):
    other = Site.objects.create(
        key="galutu",
        site_name="乌审旗嘎鲁图镇人民政府",
        domain=TOWNSHIP_HOST,
        extra_domains="galutu.example.cn\nGALUTU.example.org",
        organiser="乌审旗嘎鲁图镇人民政府",
    )
    # The same slug as the first site's 苏木镇动态: slugs are per site.
    news = Column.objects.create(site=other, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)
    return {"site": other, "news": news}


@pytest.fixture
def two_articles(make_article, columns, township):
    ours = make_article(title="苏力德苏木召开会议")
    theirs = make_article(title="嘎鲁图镇开展培训", column=township["news"], published_at=beijing(2024, 6, 8, 9, 0))
    return ours, theirs


@pytest.mark.django_db
class TestHostNames:
    def test_each_host_name_gets_its_own_sites_home_page(self, client, two_articles):
        first = client.get("/", HTTP_HOST="www.example.gov.cn").content.decode()
        second = client.get("/", HTTP_HOST=TOWNSHIP_HOST).content.decode()
        assert "乌审旗苏力德苏木人民政府" in first and "苏力德苏木召开会议" in first
        assert "嘎鲁图镇开展培训" not in first
        assert "乌审旗嘎鲁图镇人民政府" in second and "嘎鲁图镇开展培训" in second
        assert "苏力德苏木召开会议" not in second

    def test_other_domains_and_any_letter_case_or_port_reach_the_site(self, township):
        assert site_key_for_host("galutu.example.cn") == "galutu"
        assert site_key_for_host("galutu.example.org:8443") == "galutu"
        assert site_key_for_host("Galutu.Example.Gov.CN") == "galutu"

    def test_a_host_name_no_site_claims_gets_the_default_site(self, client, two_articles):
        page = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
        assert "苏力德苏木召开会议" in page

    def test_one_slug_names_each_sites_own_column(self, client, two_articles):
        first = client.get("/column/dongtai/", HTTP_HOST="www.example.gov.cn").content.decode()
        second = client.get("/column/dongtai/", HTTP_HOST=TOWNSHIP_HOST).content.decode()
        assert "苏力德苏木召开会议" in first and "嘎鲁图镇开展培训" not in first
        assert "嘎鲁图镇开展培训" in second and "苏力德苏木召开会议" not in second

    def test_another_sites_article_is_not_found_here(self, client, two_articles):
        ours, theirs = two_articles
        assert client.get(f"/article/{theirs.pk}/", HTTP_HOST=TOWNSHIP_HOST).status_code == 200
        assert client.get(f"/article/{theirs.pk}/", HTTP_HOST="www.example.gov.cn").status_code == 404
        assert client.get(f"/article/{ours.pk}/", HTTP_HOST=TOWNSHIP_HOST).status_code == 404

    def test_feeds_and_sitemaps_list_only_the_sites_own_articles(self, client, two_articles):
        ours, theirs = two_articles
        feed = client.get("/feed/", HTTP_HOST=TOWNSHIP_HOST).content.decode()
        sitemap = client.get("/sitemap-articles.xml", HTTP_HOST=TOWNSHIP_HOST).content.decode()
        for text in (feed, sitemap):
            assert f"/article/{theirs.pk}/" in text
            assert f"/article/{ours.pk}/" not in text


@pytest.mark.django_db
class TestPathPrefix:
    def test_site_key_prefix_reaches_a_site_on_any_host(self, client, two_articles):
        page = client.get("/site/galutu/", HTTP_HOST="127.0.0.1").content.decode()
        assert "嘎鲁图镇开展培训" in page and "苏力德苏木召开会议" not in page

    def test_links_on_a_prefixed_page_stay_under_the_prefix(self, client, two_articles):
        _, theirs = two_articles
        page = client.get("/site/galutu/column/dongtai/").content.decode()
        assert f'href="/site/galutu/article/{theirs.pk}/"' in page
        assert 'href="/site/galutu/"' in page
        # The script prefix is the request's alone: the next request has none.
        assert reverse("news:home") == "/"

    def test_an_unknown_site_key_is_not_found(self, client, two_articles):
        assert client.get("/site/nosuchsite/").status_code == 404
        assert client.get("/site/nosuchsite/column/dongtai/").status_code == 404


@pytest.mark.django_db
class TestCost:
    def test_routing_reads_the_host_names_once_then_no_query(self, township):
        site_hosts()
        with CaptureQueriesContext(connection) as queries:
            for host in ("www.example.gov.cn", TOWNSHIP_HOST, "unknown.example"):
                site_key_for_host(host)
        assert len(queries) == 0

    def test_a_new_site_is_routed_at_once_in_the_process_that_made_it(self, site):
        assert site_key_for_host("new.example.gov.cn") == "main"
        Site.objects.create(key="new", site_name="新站", domain="new.example.gov.cn", organiser="新站")
        assert site_key_for_host("new.example.gov.cn") == "new"

    def test_a_change_to_one_site_leaves_the_others_cached_pages_be(self, two_articles, township, columns):
        first, second = Site.objects.get(key="main"), Site.objects.get(key="galutu")
        content_version_bump(column_id=township["news"].pk)
        assert Site.objects.get(pk=second.pk).content_version == second.content_version + 1
        assert Site.objects.get(pk=first.pk).content_version == first.content_version


@pytest.mark.django_db
class TestPreview:
    def test_staff_preview_another_sites_article_in_that_sites_frame(self, admin_client, township):
        draft = Article.objects.create(title="嘎鲁图镇草稿", column=township["news"], body="<p>草稿。</p>")
        page = admin_client.get(reverse("news:article_preview", args=[draft.pk]), HTTP_HOST="www.example.gov.cn")
        assert page.status_code == 200
        text = page.content.decode()
        assert "嘎鲁图镇草稿" in text and "乌审旗嘎鲁图镇人民政府" in text

"""站群导航: every public page lists the platform's sites and marks its own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import Column, Site
from news.public.sites import site_hosts

pytestmark = pytest.mark.django_db

GALUTU = "galutu.example.gov.cn"
BANNER = "www.wsq.gov.cn"


def site_group(response):
    """(name, address, is current) of each link of the 站群导航."""
    html = response.content.decode()
    match = re.search(r'<nav class="site-group" aria-label="站群导航">(.*?)</nav>', html, re.S)
    if match is None:
        return None
    return [
        (name, url, bool(current))
        for url, current, name in re.findall(r'<a href="([^"]*)"( aria-current="true")?>([^<]*)</a>', match[1])
    ]


@pytest.fixture
def platform(site, columns, make_article):
    """The test site (default, a township), a second township and the
    banner's portal, made last but listed first."""
    galutu = Site.objects.create(key="galutu", site_name="嘎鲁图镇人民政府", domain=GALUTU, organiser="嘎鲁图镇")
    banner = Site.objects.create(
        key="wsq", site_name="乌审旗人民政府", domain=BANNER, organiser="乌审旗", is_platform=True
    )
    for other in (galutu, banner):
        Column.objects.create(site=other, name="动态", slug="dongtai")
    return {"article": make_article(), "galutu": galutu, "banner": banner}


class TestWhatItLists:
    def test_a_single_site_shows_no_site_group(self, client, site, columns):
        assert site_group(client.get("/")) is None

    def test_the_banner_comes_first_then_the_sites_in_the_order_they_were_made(self, client, platform):
        names = [name for name, _, _ in site_group(client.get("/"))]
        assert names == ["乌审旗人民政府", "乌审旗苏力德苏木人民政府", "嘎鲁图镇人民政府"]

    @pytest.mark.parametrize("page", ["home", "column", "article", "site map", "search", "not found"])
    def test_every_public_page_carries_it_with_its_own_site_marked(self, client, platform, page):
        paths = {
            "home": "/",
            "column": "/column/dongtai/",
            "article": platform["article"].get_absolute_url(),
            "site map": "/sitemap/",
            "search": "/search/?q=测试",
            "not found": "/column/no-such-column/",
        }
        links = site_group(client.get(paths[page], HTTP_HOST=GALUTU if page != "article" else "testserver"))
        assert links is not None, page
        current = [name for name, _, is_current in links if is_current]
        assert current == (["乌审旗苏力德苏木人民政府"] if page == "article" else ["嘎鲁图镇人民政府"])


class TestWhereItLinks:
    def test_on_a_host_name_the_other_sites_are_linked_at_their_domains(self, client, platform):
        links = site_group(client.get("/", HTTP_HOST=GALUTU))
        assert links == [
            ("乌审旗人民政府", f"https://{BANNER}/", False),
            ("乌审旗苏力德苏木人民政府", "https://www.example.gov.cn/", False),
            ("嘎鲁图镇人民政府", "/", True),
        ]

    def test_under_a_path_prefix_every_site_is_linked_by_its_prefix(self, client, platform):
        links = site_group(client.get("/site/galutu/"))
        assert links == [
            ("乌审旗人民政府", "/site/wsq/", False),
            ("乌审旗苏力德苏木人民政府", "/site/main/", False),
            ("嘎鲁图镇人民政府", "/site/galutu/", True),
        ]

    def test_a_site_whose_domain_only_this_machine_knows_is_linked_by_its_prefix(self, client, platform):
        platform["galutu"].domain = "galutu.localhost"
        platform["galutu"].save()
        links = {name: url for name, url, _ in site_group(client.get("/", HTTP_HOST=BANNER))}
        assert links["嘎鲁图镇人民政府"] == "/site/galutu/"
        assert links["乌审旗苏力德苏木人民政府"] == "https://www.example.gov.cn/"

    def test_every_link_reaches_its_sites_home_page(self, client, platform):
        for name, url, _ in site_group(client.get("/site/wsq/")):
            page = client.get(url).content.decode()
            assert f"<title>{name}</title>" in page


class TestCost:
    def test_once_routing_is_warm_the_site_group_reads_no_site_table(self, client, platform):
        site_hosts()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", HTTP_HOST=GALUTU)
        assert site_group(response)
        site_reads = [q["sql"] for q in queries.captured_queries if '"news_site"' in q["sql"]]
        assert len(site_reads) == 1  # the request's own site, as on a single site

    def test_renaming_a_site_shows_on_the_other_sites_cached_pages(self, client, platform):
        assert "嘎鲁图镇人民政府" in [name for name, _, _ in site_group(client.get("/", HTTP_HOST=BANNER))]
        galutu = platform["galutu"]
        galutu.site_name = "嘎鲁图镇政府"
        galutu.save()
        names = [name for name, _, _ in site_group(client.get("/", HTTP_HOST=BANNER))]
        assert "嘎鲁图镇政府" in names and "嘎鲁图镇人民政府" not in names

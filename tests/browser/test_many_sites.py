"""Two sites on two host names (集约化), read in Chromium through nginx
serving the published trees (and the live server behind it): each host
name shows its own site, links followed stay on that host, and another
site's article is not found there."""

import shutil

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_sites(site, columns, make_article, request):
    """苏力德苏木 on sulide.test and 嘎鲁图镇 on galutu.test, written to the
    published tree with nginx's host name map, served by nginx."""
    from news.models import Column, ColumnType, Site
    from publishing.nginx_map import nginx_site_map_write
    from publishing.services import pages_publish_waiting, site_publish_queue

    site.domain = "sulide.test"
    site.save()
    galutu = Site.objects.create(key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.test", organiser="嘎鲁图镇")
    sulide_news = columns["news"]
    galutu_news = Column.objects.create(name="嘎鲁图镇动态", slug="dongtai", column_type=ColumnType.NEWS, site=galutu)
    galutu_notices = Column.objects.create(name="嘎鲁图通知", slug="tongzhi", column_type=ColumnType.NEWS, site=galutu)
    articles = {
        "sulide": make_article(title="苏力德苏木召开草原防火会议", column=sulide_news),
        "galutu": make_article(title="嘎鲁图镇开展秸秆禁烧巡查", column=galutu_news),
        "galutu notice": make_article(title="嘎鲁图镇停水通知", column=galutu_notices),
    }
    root = settings.PUBLISH_ROOT
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    site_publish_queue()
    assert pages_publish_waiting()[1] == 0
    nginx_site_map_write()
    nginx = request.getfixturevalue("nginx")  # started once the map is there
    yield {"articles": articles, "port": nginx.port, "root": root}
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


def address(two_sites, host, path="/"):
    return f"http://{host}:{two_sites['port']}{path}"


class TestTwoSitesOnTwoHostNames:
    def test_each_host_name_shows_its_own_site(self, hosts_page, two_sites):
        page = hosts_page
        page.goto(address(two_sites, "sulide.test"))
        assert "乌审旗苏力德苏木人民政府" in page.title()
        assert page.get_by_role("link", name="苏力德苏木召开草原防火会议").first.is_visible()
        assert page.get_by_text("嘎鲁图镇开展秸秆禁烧巡查").count() == 0
        page.goto(address(two_sites, "galutu.test"))
        assert "嘎鲁图镇人民政府" in page.title()
        assert page.get_by_role("link", name="嘎鲁图镇开展秸秆禁烧巡查").first.is_visible()
        assert page.get_by_role("link", name="嘎鲁图通知").first.is_visible()
        assert page.get_by_text("苏力德苏木召开草原防火会议").count() == 0

    def test_links_followed_stay_on_the_sites_host_name(self, hosts_page, two_sites):
        page = hosts_page
        page.goto(address(two_sites, "galutu.test"))
        page.get_by_role("link", name="嘎鲁图镇开展秸秆禁烧巡查").first.click()
        page.wait_for_url(address(two_sites, "galutu.test", f"/article/{two_sites['articles']['galutu'].pk}/"))
        assert page.get_by_role("heading", name="嘎鲁图镇开展秸秆禁烧巡查").is_visible()
        page.get_by_role("link", name="嘎鲁图通知").first.click()
        page.wait_for_url(address(two_sites, "galutu.test", "/column/tongzhi/"))
        assert page.get_by_role("link", name="嘎鲁图镇停水通知").is_visible()
        # The file nginx served is the galutu folder's.
        assert (two_sites["root"] / "galutu" / "column" / "tongzhi" / "index.html").exists()

    def test_another_sites_article_is_not_found_on_this_host_name(self, hosts_page, two_sites):
        sulide_id = two_sites["articles"]["sulide"].pk
        response = hosts_page.goto(address(two_sites, "galutu.test", f"/article/{sulide_id}/"))
        assert response.status == 404
        response = hosts_page.goto(address(two_sites, "sulide.test", f"/article/{sulide_id}/"))
        assert response.status == 200

"""A real nginx with the deploy snippets serves each host name its own
site's published tree, through the host name map the portal writes
(publishing/nginx_map.py), with no edit of the snippets per site."""

import pytest

from news.models import Column, ColumnType, Site
from publishing.nginx_map import nginx_site_map_write
from publishing.services import pages_publish_waiting, site_publish_queue
from tests.nginx import Nginx, free_port

GALUTU_HOST = "galutu.example.gov.cn"


@pytest.fixture
def two_trees(published_tree, make_article):
    galutu = Site.objects.create(
        key="galutu",
        site_name="嘎鲁图镇人民政府",
        domain=GALUTU_HOST,
        extra_domains="galutu.gov.cn",
        organiser="嘎鲁图镇人民政府",
    )
    column = Column.objects.create(name="嘎鲁图镇动态", slug="dongtai", column_type=ColumnType.NEWS, site=galutu)
    main_article = make_article(title="苏力德苏木的文章")
    galutu_article = make_article(title="嘎鲁图镇的文章", column=column)
    site_publish_queue()
    assert pages_publish_waiting()[1] == 0
    nginx_site_map_write()
    # Nothing listens upstream: every answer below comes from the tree.
    server = Nginx(free_port()).start()
    yield {"nginx": server, "main": main_article, "galutu": galutu_article}
    server.stop()


class TestHostNames:
    def test_each_host_name_is_served_its_own_sites_pages(self, two_trees):
        nginx = two_trees["nginx"]
        main_home = nginx.get("/", host="www.example.gov.cn")
        galutu_home = nginx.get("/", host=GALUTU_HOST)
        assert main_home.status == galutu_home.status == 200
        assert "苏力德苏木的文章" in main_home.body.decode() and "嘎鲁图镇的文章" not in main_home.body.decode()
        assert "嘎鲁图镇的文章" in galutu_home.body.decode() and "苏力德苏木的文章" not in galutu_home.body.decode()
        same_path = nginx.get("/column/dongtai/", host=GALUTU_HOST)
        assert "嘎鲁图镇动态" in same_path.body.decode()

    def test_another_sites_article_is_not_served_from_the_tree(self, two_trees):
        nginx = two_trees["nginx"]
        assert nginx.get(f"/article/{two_trees['galutu'].pk}/", host=GALUTU_HOST).status == 200
        # No file in the main site's folder: it goes to the application (down here: 503).
        assert nginx.get(f"/article/{two_trees['galutu'].pk}/", host="www.example.gov.cn").status == 503

    def test_an_extra_domain_and_a_port_reach_the_same_site(self, two_trees):
        nginx = two_trees["nginx"]
        assert "嘎鲁图镇的文章" in nginx.get("/", host="galutu.gov.cn").body.decode()
        assert "嘎鲁图镇的文章" in nginx.get("/", host="GALUTU.example.gov.cn:443").body.decode()

    def test_a_host_name_no_site_claims_gets_the_default_site(self, two_trees):
        page = two_trees["nginx"].get("/", host="unknown.example.org")
        assert page.status == 200 and "苏力德苏木的文章" in page.body.decode()

"""网站地图 is a page people can read, and the footer's 找错 and 党政机关
links go where inspectors expect, on a configured site and on the demo."""

import html as entities
import io
import re

import pytest
from django.core.management import call_command

from news.models import Site

pytestmark = pytest.mark.django_db

PLATFORM = "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id="


def footer(response):
    return re.search(r'<footer class="site-footer">.*</footer>', response.content.decode(), re.S).group(0)


def link_to(html, text):
    match = re.search(rf'<a [^>]*href="([^"]*)"[^>]*>\s*(?:<img[^>]*>\s*)?{text}', html)
    return match and entities.unescape(match.group(1))


class TestSiteMapPage:
    def test_the_footer_links_to_the_html_site_map(self, client, columns):
        assert link_to(footer(client.get("/")), "网站地图") == "/sitemap/"

    def test_the_site_map_lists_every_column_under_its_parent(self, client, columns):
        response = client.get("/sitemap/")
        html = response.content.decode()
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        site_map = re.search(r'<section class="site-map".*?</section>', html, re.S).group(0)
        public = re.search(r'href="/column/gongkai/">公开</a>\s*<ul>(.*?)</ul>', site_map, re.S).group(1)
        assert 'href="/column/dongtai/">苏木镇动态</a>' in public
        assert 'href="/column/tongzhi/">通知公告</a>' in public
        assert "政务要闻" not in public
        assert 'href="/column/yaowen/">政务要闻</a>' in site_map
        assert "苏木镇工作动态" in site_map

    def test_the_breadcrumb_names_the_site_map_as_the_current_place(self, client, columns):
        html = client.get("/sitemap/").content.decode()
        crumb = re.search(r'<nav class="breadcrumb" aria-label="当前位置">(.*?)</nav>', html, re.S).group(1)
        assert crumb.startswith('<span>当前位置:</span><a href="/">首页</a>')
        assert crumb.endswith('<span aria-current="page">网站地图</span>')

    def test_a_new_column_appears_at_once(self, client, columns):
        client.get("/sitemap/")
        type(columns["news"]).objects.create(name="新设栏目", slug="xinshe", parent=columns["public"])
        assert 'href="/column/xinshe/">新设栏目</a>' in client.get("/sitemap/").content.decode()

    def test_the_xml_sitemap_stays_for_crawlers(self, client, columns):
        assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


class TestFooterLinks:
    def test_configured_addresses_are_used(self, client, site):
        html = footer(client.get("/"))
        assert link_to(html, "我为政府网站找错") == site.error_report_url
        assert link_to(html, '<img[^>]*alt="党政机关"') == site.government_badge_url

    def test_without_an_address_the_error_link_is_the_platforms_page_for_the_site_code(self, client, site):
        site.error_report_url = ""
        site.save()
        assert link_to(footer(client.get("/")), "我为政府网站找错") == f"{PLATFORM}{site.site_id_code}"

    def test_with_neither_address_nor_site_code_nothing_links_to_a_hash(self, client, site):
        site.error_report_url = site.government_badge_url = site.site_id_code = ""
        site.save()
        html = footer(client.get("/"))
        assert 'href="#"' not in html
        assert "我为政府网站找错" not in html
        assert 'alt="党政机关"' in html

    def test_the_demo_footer_has_real_addresses(self, client):
        call_command("load_demo", stdout=io.StringIO())
        site = Site.objects.default()
        html = footer(client.get("/"))
        assert 'href="#"' not in html
        assert link_to(html, "我为政府网站找错") == f"{PLATFORM}{site.site_id_code}"
        assert link_to(html, '<img[^>]*alt="党政机关"').startswith("https://bszs.conac.cn/sitename?method=show&id=")

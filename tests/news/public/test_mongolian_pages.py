"""The public pages of the 蒙古文版: every page type in Mongolian, the 蒙/汉
switch and hreflang alternates, Mongolian dates, feeds, sitemaps, and the
same number of queries as the Chinese pages."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from news.models import Column, Site
from news.public.sites import site_hosts_forget
from tests.conftest import MN_TITLE, beijing

CJK = re.compile(r"[\u3400-\u9fff]")
# Shown as they are in both languages: they have no Mongolian version.
NOT_TRANSLATED_FIELDS = ("icp_number", "police_number", "publisher", "organiser", "contact")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read aloud."""

    SKIPPED = {"script", "style", "head"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skip += 1
        self.parts += [
            value for name, value in attrs if name in ("aria-label", "alt", "placeholder", "title") and value
        ]

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def chinese_left(page, site, *allowed):
    """The Chinese characters a Mongolian page shows besides the fields
    that have no Mongolian version and the 汉文 link of the switch."""
    parser = VisibleText()
    parser.feed(page)
    text = "\n".join(parser.parts)
    for value in ["汉文", "蒙古文为占位稿,正式译文待翻译人员提供。", *allowed] + [
        getattr(site, name) for name in NOT_TRANSLATED_FIELDS
    ]:
        if value:
            text = text.replace(value, "")
    return CJK.findall(text)


@pytest.fixture(autouse=True)
def script_prefix_restored():
    yield
    set_script_prefix("/")


@pytest.fixture
def every_column_named(mongolian):
    for number, column in enumerate(Column.objects.filter(site=mongolian)):
        column.name_mn = f"ᠪᠤᠯᠤᠩ {number}"
        column.save()
    return mongolian


@pytest.mark.django_db
class TestEveryPageInMongolian:
    def test_the_home_page_is_mongolian_with_mongolian_titles_and_no_chinese_interface(
        self, client, make_mongolian_article, every_column_named
    ):
        make_mongolian_article(title="中文标题")
        page = client.get("/mn/").content.decode()
        assert '<html lang="mn-Mong"' in page
        assert MN_TITLE in page and "中文标题" not in page
        assert "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ" in page  # the site's Mongolian name
        assert chinese_left(page, every_column_named) == []

    def test_the_article_page_shows_its_mongolian_version_source_author_and_date(
        self, client, make_mongolian_article, every_column_named
    ):
        article = make_mongolian_article(
            source_mn="ᠰᠤᠮᠤ", author_mn="ᠪᠠᠲᠤ", author="张三", published_at=beijing(2026, 6, 7, 9, 5)
        )
        page = client.get(f"/mn/article/{article.pk}/").content.decode()
        assert f'<h1 id="article-title" class="article-title">{MN_TITLE}</h1>' in page
        assert "ᠡᠬᠢ ᠰᠤᠷᠪᠤᠯᠵᠢ᠄ᠰᠤᠮᠤ" in page
        assert "(ᠪᠠᠲᠤ)" in page and "张三" not in page
        assert 'datetime="2026-06-07T09:05:00+08:00"' in page
        assert '<span class="mn-digits">2026</span> ᠣᠨ\u202fᠤ <span class="mn-digits">6</span>' in page
        assert '<span class="mn-digits">09:05</span>' in page
        assert "ᠳᠠᠷᠤᠮᠠᠯᠠᠬᠤ" in page  # 打印
        assert chinese_left(page, every_column_named, article.index_number) == []

    def test_the_site_map_page_is_mongolian(self, client, every_column_named):
        page = client.get("/mn/sitemap/").content.decode()
        assert '<h1 id="site-map-title">ᠰᠦᠯᠵᠢᠶᠡᠨ ᠥᠷᠲᠡᠭᠡ\u202fᠶᠢᠨ ᠭᠠᠵᠠᠷ\u202fᠤᠨ ᠵᠢᠷᠤᠭ</h1>' in page
        assert 'href="/mn/column/dongtai/"' in page
        assert chinese_left(page, every_column_named) == []

    def test_the_search_page_strings_are_mongolian(self, client, every_column_named):
        page = client.get("/mn/search/").content.decode()
        assert '<h1 id="search-title">ᠰᠦᠯᠵᠢᠶᠡᠨ ᠥᠷᠲᠡᠭᠡ\u202fᠳᠡᠬᠢ ᠬᠠᠶᠢᠯᠲᠠ</h1>' in page
        assert "没有找到相关信息" not in page and "请在上方输入" not in page
        assert "ᠵᠠᠩᠭᠢᠯᠠᠭ᠎ᠠ ᠦᠭᠡ\u202fᠪᠡᠨ ᠣᠷᠣᠭᠤᠯᠤᠭᠠᠷᠠᠢ" in page  # the search box's placeholder

    def test_a_missing_page_under_mn_answers_a_mongolian_404(self, client, every_column_named):
        response = client.get("/mn/no-such-page/")
        page = response.content.decode()
        assert response.status_code == 404
        assert '<html lang="mn-Mong"' in page and "ᠨᠢᠭᠤᠷ ᠣᠯᠳᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ" in page
        assert chinese_left(page, every_column_named) == []

    def test_django_s_cyrillic_mongolian_never_shows(self, client, every_column_named):
        page = client.get("/mn/search/?start=not-a-date").content.decode()
        assert not re.search(r"[\u0400-\u04ff]", page)


@pytest.mark.django_db
class TestChinesePagesUnchanged:
    def test_a_chinese_page_keeps_its_chinese_strings_and_dates(self, client, make_mongolian_article):
        article = make_mongolian_article(title="中文标题", published_at=beijing(2026, 6, 7, 9, 5))
        page = client.get(f"/article/{article.pk}/").content.decode()
        assert '<html lang="zh-CN"' in page
        assert "2026年06月07日 09:05" in page and "来源:" in page and "【字体:" in page
        assert "mn-digits" not in page and MN_TITLE not in page

    def test_a_site_without_a_mongolian_version_has_no_switch_and_no_alternates(self, client, site, make_article):
        article = make_article()
        page = client.get(f"/article/{article.pk}/").content.decode()
        assert "language-switch" not in page and "hreflang" not in page


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_the_switch_keeps_the_reader_on_the_same_article_mongolian_first(self, client, make_mongolian_article):
        article = make_mongolian_article()
        page = client.get(f"/article/{article.pk}/").content.decode()
        switch = re.search(r'<nav class="language-switch" aria-label="[^"]+">(.*?)</nav>', page).group(1)
        assert switch == (
            f'<a href="/mn/article/{article.pk}/" hreflang="mn-Mong" lang="mn-Mong">ᠮᠣᠩᠭᠣᠯ</a>'
            f'<a href="/article/{article.pk}/" hreflang="zh-CN" lang="zh-CN" aria-current="page">汉文</a>'
        )

    def test_on_the_mongolian_page_the_mongolian_link_is_current(self, client, make_mongolian_article):
        article = make_mongolian_article()
        page = client.get(f"/mn/article/{article.pk}/").content.decode()
        assert f'href="/mn/article/{article.pk}/" hreflang="mn-Mong" lang="mn-Mong" aria-current="page"' in page
        assert f'<a href="/article/{article.pk}/" hreflang="zh-CN" lang="zh-CN">汉文</a>' in page

    def test_the_switch_keeps_the_search_query_but_not_the_page_number(self, client, mongolian, make_article):
        # The Mongolian list is shorter: its page 2 may not exist.
        for day in range(1, 25):
            make_article(published_at=beijing(2026, 5, day, 8, 0))
        page = client.get("/column/dongtai/?page=2").content.decode()
        assert 'href="/mn/column/dongtai/" hreflang="mn-Mong"' in page
        assert client.get("/mn/column/dongtai/").status_code == 200
        page = client.get("/search/?q=%E6%B0%91%E6%97%8F").content.decode()
        assert 'href="/mn/search/?q=%E6%B0%91%E6%97%8F" hreflang="mn-Mong"' in page

    def test_head_carries_absolute_hreflang_alternates_for_both_languages(self, client, make_mongolian_article):
        article = make_mongolian_article()
        page = client.get(f"/article/{article.pk}/").content.decode()
        assert f'<link rel="alternate" hreflang="mn-Mong" href="http://testserver/mn/article/{article.pk}/">' in page
        assert f'<link rel="alternate" hreflang="zh-CN" href="http://testserver/article/{article.pk}/">' in page

    def test_a_chinese_article_without_a_mongolian_version_links_the_mongolian_home_page(
        self, client, make_article, mongolian
    ):
        article = make_article()
        page = client.get(f"/article/{article.pk}/").content.decode()
        assert '<a href="/mn/" hreflang="mn-Mong" lang="mn-Mong">ᠮᠣᠩᠭᠣᠯ</a>' in page
        assert 'hreflang="mn-Mong" href=' not in page  # no alternate in <head>

    def test_links_of_a_site_reached_by_prefix_keep_the_prefix(self, client, galutu, make_mongolian_article):
        galutu["site"].mongolian_enabled = True
        galutu["site"].save()
        site_hosts_forget()
        page = client.get("/site/galutu/column/dongtai/").content.decode()
        assert 'href="/site/galutu/mn/column/dongtai/" hreflang="mn-Mong"' in page
        page = client.get("/site/galutu/mn/").content.decode()
        assert 'href="/site/galutu/mn/" hreflang="mn-Mong" lang="mn-Mong" aria-current="page"' in page
        assert 'href="/site/galutu/" hreflang="zh-CN"' in page


@pytest.mark.django_db
class TestPlaceholderNotice:
    def test_a_placeholder_translation_says_so_in_chinese_and_mongolian(self, client, make_mongolian_article):
        article = make_mongolian_article(mongolian_placeholder=True)
        page = client.get(f"/mn/article/{article.pk}/").content.decode()
        assert 'class="mongolian-placeholder-notice"' in page
        assert "蒙古文为占位稿" in page and "ᠲᠦᠷ ᠴᠠᠭ" in page

    def test_a_real_translation_and_the_chinese_page_have_no_notice(self, client, make_mongolian_article):
        placeholder = make_mongolian_article(mongolian_placeholder=True)
        real = make_mongolian_article()
        assert "mongolian-placeholder-notice" not in client.get(f"/mn/article/{real.pk}/").content.decode()
        assert "mongolian-placeholder-notice" not in client.get(f"/article/{placeholder.pk}/").content.decode()


@pytest.mark.django_db
class TestFeedsAndSitemaps:
    def test_the_mongolian_feed_lists_only_mongolian_items_with_mongolian_links(
        self, client, make_article, make_mongolian_article
    ):
        chinese_only = make_article(title="只有中文")
        both = make_mongolian_article()
        feed = client.get("/mn/feed/").content.decode()
        assert f"<title>{MN_TITLE}</title>" in feed
        assert f"http://testserver/mn/article/{both.pk}/" in feed
        assert "只有中文" not in feed and f"/article/{chinese_only.pk}/" not in feed
        assert "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ - ᠬᠠᠮᠤᠭ ᠰᠢᠨ᠎ᠡ ᠮᠡᠳᠡᠭᠡ" in feed

    def test_a_column_feed_in_mongolian(self, client, make_mongolian_article, columns):
        article = make_mongolian_article(column=columns["news"])
        feed = client.get("/mn/column/dongtai/feed/").content.decode()
        assert f"http://testserver/mn/article/{article.pk}/" in feed
        assert "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ" in feed  # the column's Mongolian name

    def test_the_sitemap_lists_mongolian_pages_with_hreflang_alternates(
        self, client, make_article, make_mongolian_article
    ):
        chinese_only = make_article()
        both = make_mongolian_article()
        xml = client.get("/sitemap-articles.xml").content.decode()
        assert f"<loc>http://testserver/mn/article/{both.pk}/</loc>" in xml
        assert f"<loc>http://testserver/article/{both.pk}/</loc>" in xml
        assert f'hreflang="mn-Mong" href="http://testserver/mn/article/{both.pk}/"' in xml
        assert f"<loc>http://testserver/article/{chinese_only.pk}/</loc>" in xml
        assert f"/mn/article/{chinese_only.pk}/" not in xml
        home = client.get("/sitemap-home.xml").content.decode()
        assert "<loc>http://testserver/mn/</loc>" in home

    def test_the_sitemap_under_mn_is_the_same_as_the_chinese_one(self, client, make_mongolian_article):
        make_mongolian_article()
        assert client.get("/mn/sitemap-articles.xml").content == client.get("/sitemap-articles.xml").content

    def test_a_site_without_a_mongolian_version_lists_no_mongolian_page(self, client, site, make_article):
        make_article()
        xml = client.get("/sitemap-articles.xml").content.decode()
        assert "/mn/" not in xml and "xhtml:link" not in xml


@pytest.mark.django_db
class TestSiteGroupInMongolian:
    def test_other_sites_are_linked_at_their_mongolian_home_when_they_have_one(self, client, galutu, mongolian):
        Site.objects.create(key="third", site_name="第三镇", domain="third.example.gov.cn", organiser="第三镇")
        galutu["site"].mongolian_enabled = True
        galutu["site"].site_name_mn = "ᠭᠠᠯᠤᠲᠤ"
        galutu["site"].save()
        site_hosts_forget()
        page = client.get("/mn/").content.decode()
        assert '<a href="https://galutu.example.gov.cn/mn/">ᠭᠠᠯᠤᠲᠤ</a>' in page
        assert '<a href="https://third.example.gov.cn/">第三镇</a>' in page
        chinese = client.get("/").content.decode()
        assert '<a href="https://galutu.example.gov.cn/">嘎鲁图镇人民政府</a>' in chinese


@pytest.mark.django_db
class TestQueryCounts:
    def test_every_mongolian_page_runs_the_queries_of_its_chinese_page(self, client, make_mongolian_article, columns):
        for day in range(1, 25):
            make_mongolian_article(column=columns["news"], published_at=beijing(2026, 5, day, 8, 0))
        article = make_mongolian_article(column=columns["news"])
        paths = {
            "home": "/",
            "column": "/column/dongtai/?page=2",
            "article": f"/article/{article.pk}/",
            "site map": "/sitemap/",
            "search": "/search/",
            "feed": "/feed/",
            "sitemap": "/sitemap-articles.xml",
        }
        client.get("/")  # the host table, read once per process
        counts = {}
        for name, path in paths.items():
            for prefix in ("", "/mn"):
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(prefix + path).status_code == 200, prefix + path
                counts[(name, prefix)] = len(queries)
        for name in paths:
            assert counts[(name, "/mn")] == counts[(name, "")], name

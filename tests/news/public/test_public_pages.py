"""What residents see on the public pages, and what never breaks them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from news.models import Article, ArticleStatus

from ...conftest import beijing

pytestmark = pytest.mark.django_db


def meta(response, name):
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', response.content.decode())
    return match and match.group(1)


@pytest.fixture
def seed_like(make_article):
    return make_article(
        "苏力德苏木:做好“三篇文章” 奋力开创统战工作新局面",
        author="茜沁",
        body="<p>第一段正文。</p><h2>做好强基固本文章,强化统战“引领力”</h2><p>第二段正文。</p>",
        published_at=beijing(2024, 6, 7, 18, 49),
    )


class TestArticlePage:
    def test_shows_breadcrumb_time_source_title_body_and_byline(self, client, seed_like):
        response = client.get(seed_like.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert re.search(r"当前位置:</span><a href=\"/\">首页</a>.*公开</a>.*苏木镇动态</a>", html, re.S)
        assert "2024年06月07日 18:49" in html
        assert "来源:乌审旗苏力德苏木人民政府" in html
        assert "苏力德苏木:做好“三篇文章” 奋力开创统战工作新局面" in html
        assert "<h2>做好强基固本文章,强化统战“引领力”</h2>" in html
        assert '<p class="article-byline">(茜沁)</p>' in html
        assert "【字体:" in html and ">大</a>" in html and ">中</a>" in html and ">小</a>" in html
        assert "打印" in html

    def test_shows_index_number_publishing_body_and_view_count(self, client, seed_like, site):
        html = client.get(seed_like.get_absolute_url()).content.decode()
        assert seed_like.index_number in html
        assert f"<dd>{site.publisher}</dd>" in html
        assert "浏览次数:0" in html  # counted by the page's beacon, in batches: test_view_counts.py

    def test_carries_the_article_meta_tags(self, client, seed_like, site):
        response = client.get(seed_like.get_absolute_url())
        assert meta(response, "ArticleTitle") == "苏力德苏木:做好“三篇文章” 奋力开创统战工作新局面"
        assert meta(response, "PubDate") == "2024-06-07 18:49"
        assert meta(response, "ContentSource") == "乌审旗苏力德苏木人民政府"
        assert meta(response, "ColumnName") == "苏木镇动态"
        assert meta(response, "ColumnType") == "动态/要闻"
        assert meta(response, "ColumnDescription") == "苏木镇工作动态"
        assert meta(response, "ColumnKeywords") == "动态,苏力德"

    def test_links_previous_and_next_in_the_column(self, client, make_article):
        older = make_article("较早的文章", published_at=beijing(2024, 1, 1, 8, 0))
        current = make_article("当前文章", published_at=beijing(2024, 2, 1, 8, 0))
        newer = make_article("较新的文章", published_at=beijing(2024, 3, 1, 8, 0))
        html = client.get(current.get_absolute_url()).content.decode()
        assert f'上一篇:<a href="{newer.get_absolute_url()}">较新的文章</a>' in html
        assert f'下一篇:<a href="{older.get_absolute_url()}">较早的文章</a>' in html

    def test_text_fields_are_escaped(self, client, make_article):
        article = make_article('<script>alert("t")</script>', author="<b>x</b>", source="<img src=x onerror=alert(1)>")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<script>alert("t")</script>' not in html
        assert "<img src=x onerror" not in html
        assert "&lt;script&gt;" in html

    @pytest.mark.parametrize("status", [ArticleStatus.DRAFT])
    def test_drafts_are_not_found(self, client, make_article, status):
        article = make_article(status=status)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_scheduled_articles_are_not_found_before_their_time(self, client, make_article):
        article = make_article(published_at=timezone.now() + timedelta(days=1))
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_unknown_articles_get_the_site_styled_404(self, client, site):
        response = client.get("/article/999999/")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()
        assert site.site_name in response.content.decode()

    @pytest.mark.parametrize("path", ["/article/99999999999999999999999/", "/article/abc/", "/article/-1/"])
    def test_odd_article_ids_are_not_found(self, client, site, path):
        assert client.get(path).status_code == 404


class TestColumnPage:
    def test_lists_articles_of_the_column_and_its_subcolumns_newest_first(self, client, make_article, columns):
        make_article("动态一", published_at=beijing(2024, 1, 1, 8, 0))
        make_article("公告二", column=columns["notices"], published_at=beijing(2024, 2, 1, 8, 0))
        make_article("别处的要闻", column=columns["headlines"])
        html = client.get(columns["public"].get_absolute_url()).content.decode()
        listing = html.split('class="article-list"')[1].split("</ul>")[0]
        assert listing.index("公告二") < listing.index("动态一")
        assert "别处的要闻" not in listing
        assert 'id="column-title">公开</h1>' in html

    def test_shows_breadcrumb_and_subcolumns(self, client, columns):
        html = client.get(columns["public"].get_absolute_url()).content.decode()
        assert 'aria-label="子栏目"' in html
        assert "苏木镇动态</a>" in html and "通知公告</a>" in html

    def test_has_the_column_meta_tags(self, client, columns):
        response = client.get(columns["news"].get_absolute_url())
        assert meta(response, "ColumnName") == "苏木镇动态"
        assert meta(response, "ColumnType") == "动态/要闻"
        assert meta(response, "ArticleTitle") is None

    def test_pages_hold_twenty_articles(self, client, make_article, columns):
        for day in range(1, 26):
            make_article(f"文章{day:02d}", published_at=beijing(2024, 1, day, 8, 0))
        first = client.get(columns["news"].get_absolute_url()).content.decode()
        second = client.get(columns["news"].get_absolute_url() + "?page=2").content.decode()
        assert first.count('class="article-item"') == 20
        assert second.count('class="article-item"') == 5
        assert "文章25" in first and "文章05" in second
        assert "第 2 / 2 页" in second

    def test_page_links_carry_only_the_page_for_visitors(self, client, make_article, columns):
        for day in range(1, 42):
            make_article(f"文章{day:02d}", published_at=beijing(2024, 1, day % 28 + 1, 8, 0))
        html = client.get(columns["news"].get_absolute_url() + "?page=2&utm_source=wx").content.decode()
        nav = re.search(r'<nav class="pagination" aria-label="分页">.*?</nav>', html, re.S).group(0)
        assert '<a href="?page=1">首页</a>' in nav
        assert '<a href="?page=1" rel="prev">上一页</a>' in nav
        assert '<a href="?page=3" rel="next">下一页</a>' in nav
        assert '<a href="?page=3">尾页</a>' in nav
        assert "第 2 / 3 页,共 41 条" in nav
        assert "utm_source" not in html

    def test_drafts_and_scheduled_articles_are_not_listed(self, client, make_article, columns):
        make_article("草稿文章", status=ArticleStatus.DRAFT)
        make_article("定时文章", published_at=timezone.now() + timedelta(hours=2))
        html = client.get(columns["news"].get_absolute_url()).content.decode()
        assert "草稿文章" not in html and "定时文章" not in html
        assert "本栏目暂无信息" in html

    @pytest.mark.parametrize(
        "query", ["?page=abc", "?page=999999", "?page=0", "?page=-1", "?page=1.5", "?page=" + "9" * 400]
    )
    def test_bad_page_numbers_are_not_found(self, client, columns, query):
        assert client.get(columns["news"].get_absolute_url() + query).status_code == 404

    @pytest.mark.parametrize("query", ["?x=" + "长" * 3000, "?page=last", "?q=%00%ff", "?page=1&page=2"])
    def test_odd_query_strings_give_a_sensible_page(self, client, columns, query):
        assert client.get(columns["news"].get_absolute_url() + query).status_code in (200, 404)

    def test_unknown_columns_are_not_found(self, client, site):
        assert client.get("/column/no-such-column/").status_code == 404


class TestHomePage:
    def test_shows_the_headline_and_latest_items_per_column(self, client, make_article, columns):
        make_article("普通文章", published_at=beijing(2024, 6, 8, 8, 0))
        make_article("头条文章", is_headline=True, published_at=beijing(2024, 6, 1, 8, 0))
        make_article("一则通知", column=columns["notices"])
        html = client.get("/").content.decode()
        headline = html.split('class="headline"')[1].split("</section>")[0]
        assert "头条文章" in headline
        assert 'id="section-dongtai"' in html and 'id="section-tongzhi"' in html and 'id="section-yaowen"' in html
        assert "一则通知" in html.split('id="section-tongzhi"')[1].split("</section>")[0]

    def test_the_newest_article_is_the_headline_when_none_is_marked(self, client, make_article):
        make_article("旧文章", published_at=beijing(2024, 1, 1, 8, 0))
        make_article("新文章", published_at=beijing(2024, 6, 1, 8, 0))
        html = client.get("/").content.decode()
        assert "新文章" in html.split('class="headline"')[1].split("</section>")[0]

    def test_an_empty_site_still_renders(self, client, site):
        assert client.get("/").status_code == 200


class TestEveryPage:
    @pytest.fixture
    def pages(self, seed_like, columns):
        return ["/", columns["news"].get_absolute_url(), seed_like.get_absolute_url(), "/no-such-page/"]

    def test_every_page_has_the_site_meta_tags(self, client, pages, site):
        for path in pages:
            response = client.get(path)
            assert meta(response, "SiteName") == site.site_name, path
            assert meta(response, "SiteDomain") == site.domain, path
            assert meta(response, "SiteIDCode") == site.site_id_code, path
            for name in ("ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"):
                assert meta(response, name), (path, name)

    def test_every_page_has_the_footer_items_inspectors_look_for(self, client, pages, site):
        for path in pages:
            html = client.get(path).content.decode()
            footer = html.split('<footer class="site-footer">')[1]
            assert f'href="{site.government_badge_url.replace("&", "&amp;")}"' in footer, path
            assert 'alt="党政机关"' in footer
            assert "我为政府网站找错" in footer and site.error_report_url.replace("&", "&amp;") in footer
            assert f"网站标识码:{site.site_id_code}" in footer
            assert site.icp_number in footer and "https://beian.miit.gov.cn/" in footer
            assert site.police_number in footer and "police-badge" in footer
            assert f"网站主办单位:{site.organiser}" in footer
            assert f"联系方式:{site.contact}" in footer

    def test_every_page_has_lang_rss_link_navigation_and_viewport(self, client, pages):
        for path in pages:
            html = client.get(path).content.decode()
            assert '<html lang="zh-CN"' in html
            assert 'type="application/rss+xml"' in html
            assert 'aria-label="栏目导航"' in html
            assert 'name="viewport"' in html

    def test_the_footer_follows_site_settings_edits(self, client, site, pages):
        client.get("/")
        site.contact = "0477-7654321"
        site.save()
        assert "联系方式:0477-7654321" in client.get("/").content.decode()


class TestPreferences:
    def test_the_font_size_link_sets_a_cookie_and_returns_to_the_page(self, client, seed_like):
        url = seed_like.get_absolute_url()
        response = client.get(reverse("news:set_font_size", args=["large"]), {"next": url})
        assert response.status_code == 302 and response["Location"] == url
        assert response.cookies["font_size"].value == "large"
        assert "--body-font: 20px;" in client.get("/preferences.css").content.decode()

    def test_elder_mode_is_remembered_and_can_be_left(self, client, site):
        client.get(reverse("news:set_elder_mode", args=["on"]), {"next": "/"})
        assert "--body-font: 30px;" in client.get("/preferences.css").content.decode()
        client.get(reverse("news:set_elder_mode", args=["off"]), {"next": "/"})
        assert "--body-font: 16px;" in client.get("/preferences.css").content.decode()

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
    def test_the_return_address_must_be_on_this_site(self, client, site, target):
        response = client.get(reverse("news:set_font_size", args=["small"]), {"next": target})
        assert response["Location"] == "/"

    def test_unknown_sizes_are_not_found(self, client, site):
        assert client.get("/preferences/font/huge/").status_code == 404
        assert client.get("/preferences/elder/maybe/").status_code == 404

    def test_an_unknown_cookie_value_falls_back_to_medium(self, client, site):
        client.cookies["font_size"] = "<script>"
        stylesheet = client.get("/preferences.css").content.decode()
        assert "--body-font: 16px;" in stylesheet and "<script>" not in stylesheet


class TestFeedsAndSitemap:
    def test_the_rss_feed_lists_published_articles_only(self, client, seed_like, make_article):
        make_article("草稿不应出现", status=ArticleStatus.DRAFT)
        make_article("定时不应出现", published_at=timezone.now() + timedelta(days=1))
        response = client.get("/feed/")
        xml = response.content.decode()
        assert response["Content-Type"].startswith("application/rss+xml")
        assert seed_like.title in xml and seed_like.get_absolute_url() in xml
        assert "草稿不应出现" not in xml and "定时不应出现" not in xml

    def test_each_column_has_its_feed_including_subcolumns(self, client, make_article, columns):
        make_article("动态文章")
        make_article("公告文章", column=columns["notices"])
        make_article("要闻文章", column=columns["headlines"])
        xml = client.get(reverse("news:column_feed", args=["gongkai"])).content.decode()
        assert "动态文章" in xml and "公告文章" in xml and "要闻文章" not in xml
        assert client.get(reverse("news:column_feed", args=["nothing"])).status_code == 404

    def test_column_pages_link_their_feed(self, client, columns):
        assert "/column/dongtai/feed/" in client.get(columns["news"].get_absolute_url()).content.decode()

    def test_the_sitemap_lists_home_columns_and_published_articles(self, client, seed_like, make_article, columns):
        draft = make_article("草稿", status=ArticleStatus.DRAFT)
        index = client.get("/sitemap.xml").content.decode()
        assert "sitemap-articles.xml" in index and "sitemap-columns.xml" in index
        articles = client.get("/sitemap-articles.xml").content.decode()
        assert seed_like.get_absolute_url() in articles
        assert draft.get_absolute_url() not in articles
        assert columns["news"].get_absolute_url() in client.get("/sitemap-columns.xml").content.decode()

    def test_bad_sitemap_pages_are_not_found(self, client, site):
        assert client.get("/sitemap-articles.xml?p=abc").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404

    def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(self, client, site):
        response = client.get("/robots.txt")
        text = response.content.decode()
        assert response["Content-Type"].startswith("text/plain")
        assert "Disallow: /admin/" in text
        assert "Sitemap: http://testserver/sitemap.xml" in text


class TestScheduledPublishing:
    def test_an_article_appears_when_the_task_queued_for_its_time_has_run(
        self, client, make_article, columns, django_capture_on_commit_callbacks, time_machine, settings, tmp_path
    ):
        from tests.ops.test_daily_tasks import worker_run

        settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            make_article("定时发布", published_at=now + timedelta(hours=1))
        page = columns["news"].get_absolute_url()
        assert "定时发布" not in client.get(page).content.decode()
        assert "定时发布" not in client.get("/feed/").content.decode()
        time_machine.move_to(now + timedelta(hours=2), tick=False)
        worker_run()
        assert "定时发布" in client.get(page).content.decode()
        assert "定时发布" in client.get("/").content.decode()
        assert "定时发布" in client.get("/feed/").content.decode()
        assert "/article/" in client.get("/sitemap-articles.xml").content.decode()


class TestPageCache:
    def test_anonymous_pages_are_served_from_the_cache(self, client, seed_like, columns, django_assert_max_num_queries):
        url = columns["news"].get_absolute_url()
        client.get(url)
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200

    def test_publishing_an_article_shows_it_at_once(self, client, make_article, columns):
        url = columns["news"].get_absolute_url()
        client.get(url)
        client.get("/")
        make_article("刚发布的文章")
        assert "刚发布的文章" in client.get(url).content.decode()
        assert "刚发布的文章" in client.get("/").content.decode()

    def test_editing_an_article_shows_the_change_at_once(self, client, seed_like):
        client.get(seed_like.get_absolute_url())
        seed_like.title = "改过的标题"
        seed_like.save()
        assert "改过的标题" in client.get(seed_like.get_absolute_url()).content.decode()

    def test_unpublishing_removes_it_at_once(self, client, seed_like):
        client.get(seed_like.get_absolute_url())
        article_withdraw(article=seed_like, actor=SYSTEM, remark="内容有误")
        assert client.get(seed_like.get_absolute_url()).status_code == 404

    def test_renaming_a_column_changes_every_page_at_once(self, client, seed_like, columns):
        client.get(seed_like.get_absolute_url())
        client.get("/")
        columns["news"].name = "工作动态"
        columns["news"].save()
        assert "工作动态" in client.get(seed_like.get_absolute_url()).content.decode()
        assert "工作动态" in client.get("/").content.decode()

    def test_every_font_size_is_served_the_same_copy(self, client, seed_like):
        page = client.get("/").content
        client.cookies["font_size"] = "large"
        assert client.get("/").content == page
        client.cookies["font_size"] = "small"
        assert client.get("/").content == page

    def test_logged_in_staff_are_never_served_a_cached_page(self, client, seed_like, admin_user):
        client.get("/")
        client.force_login(admin_user)
        response = client.get("/")
        assert "Cookie" in response["Vary"]
        seed_like.title = "员工看到的新标题"
        Article.objects.filter(pk=seed_like.pk).update(title=seed_like.title)  # no signal
        assert "员工看到的新标题" in client.get("/").content.decode()


class TestQueryCounts:
    @pytest.fixture
    def many_articles(self, make_article, columns):
        for day in range(1, 31):
            make_article(f"文章{day}", published_at=beijing(2024, 5, day, 8, 0))
            make_article(f"公告{day}", column=columns["notices"], published_at=beijing(2024, 5, day, 9, 0))
        return Article.objects.published().filter(column=columns["news"]).order_by("published_at")[10]

    def test_the_article_page_runs_at_most_six_queries(self, client, many_articles, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            assert client.get(many_articles.get_absolute_url()).status_code == 200
        with django_assert_max_num_queries(3):
            assert client.get(many_articles.get_absolute_url()).status_code == 200

    def test_the_column_page_runs_at_most_eight_queries(
        self, client, many_articles, columns, django_assert_max_num_queries
    ):
        for url in (columns["news"].get_absolute_url(), columns["public"].get_absolute_url() + "?page=3"):
            with django_assert_max_num_queries(8):
                assert client.get(url).status_code == 200

    def test_the_home_page_query_count_does_not_grow_with_articles(
        self, client, many_articles, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(8):
            assert client.get("/").status_code == 200

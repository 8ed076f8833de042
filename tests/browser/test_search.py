"""A resident searches from the header of any page."""

import pytest

from ..conftest import beijing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def articles(make_article, columns):
    return {
        "united_front": make_article(
            "苏力德苏木召开统战工作会议",
            body="<p>会议强调,要深入推进民族团结进步创建,做好新时代统战工作。</p>",
            published_at=beijing(2024, 6, 7, 18, 49),
        ),
        "notice": make_article(
            "民族团结进步创建示范单位名单公示",
            column=columns["notices"],
            body="<p>经统战部审核,现将名单予以公示。</p>",
            published_at=beijing(2023, 11, 20, 10, 0),
        ),
    }


class TestHeaderSearchBox:
    def test_typing_a_query_in_the_header_shows_highlighted_results(self, page, live_server, articles):
        page.goto(f"{live_server.url}/")
        box = page.get_by_role("search").get_by_label("站内搜索")
        box.fill("统战")
        box.press("Enter")
        page.wait_for_url("**/search/?q=*")
        assert page.get_by_role("heading", level=1, name="站内搜索").is_visible()
        assert page.get_by_role("status").first.inner_text().startswith("搜索“统战”,共找到 2 条结果")
        results = page.locator(".search-result h2 a")
        assert results.all_inner_texts() == ["苏力德苏木召开统战工作会议", "民族团结进步创建示范单位名单公示"]
        assert page.locator(".search-result h2 mark").first.inner_text() == "统战"
        assert page.get_by_role("search").get_by_label("站内搜索").input_value() == "统战"

    def test_the_box_is_on_article_pages_too_and_a_result_opens_the_article(self, page, live_server, articles):
        page.goto(f"{live_server.url}{articles['notice'].get_absolute_url()}")
        page.get_by_role("search").get_by_label("站内搜索").fill("示范单位")
        page.get_by_role("search").get_by_role("button", name="搜索").click()
        page.get_by_role("link", name="民族团结进步创建示范单位名单公示").click()
        assert page.url.endswith(articles["notice"].get_absolute_url())

    def test_filtering_by_column_and_sorting_by_date_narrow_the_results(self, page, live_server, articles):
        page.goto(f"{live_server.url}/search/?q=民族团结")
        page.get_by_text("筛选条件与排序").click()
        filters = page.get_by_role("form", name="搜索条件")
        filters.get_by_label("栏目").select_option(label="— 通知公告")
        filters.get_by_label("排序").select_option(label="按时间")
        filters.get_by_role("button", name="搜索").click()
        page.wait_for_url("**column=tongzhi**")
        assert page.locator(".search-result h2 a").all_inner_texts() == ["民族团结进步创建示范单位名单公示"]

    def test_an_empty_search_explains_how_to_search(self, page, live_server, articles):
        page.goto(f"{live_server.url}/")
        page.get_by_role("search").get_by_role("button", name="搜索").click()
        assert page.get_by_text("请在上方输入要查找的关键词").is_visible()


class TestPagingThroughResults:
    def test_the_next_page_keeps_the_query_and_the_subject_filter(
        self, page, live_server, make_article, columns, screenshot
    ):
        for n in range(23):
            published_at = beijing(2024, 1, 1 + n, 8, 0)
            make_article(
                f"秸秆禁烧通知第{n}期", column=columns["notices"], subject="agriculture", published_at=published_at
            )
        make_article("秸秆还田工作动态", published_at=beijing(2024, 2, 1, 8, 0))  # no 主题分类: filtered out
        page.goto(f"{live_server.url}/search/?q=秸秆&subject=agriculture")
        pages = page.get_by_role("navigation", name="搜索结果分页")
        assert "第 1 / 2 页" in pages.inner_text()
        pages.get_by_role("link", name="下一页").click()
        page.wait_for_url("**page=2")
        assert "q=%E7%A7%B8%E7%A7%86" in page.url and "subject=agriculture" in page.url
        assert page.locator(".search-result").count() == 3
        assert "秸秆还田工作动态" not in page.locator(".search-results").inner_text()
        assert "第 2 / 2 页" in page.get_by_role("navigation", name="搜索结果分页").inner_text()
        crumb = page.get_by_role("navigation", name="当前位置")
        assert crumb.inner_text().replace("\n", "") == "当前位置:首页>站内搜索"
        screenshot(page, "second-page")

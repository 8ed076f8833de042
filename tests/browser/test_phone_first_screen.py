"""On a 375×812 phone the first screen shows what the reader came for: the
first search results, the article's title; in 关怀版 too. The search filters
wait, collapsed, unless one is in use."""

import pytest

from .conftest import PHONE_SCREEN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["normal", "elder"])
def phone(request, browser, live_server):
    """A phone visitor, in the normal view or in 关怀版."""
    context = browser.new_context(viewport=PHONE_SCREEN, is_mobile=True, has_touch=True, locale="zh-CN")
    context.set_default_timeout(10_000)
    if request.param == "elder":
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    yield context.new_page()
    context.close()


@pytest.fixture
def first_screen(screenshot):
    """Save the whole page (the `screenshot` fixture) and, beside it, what the
    phone shows before any scrolling."""

    def take(page, what):
        path = screenshot(page, what)
        page.screenshot(path=str(path.with_name(f"{path.stem}-first-screen.png")))

    return take


def within_first_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE_SCREEN["height"]


class TestSearchResultsOnAPhone:
    def test_the_first_result_is_on_the_first_screen(self, phone, public_pages, first_screen):
        phone.goto(public_pages["search"])
        first_screen(phone, "results")
        assert within_first_screen(phone.locator(".search-result h2").first)
        assert within_first_screen(phone.get_by_role("status").first)

    def test_the_filters_are_collapsed_until_opened(self, phone, public_pages):
        phone.goto(public_pages["search"])
        filters = phone.get_by_role("form", name="搜索条件")
        assert not filters.is_visible()
        phone.locator(".search-filters-box > summary").click()
        assert filters.get_by_label("栏目").is_visible()
        filters.get_by_label("排序").select_option(label="按时间")
        filters.get_by_role("button", name="搜索").click()
        phone.wait_for_url("**sort=date**")
        assert phone.get_by_role("form", name="搜索条件").get_by_label("排序").is_visible()

    def test_the_filters_are_open_when_one_is_in_use(self, phone, public_pages):
        phone.goto(f"{public_pages['search']}&column=sumuzhen-dongtai")
        filters = phone.get_by_role("form", name="搜索条件")
        assert filters.get_by_label("栏目").is_visible()
        assert filters.get_by_label("栏目").input_value() == "sumuzhen-dongtai"

    def test_a_wrong_filter_shows_the_filters_with_the_message(self, phone, public_pages):
        phone.goto(f"{public_pages['search']}&start=0001-01-01")
        assert phone.get_by_role("form", name="搜索条件").get_by_label("起始日期").is_visible()
        assert "日期须在 1900-01-01 至 9999-12-31 之间" in phone.get_by_role("alert").inner_text()


class TestArticleOnAPhone:
    def test_the_title_is_on_the_first_screen(self, phone, public_pages, first_screen):
        phone.goto(public_pages["article"])
        first_screen(phone, "article")
        assert within_first_screen(phone.get_by_role("heading", level=1))

    def test_date_source_and_reading_tools_follow_the_title(self, phone, public_pages):
        phone.goto(public_pages["article"])
        title = phone.get_by_role("heading", level=1).bounding_box()
        for selector in (".article-time", ".article-source", ".font-control"):
            assert phone.locator(selector).bounding_box()["y"] >= title["y"] + title["height"], selector
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]

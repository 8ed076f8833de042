"""A resident reads the seed article in Chromium."""

import pytest

from news.models import Article

from .conftest import demo_township
from .reading_preferences import body_font_variable, wait_for_article_font_size

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def township(live_server):
    return demo_township(live_server)[0]


@pytest.fixture
def seed_url(township):
    return f"{township}{Article.objects.get(is_headline=True, column__site__key='sulide').get_absolute_url()}"


def body_font_size(page):
    return page.eval_on_selector(".article-body p", "p => parseFloat(getComputedStyle(p).fontSize)")


class TestFontSizeControl:
    def test_clicking_da_zhong_xiao_changes_the_body_text_at_once(self, page, seed_url):
        page.goto(seed_url)
        medium = body_font_size(page)
        page.evaluate("window.__notReloaded = true")
        page.get_by_role("link", name="字体大").click()
        wait_for_article_font_size(page, 20)
        large = body_font_size(page)
        page.get_by_role("link", name="字体小").click()
        wait_for_article_font_size(page, 14)
        small = body_font_size(page)
        assert small < medium < large
        assert page.url == seed_url  # changed in place, no reload
        assert page.evaluate("window.__notReloaded") is True

    def test_the_chosen_size_is_kept_after_a_reload_and_on_other_pages(self, page, seed_url, township):
        page.goto(seed_url)
        page.get_by_role("link", name="字体大").click()
        wait_for_article_font_size(page, 20)
        large = body_font_size(page)
        page.reload()
        assert body_font_size(page) == large
        assert page.get_by_role("link", name="字体大").get_attribute("aria-current") == "true"
        page.goto(f"{township}/")
        assert body_font_variable(page) == "20px"

    def test_the_control_works_by_keyboard(self, page, seed_url):
        page.goto(seed_url)
        medium = body_font_size(page)
        page.get_by_role("link", name="字体大").focus()
        page.keyboard.press("Enter")
        wait_for_article_font_size(page, 20)
        assert body_font_size(page) > medium

    def test_the_control_works_with_javascript_off(self, browser, seed_url):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(seed_url)
        medium = body_font_size(page)
        page.get_by_role("link", name="字体大").click()
        page.wait_for_load_state()
        assert page.url == seed_url
        assert body_font_size(page) > medium
        context.close()


class TestLayout:
    def test_the_page_reads_top_to_bottom_like_the_township_page(self, page, seed_url):
        page.goto(seed_url)

        def box(locator):
            return locator.bounding_box()

        crumb = box(page.get_by_role("navigation", name="当前位置"))
        info = [box(page.locator(selector)) for selector in (".article-time", ".article-source", ".font-control")]
        title = box(page.get_by_role("heading", level=1))
        body = box(page.locator(".article-body"))
        byline = box(page.locator(".article-byline"))
        # Date and time, then 来源, then 【字体】, left to right on one line
        # between the breadcrumb and the title; then body, then byline.
        assert [item["x"] for item in info] == sorted(item["x"] for item in info)
        assert all(crumb["y"] + crumb["height"] <= item["y"] for item in info)
        assert all(item["y"] + item["height"] <= title["y"] for item in info)
        assert title["y"] + title["height"] <= body["y"] <= byline["y"]
        assert page.locator(".article-byline").inner_text() == "(茜沁)"
        assert page.locator(".article-body").get_by_role("heading", level=2).count() == 3  # the three subheadings

    def test_a_375_pixel_phone_needs_no_sideways_scrolling(self, browser, seed_url):
        context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
        page = context.new_page()
        page.goto(seed_url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        context.close()


class TestPrinting:
    def test_print_preview_shows_the_article_without_site_chrome(self, page, seed_url):
        page.goto(seed_url)
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert not page.get_by_role("group", name="字体大小").is_visible()
        assert page.get_by_role("heading", level=1).is_visible()
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")

    def test_the_print_button_opens_the_print_dialog(self, page, seed_url):
        page.goto(seed_url)
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.__printed") == 1

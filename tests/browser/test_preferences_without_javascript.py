"""大/中/小 and 关怀版 on the published site, read through nginx: every page
is one file for everyone, and the preference stylesheet nginx picks from the
cookies does the rest, with JavaScript off as well as on."""

import shutil

import pytest
from django.conf import settings

from news.models import Site
from publishing.services import pages_publish_waiting, site_publish_queue

from .reading_preferences import (
    article_font_size,
    is_elder,
    wait_for_article_font_size,
    wait_for_elder,
)

pytestmark = pytest.mark.django_db(transaction=True)
FROM_THE_TREE = b"<!-- written by publishing -->"


@pytest.fixture
def published(request, site, public_pages, live_server):
    """The demo's township written to the published tree, read through nginx
    (which serves the folder "main" for 127.0.0.1: the test site made first,
    which the demo takes as 苏力德苏木's, once the demo's banner no longer
    claims that address). The home and article files carry a marker, so a
    test sees that nginx served the file (the application never renders it)."""
    banner = Site.objects.get(key="wsq")
    banner.extra_domains = ""
    banner.save()  # rewrites the host map nginx reads when it starts
    nginx = request.getfixturevalue("nginx")
    root = settings.PUBLISH_ROOT
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    site_publish_queue()
    pages_publish_waiting()
    urls = {name: url.replace(f"{live_server.url}/site/main", nginx.url) for name, url in public_pages.items()}
    files = {
        "home": root / "main" / "index.html",
        "article": root / "main" / urls["article"].removeprefix(nginx.url).strip("/") / "index.html",
    }
    for path in files.values():
        path.write_bytes(path.read_bytes() + FROM_THE_TREE)
    yield urls, files
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


@pytest.fixture
def no_script(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def visible(page, name):
    return page.get_by_role("link", name=name, exact=True).is_visible()


class TestFontSizeWithoutJavaScript:
    def test_da_makes_the_article_text_larger_on_the_same_file(self, no_script, published):
        urls, files = published
        page = no_script.new_page()
        first = page.goto(urls["article"]).body()
        assert first == files["article"].read_bytes()
        medium = article_font_size(page)
        with page.expect_response(urls["article"]) as answer:
            page.get_by_role("link", name="字体大").click()
        assert answer.value.body() == first
        page.wait_for_load_state()
        assert page.url == urls["article"]
        assert article_font_size(page) > medium == 16
        with page.expect_response(urls["article"]) as answer:
            page.get_by_role("link", name="字体小").click()
        assert answer.value.body() == first
        page.wait_for_load_state()
        assert article_font_size(page) < medium

    def test_the_chosen_size_is_marked_by_the_stylesheet(self, no_script, published):
        urls, _ = published
        page = no_script.new_page()
        page.goto(urls["article"])
        page.get_by_role("link", name="字体大").click()
        page.wait_for_load_state()
        weight = "(a) => getComputedStyle(a).fontWeight"
        assert page.get_by_role("link", name="字体大").evaluate(weight) == "700"
        assert page.get_by_role("link", name="字体中").evaluate(weight) == "400"


class TestElderModeWithoutJavaScript:
    def test_guanhuaiban_applies_the_elder_styles_and_the_way_back_leaves_them(self, no_script, published):
        urls, files = published
        page = no_script.new_page()
        first = page.goto(urls["home"]).body()
        assert first == files["home"].read_bytes()
        assert visible(page, "关怀版") and not visible(page, "退出关怀版")
        assert page.eval_on_selector("body", "b => getComputedStyle(b).fontSize") == "16px"

        with page.expect_response(urls["home"]) as answer:
            page.get_by_role("link", name="关怀版", exact=True).click()
        assert answer.value.body() == first
        page.wait_for_load_state()
        assert page.url == urls["home"]
        assert page.eval_on_selector("body", "b => getComputedStyle(b).fontSize") == "24px"
        assert is_elder(page)
        assert visible(page, "退出关怀版") and not visible(page, "关怀版")

        page.goto(urls["article"])
        assert is_elder(page) and article_font_size(page) == 30
        page.get_by_role("link", name="字体大").click()
        page.wait_for_load_state()
        assert article_font_size(page) == 40

        with page.expect_response(urls["article"]) as answer:
            page.get_by_role("link", name="退出关怀版", exact=True).click()
        assert answer.value.body() == files["article"].read_bytes()
        page.wait_for_load_state()
        assert not is_elder(page)
        assert page.eval_on_selector("body", "b => getComputedStyle(b).fontSize") == "16px"
        assert article_font_size(page) == 20  # the size chosen stays
        assert visible(page, "关怀版") and not visible(page, "退出关怀版")


class TestSwitchingWithJavaScript:
    def test_sizes_and_elder_mode_switch_in_place_without_a_reload(self, context, published):
        urls, _ = published
        page = context.new_page()
        page.goto(urls["article"])
        page.evaluate("window.__notReloaded = true")
        assert page.get_by_role("link", name="字体中").get_attribute("aria-current") == "true"

        page.get_by_role("link", name="字体大").click()
        wait_for_article_font_size(page, 20)
        assert page.get_by_role("link", name="字体大").get_attribute("aria-current") == "true"
        assert page.get_by_role("link", name="字体中").get_attribute("aria-current") is None

        page.get_by_role("link", name="关怀版", exact=True).click()
        wait_for_elder(page)
        wait_for_article_font_size(page, 40)
        assert page.evaluate("document.activeElement.textContent") == "退出关怀版"
        assert page.evaluate("window.__notReloaded") is True
        assert page.url == urls["article"]
        assert page.locator("link[data-preferences]").count() == 1

        page.reload()  # the choice is in the cookies, which nginx reads
        assert is_elder(page) and article_font_size(page) == 40
        assert page.get_by_role("link", name="字体大").get_attribute("aria-current") == "true"
        page.evaluate("window.__notReloaded = true")
        page.get_by_role("link", name="退出关怀版", exact=True).click()
        wait_for_elder(page, on=False)
        assert page.evaluate("document.activeElement.textContent") == "关怀版"
        assert page.evaluate("window.__notReloaded") is True

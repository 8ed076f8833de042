"""A resident opens an article in Chromium: the page sends its counting
request, with JavaScript on (sendBeacon) and off (the <noscript> image), and
the next batch's count shows on the page."""

import pytest

from news.public.view_counts import view_counts_flush

from .conftest import demo_township

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def spool(settings, tmp_path):
    settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"
    return settings.VIEW_COUNT_SPOOL_DIR


@pytest.fixture
def seed(live_server, spool):
    base, article = demo_township(live_server)
    return article, f"{base}{article.get_absolute_url()}"


def spooled(spool):
    if not spool.exists():
        return []
    return [line for path in sorted(spool.glob("*.views")) for line in path.read_text().splitlines()]


def spooled_after_load(page, spool, expected):
    """The spooled lines once `expected` have arrived (or after 5 s), and a moment more for any extra."""
    for _ in range(100):
        if len(spooled(spool)) >= expected:
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(300)
    return spooled(spool)


def count_shown(page):
    return page.locator(".article-views").inner_text()


class TestCountingViews:
    def test_with_javascript_the_page_sends_one_beacon_and_shows_the_count_after_the_batch(self, page, seed, spool):
        article, url = seed
        counting = []
        page.on("request", lambda request: "/views/article/" in request.url and counting.append(request))
        page.goto(url)
        assert spooled_after_load(page, spool, 1) == [str(article.pk)]
        assert [request.method for request in counting] == ["POST"]  # sendBeacon; the noscript image stays unloaded
        assert count_shown(page) == "浏览次数:0"
        assert view_counts_flush() == 1
        page.reload()
        assert count_shown(page) == "浏览次数:1"
        assert spooled_after_load(page, spool, 1) == [str(article.pk)]  # the reload is the next batch's

    def test_without_javascript_the_noscript_image_counts_the_view(self, browser, seed, spool):
        article, url = seed
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        counting = []
        page.on("request", lambda request: "/views/article/" in request.url and counting.append(request))
        page.goto(url)
        assert spooled_after_load(page, spool, 1) == [str(article.pk)]
        assert [request.method for request in counting] == ["GET"]
        assert view_counts_flush() == 1
        page.reload()
        assert count_shown(page) == "浏览次数:1"
        image = page.locator("noscript img, img[src*='/views/article/']").first
        assert image.get_attribute("alt") == "" and image.get_attribute("aria-hidden") == "true"
        box = image.bounding_box()
        assert box is None or (box["width"] <= 1 and box["height"] <= 1)
        context.close()

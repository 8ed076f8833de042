"""A resident moves between the platform's sites with the 站群导航, on a
desktop and on a phone, by path prefix and by host name."""

import pytest

from .conftest import PHONE_SCREEN, demo_township

pytestmark = pytest.mark.django_db(transaction=True)

TOWNSHIP = "乌审旗苏力德苏木人民政府"
BANNER = "乌审旗人民政府"


@pytest.fixture
def demo(live_server):
    demo_township(live_server)
    return live_server.url


def site_group(page):
    return page.get_by_role("navigation", name="站群导航")


def current_site(page):
    return site_group(page).locator("a[aria-current]").inner_text()


class TestSwitchingSites:
    def test_the_banner_portal_lists_every_site_and_a_click_opens_the_township(self, page, demo, screenshot):
        page.goto(f"{demo}/")
        assert page.title() == BANNER
        names = site_group(page).get_by_role("link").all_inner_texts()
        assert names == [BANNER, TOWNSHIP, "乌审旗嘎鲁图镇人民政府"]
        assert current_site(page) == BANNER
        screenshot(page, "banner-desktop")
        site_group(page).get_by_role("link", name=TOWNSHIP).click()
        page.wait_for_url(f"{demo}/site/sulide/")
        assert page.title() == TOWNSHIP
        assert current_site(page) == TOWNSHIP
        # Links of the township's pages stay on the township.
        page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="公开").click()
        page.wait_for_url(f"{demo}/site/sulide/column/gongkai/")
        site_group(page).get_by_role("link", name=BANNER).click()
        page.wait_for_url(f"{demo}/site/wsq/")
        assert page.title() == BANNER

    def test_each_site_answers_its_own_host_name(self, page, demo):
        port = demo.rsplit(":", 1)[1]
        page.goto(f"http://sulide.localhost:{port}/")
        assert page.title() == TOWNSHIP and current_site(page) == TOWNSHIP
        page.goto(f"http://galutu.localhost:{port}/")
        assert page.title() == "乌审旗嘎鲁图镇人民政府"
        assert page.get_by_text("【演示】嘎鲁图镇开展人居环境整治集中行动").first.is_visible()


class TestOnAPhoneAndInElderMode:
    def test_on_a_phone_the_sites_take_one_row_and_each_is_in_reach(self, browser, demo, screenshot):
        context = browser.new_context(viewport=PHONE_SCREEN, is_mobile=True, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{demo}/site/sulide/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]
        screenshot(page, "township-phone")
        links = site_group(page).get_by_role("link").all()
        row = links[0].bounding_box()["y"]
        for link in links:
            link.scroll_into_view_if_needed()  # the row scrolls sideways, not the page
            box = link.bounding_box()
            assert box["y"] == row and box["height"] >= 44
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_SCREEN["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]
        links[-1].click()
        page.wait_for_url(f"{demo}/site/galutu/")
        context.close()

    @pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE_SCREEN])
    def test_elder_mode_shows_the_site_group_large(self, browser, demo, screenshot, viewport):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": demo}])
        page = context.new_page()
        page.goto(f"{demo}/")
        link = site_group(page).get_by_role("link", name=TOWNSHIP)
        assert link.evaluate("a => parseFloat(getComputedStyle(a).fontSize)") >= 24
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(page, f"banner-elder-{viewport['width']}")
        context.close()

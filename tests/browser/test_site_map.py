"""A resident opens 网站地图 from the footer and finds every column; the
footer's 找错 and 党政机关 links lead somewhere real."""

import pytest

from news.models import Column, Site

from .conftest import PHONE_SCREEN, demo_township

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(live_server):
    return demo_township(live_server)[0]


class TestSiteMap:
    def test_clicking_site_map_in_the_footer_opens_a_page_of_every_column(self, page, demo_site, screenshot):
        page.goto(f"{demo_site}/")
        page.get_by_role("contentinfo").get_by_role("link", name="网站地图").click()
        page.wait_for_url("**/sitemap/")
        assert page.get_by_role("heading", level=1, name="网站地图").is_visible()
        site_map = page.locator(".site-map")
        for column in Column.objects.filter(site__key="sulide"):
            link = site_map.get_by_role("link", name=column.name, exact=True)
            assert link.is_visible(), column.name
            assert link.get_attribute("href") == "/site/sulide" + column.get_absolute_url()
        screenshot(page, "site-map")

    def test_a_column_opens_from_the_site_map(self, page, demo_site):
        page.goto(f"{demo_site}/sitemap/")
        page.locator(".site-map").get_by_role("link", name="通知公告", exact=True).click()
        page.wait_for_url("**/column/tongzhi-gonggao/")
        assert page.get_by_role("heading", level=1, name="通知公告").is_visible()

    def test_the_site_map_reads_on_a_phone_without_sideways_scrolling(self, browser, demo_site, screenshot):
        context = browser.new_context(viewport=PHONE_SCREEN, is_mobile=True, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{demo_site}/sitemap/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SCREEN["width"]
        screenshot(page, "site-map-phone")
        context.close()


class TestFooterLinks:
    def test_the_demo_footer_links_have_real_addresses(self, page, demo_site):
        page.goto(f"{demo_site}/")
        footer = page.get_by_role("contentinfo")
        hrefs = footer.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert "#" not in hrefs and "" not in hrefs
        code = Site.objects.get(key="sulide").site_id_code
        error_link = footer.get_by_role("link", name="我为政府网站找错")
        assert error_link.get_attribute("href") == (
            f"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id={code}"
        )
        badge = footer.get_by_role("link", name="党政机关")
        assert badge.get_attribute("href").startswith("https://bszs.conac.cn/sitename?method=show&id=")

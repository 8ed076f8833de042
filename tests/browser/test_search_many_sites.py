"""On the banner's portal a resident searches every site, narrows the
results to one township with the 站点 filter and opens an article on its
own site."""

import pytest

from news.models import Column, ColumnType, Site

from ..conftest import beijing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def platform_articles(site, make_article):
    site.is_platform = True
    site.save()
    galutu = Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.example.gov.cn", organiser="嘎鲁图镇人民政府"
    )
    column = Column.objects.create(site=galutu, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)
    return {
        "main": make_article("苏力德苏木部署防汛工作", published_at=beijing(2024, 6, 1, 9)),
        "galutu": make_article("嘎鲁图镇部署防汛工作", column=column, published_at=beijing(2024, 6, 2, 9)),
    }


class TestTheBannersSearch:
    def test_the_site_filter_narrows_to_one_township_whose_result_opens_on_its_own_site(
        self, page, live_server, platform_articles
    ):
        page.goto(f"{live_server.url}/site/main/search/?q=防汛")
        assert page.locator(".search-result-site").all_inner_texts() == [
            "站点:嘎鲁图镇人民政府",
            "站点:乌审旗苏力德苏木人民政府",
        ]

        page.get_by_text("筛选条件与排序").click()
        filters = page.get_by_role("form", name="搜索条件")
        filters.get_by_label("站点").select_option(label="嘎鲁图镇人民政府")
        filters.get_by_role("button", name="搜索").click()
        page.wait_for_url("**site=galutu**")
        assert page.locator(".search-result h2 a").all_inner_texts() == ["嘎鲁图镇部署防汛工作"]

        page.get_by_role("link", name="嘎鲁图镇部署防汛工作").click()
        page.wait_for_url(f"**/site/galutu/article/{platform_articles['galutu'].pk}/")
        assert page.get_by_role("heading", level=1, name="嘎鲁图镇部署防汛工作").is_visible()

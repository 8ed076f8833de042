"""Every footer item and meta tag docs/standards.md lists is filled in."""

import pytest

from health.report import site_health_check

pytestmark = pytest.mark.django_db


def of(report, category="settings"):
    return [f for f in report.findings if f.category.value == category]


class TestSiteSettings:
    def test_each_missing_footer_item_is_found_once(self, healthy_site):
        healthy_site.icp_number = ""
        healthy_site.government_badge_url = ""
        healthy_site.save()
        found = of(site_health_check(external=False))
        assert sorted(f.message for f in found) == ["页脚缺少ICP备案号", "页脚缺少党政机关标识链接"]
        assert all(f.fix_url == f"/admin/news/site/{healthy_site.pk}/change/" for f in found)
        assert {f.severity.value for f in found} == {"deduct"}

    def test_demo_placeholders_and_a_malformed_site_code_are_found(self, healthy_site):
        healthy_site.icp_number = "蒙ICP备00000000号"
        healthy_site.domain = "localhost"
        healthy_site.site_id_code = "12345"
        healthy_site.save()
        messages = sorted(f.message for f in of(site_health_check(external=False)))
        assert messages == [
            "网站标识码格式不正确:12345",
            "页脚的ICP备案号疑似示例值:蒙ICP备00000000号",
            "页面元数据的网站域名(SiteDomain)疑似示例值:localhost",
        ]

    def test_a_column_without_description_is_a_notice(self, healthy_site, columns):
        type(columns["headlines"]).objects.filter(pk=columns["headlines"].pk).update(description="")
        found = of(site_health_check(external=False))
        assert [(f.severity.value, f.message) for f in found] == [
            ("notice", "栏目“政务要闻”未填写栏目描述,页面元数据以栏目名称代替")
        ]


class TestFooterLinks:
    def test_a_blank_error_report_address_is_fine_when_the_site_code_gives_it(self, healthy_site):
        healthy_site.error_report_url = ""
        healthy_site.save()
        assert of(site_health_check(external=False)) == []

    def test_a_blank_error_report_address_without_a_site_code_is_missing(self, healthy_site):
        healthy_site.error_report_url = healthy_site.site_id_code = ""
        healthy_site.save()
        messages = sorted(f.message for f in of(site_health_check(external=False)))
        assert messages == ["页脚缺少“我为政府网站找错”链接", "页脚缺少网站标识码"]

    def test_an_error_report_address_for_another_site_is_found(self, healthy_site):
        healthy_site.error_report_url = (
            "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id=1506260099"
        )
        healthy_site.save()
        found = of(site_health_check(external=False))
        assert [f.message for f in found] == ["“我为政府网站找错”链接未带本站网站标识码"]
        assert healthy_site.site_id_code in found[0].detail

    def test_the_demo_badge_address_is_reported_as_a_placeholder(self, healthy_site):
        from news.demo import SITE_DEFAULTS

        healthy_site.government_badge_url = SITE_DEFAULTS["government_badge_url"]
        healthy_site.save()
        messages = [f.message for f in of(site_health_check(external=False))]
        assert messages == [f"页脚的党政机关标识链接疑似示例值:{SITE_DEFAULTS['government_badge_url']}"]

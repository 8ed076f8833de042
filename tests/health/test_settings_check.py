"""Every footer item and meta tag standards.md lists is filled in."""
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
        assert all(f.fix_url == "/admin/news/sitesettings/1/change/" for f in found)
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

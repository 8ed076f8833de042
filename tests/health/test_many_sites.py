"""网站体检 per site: `check_site --site KEY` or every site, each with its
own verdict and stored report; a report reads only its site's columns,
articles and settings; the admin shows each site's report to those who
work on it, and an overview of every site to those on several."""

import json

import pytest
from django.contrib.auth.models import User

from health.models import HealthReport
from health.tasks import last_health_report
from news.models import Column, ColumnType, Site, SiteMembership
from tests.conftest import client_for

from .conftest import ago, auditors, report_made

pytestmark = pytest.mark.django_db
URL = "/admin/health/sitehealth/"


@pytest.fixture
def galutu(healthy_site, make_article):
    """A second site whose only column went a month without news, with an
    article linking to a page that does not exist."""
    site = Site.objects.create(
        key="galutu",
        site_name="嘎鲁图镇人民政府",
        domain="galutu.example.gov.cn",
        organiser="嘎鲁图镇人民政府",
        site_id_code="1506260002",
    )
    column = Column.objects.create(
        site=site, name="嘎鲁图动态", slug="dongtai", column_type=ColumnType.NEWS, description="d", keywords="k"
    )
    make_article(
        title="嘎鲁图镇旧闻",
        column=column,
        body='<p><a href="/article/424242/">嘎鲁图断链</a></p>',
        published_at=ago(days=30),
    )
    return site


def auditor_on(*sites, username="shenji2"):
    user = User.objects.create_user(username, password="audit-password-1", is_staff=True)
    user.groups.add(auditors())
    for site in sites:
        SiteMembership.objects.create(site=site, user=user)
    return user


class TestCheckSiteCommand:
    def test_without_an_option_every_site_is_checked_with_its_own_verdict(self, healthy_site, galutu, run_check):
        status, output = run_check("--no-external")

        assert status == 1  # 嘎鲁图镇 would fail
        main_part, galutu_part = output.split("网站体检报告  嘎鲁图镇人民政府(galutu)")
        assert f"网站体检报告  {healthy_site.site_name}(main)" in main_part
        assert "估算结论:合格(估算得分 100)" in main_part and "嘎鲁图" not in main_part
        assert "估算结论:单项否决" in galutu_part and "嘎鲁图断链" in galutu_part
        assert HealthReport.objects.filter(site=healthy_site).count() == 1
        assert HealthReport.objects.filter(site=galutu).count() == 1

    def test_one_site_is_checked_alone_and_its_report_names_it(self, healthy_site, galutu, run_check):
        status, output = run_check("--no-external", "--site", "main", "--format", "json")

        data = json.loads(output)
        assert status == 0
        assert data["site"] == {"key": "main", "name": healthy_site.site_name}
        assert "嘎鲁图" not in output
        assert {c["name"] for c in data["columns"]} == set(
            Column.objects.filter(site=healthy_site).values_list("name", flat=True)
        )
        assert not HealthReport.objects.filter(site=galutu).exists()

    def test_a_site_failing_alone_exits_1_and_reads_only_its_own_articles(self, healthy_site, galutu, run_check):
        status, output = run_check("--no-external", "--site", "galutu", "--format", "json")

        data = json.loads(output)
        assert status == 1
        assert data["stats"]["articles_scanned"] == 1
        assert [c["name"] for c in data["columns"]] == ["嘎鲁图动态"]
        assert healthy_site.site_name not in output

    def test_several_sites_in_json_are_a_list_of_reports(self, healthy_site, galutu, run_check):
        _, output = run_check("--no-external", "--format", "json")
        assert [report["site"]["key"] for report in json.loads(output)] == ["main", "galutu"]

    def test_an_unknown_site_is_refused_with_exit_code_2(self, healthy_site, run_check):
        status, output = run_check("--no-external", "--site", "nowhere")
        assert status == 2
        assert "没有站点“nowhere”(已有站点:main)" in output


class TestChecksReadOnlyTheSite:
    def test_a_link_to_another_sites_article_is_broken_on_this_site(
        self, healthy_site, galutu, make_article, run_check
    ):
        elsewhere = galutu.columns.get().articles.get()
        make_article(title="转载嘎鲁图", body=f'<p><a href="/article/{elsewhere.pk}/">嘎鲁图原文</a></p>')

        _, output = run_check("--no-external", "--site", "main")

        assert "不可用链接:文章“转载嘎鲁图”中的“嘎鲁图原文”" in output

    def test_settings_findings_open_the_sites_own_settings(self, healthy_site, galutu):
        from health.report import site_health_check

        report = site_health_check(site=galutu, external=False)

        settings_links = {f.fix_url for f in report.findings if "/admin/news/site/" in (f.fix_url or "")}
        assert settings_links == {f"/admin/news/site/{galutu.pk}/change/"}
        assert report.site_key == "galutu"


class TestAdminPage:
    def test_someone_on_one_site_sees_that_sites_report_and_not_the_others(self, healthy_site, galutu):
        user = auditor_on(galutu)
        report_made(site=galutu)
        report_made(site=healthy_site)
        client = client_for(user)

        page = client.get(URL).content.decode()

        assert "网站体检 - 嘎鲁图镇人民政府" in page and "嘎鲁图断链" in page
        assert 'action="/admin/health/sitehealth/refresh/?site=galutu"' in page
        assert client.get(URL + "?site=main").status_code == 403
        assert client.get(URL + "report.xlsx?site=main").status_code == 403
        assert client.post(URL + "refresh/?site=main").status_code == 403

    def test_someone_on_several_sites_sees_the_overview_linking_each_report(self, healthy_site, galutu):
        report_made(site=galutu)
        client = client_for(auditor_on(healthy_site, galutu))

        response = client.get(URL)

        page = response.content.decode()
        assert "全部站点体检概况" in page
        assert f'<a href="{URL}?site=galutu">嘎鲁图镇人民政府</a>' in page
        assert f'<a href="{URL}?site=main">{healthy_site.site_name}</a>' in page
        assert "单项否决" in page and "还没有体检报告" in page  # galutu's verdict; main has none yet
        assert "嘎鲁图镇旧闻" not in page  # findings are on the site's own page
        site_page = client.get(URL + "?site=galutu").content.decode()
        assert "嘎鲁图断链" in site_page and f'<a href="{URL}">网站体检</a>' in site_page

    def test_an_unknown_site_is_404(self, healthy_site):
        client = client_for(auditor_on(healthy_site))
        assert client.get(URL + "?site=nowhere").status_code == 404

    def test_the_refresh_button_queues_a_report_of_the_chosen_site(self, healthy_site, galutu):
        client = client_for(auditor_on(healthy_site, galutu))

        response = client.post(URL + "refresh/?site=galutu")

        assert response.status_code == 302 and response["Location"] == URL + "?site=galutu"
        assert HealthReport.objects.get().site == galutu
        assert last_health_report(healthy_site) == (None, None)


class TestStaticPagesPerSite:
    def test_a_page_of_another_site_that_failed_is_that_sites_finding_only(self, healthy_site, galutu, run_check):
        from publishing.models import PageFile

        now = ago(seconds=0)
        PageFile.objects.create(
            site="galutu", path="/article/7/", queued_at=ago(minutes=2), written_at=now, failed_at=now, error="磁盘已满"
        )

        assert "静态页面" not in run_check("--no-external", "--site", "main")[1]
        assert "galutu/article/7/:磁盘已满" in run_check("--no-external", "--site", "galutu")[1]


class TestDownloads:
    def test_the_xlsx_names_the_site_in_its_title_and_file_name(self, healthy_site, galutu):
        import io

        from openpyxl import load_workbook

        report_made(site=galutu)
        client = client_for(auditor_on(galutu))

        response = client.get(URL + "report.xlsx?site=galutu")

        assert 'filename="site-health-galutu-' in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "网站体检报告 嘎鲁图镇人民政府"

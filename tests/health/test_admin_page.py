"""The 网站体检 page in the admin: who may see it, what it shows, downloads."""

import io

import pytest
from django.contrib.auth.models import Group, User

from news.models import Column, ColumnType

from ..conftest import client_for
from .conftest import report_made

pytestmark = pytest.mark.django_db
URL = "/admin/health/sitehealth/"


@pytest.fixture
def problems(healthy_site, make_article):
    Column.objects.create(
        name="规划计划", slug="guihua", column_type=ColumnType.PERSONNEL, description="d", keywords="k"
    )
    return make_article(title="转发通知", body='<p><a href="/article/999999/">旧通知原文</a>,详见待补充材料</p>')


class TestPermissions:
    def test_the_auditor_group_is_created_with_the_permission(self):
        group = Group.objects.get(name="审计")
        assert "view_site_health" in group.permissions.values_list("codename", flat=True)
        assert not Group.objects.get(name="编辑").permissions.filter(codename="view_site_health").exists()

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client, healthy_site):
        response = client.get(URL)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")

    def test_staff_without_the_permission_are_refused(self, client, editor, healthy_site):
        client.force_login(editor)
        assert client.get(URL).status_code == 403
        assert client.get(URL + "report.xlsx").status_code == 403
        assert client.get(URL + "report.pdf").status_code == 403
        assert "网站体检" not in client.get("/admin/").content.decode()

    def test_auditors_see_the_page_and_the_admin_index_links_to_it(self, client, auditor, problems):
        client.force_login(auditor)
        index = client.get("/admin/").content.decode()
        assert f'href="{URL}"' in index and "网站体检" in index
        assert client.get(URL).status_code == 200

    def test_superusers_always_may(self, client, problems):
        superuser = User.objects.create_superuser("root", password="root-password-1")
        assert client_for(superuser).get(URL).status_code == 200


class TestPage:
    def test_findings_are_grouped_by_severity_with_links_to_fix_them(self, client, auditor, problems):
        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        assert "<strong>扣分</strong>" in page
        assert page.index("扣分项(2 项)") < page.index("提示(1 项)")
        assert "不可用链接:文章“转发通知”中的“旧通知原文”" in page

    def test_each_finding_shows_the_points_it_costs_as_the_xlsx_counts_them(self, client, auditor, problems):
        from openpyxl import load_workbook

        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        book = load_workbook(io.BytesIO(client.get(URL + "report.xlsx").content))
        for row in book["问题清单"].iter_rows(min_row=2, values_only=True):
            message, points = row[2], row[5]
            cost = f"{points:g} 分" if points else "不扣分"
            assert f"<td>{message}</td>" in page
            assert page.index(f'<td class="health-points">{cost}</td>', page.index(f"<td>{message}</td>")) > 0
        assert '<td class="health-points">0.5 分</td>' in page and '<td class="health-points">3 分</td>' in page

    def test_the_verdict_names_the_cap_on_each_kind_of_finding(self, client, auditor, problems):
        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        caps = "文章中的不可用链接最多扣 10 分,没有发布时间的文章最多扣 10 分,未标注有效性的政策文件最多扣 10 分"
        assert f"扣分为估算,以正式检查为准;同类问题扣分有上限:{caps}。</p>" in page

    def test_auditors_get_no_links_they_may_not_follow(self, client, auditor, problems):
        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        assert "/admin/news/article/add/" not in page  # they may not write articles
        assert "由有相应权限的人员处理" in page
        link = f'href="/admin/news/article/{problems.pk}/change/"'
        assert link in page  # they may read every article
        assert client.get(f"/admin/news/article/{problems.pk}/change/").status_code == 200

    def test_those_who_fix_things_get_the_links(self, client, problems):
        report_made()
        superuser = User.objects.create_superuser("root", password="root-password-1")
        page = client_for(superuser).get(URL).content.decode()
        assert f'href="/admin/news/article/{problems.pk}/change/"' in page
        assert 'href="/admin/news/article/add/?column=' in page

    def test_an_editor_with_the_permission_gets_links_only_into_their_own_columns(self, problems, staff, columns):
        from django.contrib.auth.models import Permission

        editor = staff["other_editor"]  # 政务要闻 only; 转发通知 is in 苏木镇动态
        editor.user_permissions.add(Permission.objects.get(codename="view_site_health"))
        report_made()
        page = client_for(editor).get(URL).content.decode()
        assert f'href="/admin/news/article/{problems.pk}/change/"' not in page
        assert "不可用链接:文章“转发通知”中的“旧通知原文”" in page

    def test_the_page_and_the_xlsx_say_the_same_about_external_links(
        self, client, auditor, healthy_site, make_article, link_server
    ):
        from openpyxl import load_workbook

        make_article(title="外链", body=f'<p><a href="{link_server.url}/gone">失效</a></p>')
        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        book = load_workbook(io.BytesIO(client.get(URL + "report.xlsx").content))
        summary = {row[0]: row[1] for row in book["体检结论"].iter_rows(min_row=2, values_only=True)}
        assert "尚无检查结果" in summary["外部链接"]  # the page keeps what check_site found; nothing yet
        assert f"{summary['外部链接']}。" in page

    def test_the_chart_is_an_inline_svg_with_each_columns_deadline(self, client, auditor, problems):
        report_made()
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        start = page.index('<svg xmlns="http://www.w3.org/2000/svg" viewBox')
        svg = page[start : page.index("</svg>", start)]
        assert 'role="img"' in svg
        assert "苏木镇动态" in svg and "政务要闻" in svg
        assert svg.count('stroke-dasharray="4 3"') == 3  # 动态, 要闻, 通知公告: their deadlines fall inside six months
        assert "◀ 时限 365 天" in svg  # 规划计划: a year, off the left edge
        assert "<script" not in svg

    def test_the_page_does_not_fetch_external_links(self, client, auditor, healthy_site, make_article, link_server):
        make_article(title="外链", body=f'<p><a href="{link_server.url}/gone">失效</a></p>')
        report_made()
        client.force_login(auditor)
        assert client.get(URL).status_code == 200
        assert link_server.hits == []

    def test_the_page_takes_a_bounded_number_of_queries(
        self, client, auditor, problems, make_article, django_assert_max_num_queries
    ):
        for i in range(40):
            make_article(title=f"消息{i}", body=f'<p><a href="/article/{900000 + i}/">链接{i}</a></p>')
        report_made()
        client.force_login(auditor)
        with django_assert_max_num_queries(40):
            assert client.get(URL).status_code == 200


class TestDownloads:
    def test_the_xlsx_lists_the_verdict_findings_and_columns(self, client, auditor, problems):
        from openpyxl import load_workbook

        report_made()
        client.force_login(auditor)
        response = client.get(URL + "report.xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment;" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["体检结论", "问题清单", "栏目更新"]
        summary = {row[0]: row[1] for row in book["体检结论"].iter_rows(min_row=2, values_only=True)}
        assert summary["估算结论"] == "扣分"
        findings = list(book["问题清单"].iter_rows(min_row=2, values_only=True))
        assert len(findings) == 3
        assert ("扣分项", "链接", "不可用链接:文章“转发通知”中的“旧通知原文”") in [row[:3] for row in findings]
        assert any(str(row[6]).endswith(f"/admin/news/article/{problems.pk}/change/") for row in findings)
        columns = [row[0] for row in book["栏目更新"].iter_rows(min_row=2, values_only=True)]
        assert "公开 > 苏木镇动态" in columns and "规划计划" in columns

    def test_the_pdf_opens_and_reads_in_chinese(self, client, auditor, problems):
        from pypdf import PdfReader

        report_made()
        client.force_login(auditor)
        response = client.get(URL + "report.pdf")
        assert response["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        squashed = "".join(text.split())
        assert "网站体检报告" in squashed
        assert "估算结论:扣分" in squashed
        assert "旧通知原文" in squashed
        assert "近六个月各栏目每周发布数量" in squashed  # the chart is drawn in the PDF too

    def test_a_missing_pdf_font_gives_a_clear_message_not_a_crash(
        self, client, auditor, problems, settings, monkeypatch
    ):
        from reportlab.pdfbase import pdfmetrics

        from health import exports

        monkeypatch.setattr(exports, "PDF_FONT", "HealthCJKMissing")
        assert "HealthCJKMissing" not in pdfmetrics.getRegisteredFontNames()
        settings.HEALTH_PDF_FONT = "/nonexistent/font.ttc"
        report_made()
        client.force_login(auditor)
        response = client.get(URL + "report.pdf")
        assert response.status_code == 503
        assert "fonts-wqy-microhei" in response.content.decode()


class TestOddLinks:
    def test_a_link_climbing_out_of_the_media_folder_is_listed_on_the_page_and_in_the_xlsx(
        self, client, auditor, healthy_site, make_article
    ):
        from openpyxl import load_workbook

        make_article(title="怪链接", body='<p><a href="/media/%2e%2e/x">上一级</a></p>')
        report_made()
        client.force_login(auditor)
        page = client.get(URL)
        assert page.status_code == 200
        assert "不可用链接:文章“怪链接”中的“上一级”" in page.content.decode()
        response = client.get(URL + "report.xlsx")
        assert response.status_code == 200
        rows = load_workbook(io.BytesIO(response.content))["问题清单"].iter_rows(min_row=2, values_only=True)
        assert "/media/%2e%2e/x — 上传文件地址无效" in [row[4] for row in rows]

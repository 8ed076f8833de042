"""An export is of one site: its columns' articles, the site named in the
package, its manifest and file names, offline pages with that site's
footer; auditors export the sites they work on (superusers any)."""

import csv
import io
import json
import zipfile

import pytest

from archive.models import ExportJob, ExportRecord
from archive.selection import ExportInputError, filters_parse
from news.models import AuditEntry, Column, ColumnType, Site, SiteMembership
from tests.conftest import beijing, client_for

pytestmark = pytest.mark.django_db
EXPORT_URL = "/admin/archive/exportrecord/export/"


@pytest.fixture
def galutu(site):
    return Site.objects.create(
        key="galutu",
        site_name="嘎鲁图镇人民政府",
        domain="galutu.wsq.gov.cn",
        organiser="嘎鲁图镇人民政府",
        icp_number="蒙ICP备87654321号",
    )


@pytest.fixture
def two_sites(make_article, columns, galutu):
    """An article on each site, in columns of the same slug."""
    column = Column.objects.create(site=galutu, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)
    return {
        "main": make_article("苏力德苏木防汛会议", published_at=beijing(2024, 6, 1, 9)),
        "galutu": make_article("嘎鲁图镇防汛会议", column=column, published_at=beijing(2024, 6, 2, 9)),
    }


def listing_titles(content):
    return [row["标题"] for row in csv.DictReader(io.StringIO(content.lstrip("\ufeff")))]


class TestWhatAnExportHolds:
    def test_a_listing_holds_only_the_sites_articles_with_addresses_on_its_domain(self, export, two_sites):
        result = export("csv", site="galutu")

        rows = list(csv.DictReader(io.StringIO(result.path.read_text(encoding="utf-8-sig"))))
        assert [row["标题"] for row in rows] == ["嘎鲁图镇防汛会议"]
        assert rows[0]["栏目路径"] == "镇动态"
        assert rows[0]["网址"] == f"https://galutu.wsq.gov.cn/article/{two_sites['galutu'].pk}/"

    def test_without_a_site_the_default_sites_articles_are_exported(self, export, two_sites):
        result = export("csv")
        assert listing_titles(result.path.read_text(encoding="utf-8-sig")) == ["苏力德苏木防汛会议"]

    def test_a_column_slug_names_the_exported_sites_column(self, export, two_sites, columns):
        result = export("csv", site="galutu", columns=["dongtai"])
        assert listing_titles(result.path.read_text(encoding="utf-8-sig")) == ["嘎鲁图镇防汛会议"]

    def test_an_unknown_site_is_refused_with_the_known_ones(self, galutu):
        with pytest.raises(ExportInputError, match="没有这个站点:nowhere。可选:main、galutu。"):
            filters_parse(site="nowhere")

    def test_the_package_names_the_site_and_its_pages_carry_its_footer(self, export, two_sites, tmp_path):
        result = export("package", name="archive-galutu.zip", site="galutu")

        with zipfile.ZipFile(result.path) as package:
            names = package.namelist()
            info = json.loads(package.read("archive-galutu/data/export.json"))
            bag_info = package.read("archive-galutu/bag-info.txt").decode()
            [page] = [name for name in names if name.endswith("/index.html")]
            html = package.read(page).decode()
        assert info["站点"] == {"标识": "galutu", "名称": "嘎鲁图镇人民政府", "域名": "galutu.wsq.gov.cn"}
        assert info["筛选条件"]["site"] == "galutu"
        assert "嘎鲁图镇人民政府" in bag_info
        assert "嘎鲁图镇防汛会议" in html and "蒙ICP备87654321号" in html
        assert "苏力德苏木防汛会议" not in html and "蒙ICP备12345678号" not in html

    def test_the_export_log_and_audit_entry_name_the_site(self, export, two_sites, galutu):
        export("csv", site="galutu")

        record = ExportRecord.objects.get()
        assert record.site == galutu and record.filters["site"] == "galutu"
        assert AuditEntry.objects.get(action="export").site == galutu

    def test_the_command_exports_one_site_into_a_file_named_after_it(self, two_sites, tmp_path):
        from django.core.management import call_command

        call_command("export_archive", "--site", "galutu", "--out", str(tmp_path), stdout=io.StringIO())

        [written] = list(tmp_path.iterdir())
        assert written.name.startswith("archive-galutu-") and written.suffix == ".csv"
        assert listing_titles(written.read_text(encoding="utf-8-sig")) == ["嘎鲁图镇防汛会议"]


@pytest.fixture
def galutu_auditor(auditor, galutu):
    SiteMembership.objects.filter(user=auditor).delete()
    SiteMembership.objects.create(site=galutu, user=auditor)
    return auditor


class TestWhoExportsWhichSite:
    def test_an_auditor_on_one_site_exports_that_site_by_default(self, galutu_auditor, two_sites):
        client = client_for(galutu_auditor)

        page = client.get(EXPORT_URL)
        response = client.post(EXPORT_URL, {"format": "csv", "status": "published"})

        assert "导出 <strong>嘎鲁图镇人民政府</strong> 的文章" in page.content.decode()
        assert response.status_code == 200
        assert 'filename="archive-galutu-' in response["Content-Disposition"]
        assert listing_titles(b"".join(response.streaming_content).decode("utf-8")) == ["嘎鲁图镇防汛会议"]

    def test_another_sites_export_is_refused_with_403(self, galutu_auditor, two_sites):
        client = client_for(galutu_auditor)

        assert client.get(EXPORT_URL + "?site=main").status_code == 403
        response = client.post(EXPORT_URL, {"site": "main", "format": "csv", "status": "published"})
        assert response.status_code == 403
        assert not ExportRecord.objects.exists()

    def test_an_unknown_site_is_404(self, galutu_auditor):
        assert client_for(galutu_auditor).get(EXPORT_URL + "?site=nowhere").status_code == 404

    def test_a_superuser_switches_between_every_site(self, staff, two_sites):
        client = client_for(staff["admin"])

        page = client.get(EXPORT_URL + "?site=galutu").content.decode()

        assert '<a href="?site=main">' in page and "<strong>嘎鲁图镇人民政府</strong>" in page
        assert '<option value="dongtai">镇动态(dongtai)</option>' in page
        assert "苏木镇动态" not in page  # the default site's columns are not offered

    def test_a_background_job_belongs_to_the_site_exported(self, galutu_auditor, two_sites, monkeypatch):
        monkeypatch.setattr("archive.views.export_job_start", lambda job: None)
        client = client_for(galutu_auditor)

        client.post(EXPORT_URL, {"site": "galutu", "format": "package", "status": "published"})

        job = ExportJob.objects.get()
        assert job.site.key == "galutu" and job.filters["site"] == "galutu"

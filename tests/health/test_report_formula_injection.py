"""The health report's XLSX: a column name or finding an editor typed never
becomes a live formula in the auditor's copy."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from news.models import Column, ColumnType
from portal.spreadsheet import FORMULA_STARTS

from .conftest import report_made

pytestmark = pytest.mark.django_db
URL = "/admin/health/sitehealth/report.xlsx"
ATTACK = '=HYPERLINK("http://evil","x")'
HOSTILE = [ATTACK, *(f"{start}1+1 栏目" for start in FORMULA_STARTS)]


@pytest.fixture
def hostile_columns(healthy_site):
    for number, name in enumerate(HOSTILE):
        Column.objects.create(
            name=name, slug=f"evil-{number}", column_type=ColumnType.NEWS, description="d", keywords="k"
        )


class TestReportXlsx:
    def test_hostile_column_names_are_strings_with_an_apostrophe_not_formulas(self, client, auditor, hostile_columns):
        report_made()
        client.force_login(auditor)
        response = client.get(URL)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = {cell.value: cell for (cell, *_) in book["栏目更新"].iter_rows(min_row=2)}
        for name in HOSTILE:
            # XML reads a carriage return back as a line feed.
            assert cells["'" + name.replace("\r", "\n")].data_type == "s"
        # Blank columns are findings too: their sheet holds the names, as text.
        for row in book["问题清单"].iter_rows(min_row=2):
            assert all(cell.data_type != "f" for cell in row)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in archive.read(name).decode()

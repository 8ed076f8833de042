"""Spreadsheet formula injection: text an editor typed never becomes a live
formula in a listing an auditor opens in Excel (CSV, XLSX, the package's
listing.csv)."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from archive.rows import FIELDS
from portal.spreadsheet import FORMULA_STARTS, spreadsheet_cell

from .test_listings import read_csv

ATTACK = '=HYPERLINK("http://evil","x")'
# One title per character that starts a formula; the row's source and author start with it too.
HOSTILE = [ATTACK, *(f"{start}1+1 通知" for start in FORMULA_STARTS)]
TITLE, SOURCE, AUTHOR = FIELDS.index("标题"), FIELDS.index("来源"), FIELDS.index("作者")


@pytest.fixture
def hostile_articles(make_article, columns):
    return [
        make_article(title=f"{text}", source=f"{text}", author=f"{text}", column=columns["news"]) for text in HOSTILE
    ]


def inert(value, original):
    """Text Excel shows as text: the original behind a leading apostrophe."""
    return value == "'" + original


class TestTheSharedCell:
    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_text_starting_a_formula_gets_an_apostrophe(self, start):
        assert spreadsheet_cell(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"

    def test_ordinary_text_and_numbers_pass_unchanged(self):
        assert spreadsheet_cell("苏力德苏木 = 乌审旗") == "苏力德苏木 = 乌审旗"
        assert spreadsheet_cell(-3) == -3 and spreadsheet_cell(0) == 0 and spreadsheet_cell("") == ""


class TestCsv:
    def test_every_hostile_title_source_and_author_comes_out_as_text(self, export, hostile_articles):
        _, rows = read_csv(export("csv").path)
        by_title = {row["标题"]: row for row in rows}
        for text in HOSTILE:
            row = by_title["'" + text]
            assert inert(row["来源"], text) and inert(row["作者"], text)

    def test_the_packages_listing_is_neutralised_too(self, export, hostile_articles, tmp_path):
        result = export("package", name="archive-test.zip")
        with zipfile.ZipFile(result.path) as archive:
            (name,) = [n for n in archive.namelist() if n.endswith("data/listing.csv")]
            text = archive.read(name).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        assert sorted(row[TITLE] for row in rows) == sorted("'" + text for text in HOSTILE)


class TestXlsx:
    def test_openpyxl_reads_every_hostile_cell_as_a_string_not_a_formula(self, export, hostile_articles):
        result = export("xlsx")
        sheet = load_workbook(result.path).active
        titles = {}
        for row in sheet.iter_rows(min_row=2):
            for column in (TITLE, SOURCE, AUTHOR):
                assert row[column].data_type == "s", row[column].value
            titles[row[TITLE].value] = row
        # XML reads a carriage return back as a line feed.
        assert sorted(titles) == sorted("'" + text.replace("\r", "\n") for text in HOSTILE)
        with zipfile.ZipFile(result.path) as book:
            sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml and "<f " not in sheet_xml

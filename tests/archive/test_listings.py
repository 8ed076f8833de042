"""Listings (CSV, XLSX, JSON) parsed back and compared with the database."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reversion.models import Version

from archive.models import ExportRecord
from archive.rows import CONTENT_FIELDS, FIELDS
from archive.selection import filters_parse
from archive.services import archive_export
from news.models import Article, ArticleStatus
from tests.conftest import beijing


def read_csv(path):
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a BOM so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_xlsx(path):
    sheet = load_workbook(path, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    return header, [
        dict(zip(header, ["" if value is None else value for value in row], strict=True)) for row in rows[1:]
    ]


def read_json(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert data["篇数"] == len(data["文章"])
    header = list(data["文章"][0]) if data["文章"] else FIELDS
    return header, data["文章"]


READERS = {"csv": read_csv, "xlsx": read_xlsx, "json": read_json}


def expected_row(article, column_path, images=0, attachments=0, characters=None):
    article = Article.objects.get(pk=article.pk)
    return {
        "索引号": article.index_number,
        "标题": article.title,
        "栏目路径": column_path,
        "来源": article.source,
        "作者": article.author,
        "发布时间": article.published_at.astimezone(beijing(2000, 1, 1).tzinfo).isoformat(),
        "状态": "已发布",
        "网址": f"https://www.example.gov.cn/article/{article.pk}/",
        "字数": characters,
        "图片数": images,
        "附件数": attachments,
        "修订数": Version.objects.get_for_object(article).count(),
        "正文SHA-256": hashlib.sha256(article.body.encode()).hexdigest(),
        # Nothing of 政务公开 filled in: empty, 主动公开 by default.
        "文号": "",
        "成文日期": "",
        "主题分类": "",
        "体裁": "",
        "公开方式": "主动公开",
        "有效性": "",
        "有效性日期": "",
        # No 蒙古文版: empty.
        "蒙古文题名": "",
        "蒙古文来源": "",
        "蒙古文作者": "",
        "蒙古文为占位稿": "",
    }


def as_text(row):
    """CSV holds text only; compare every format as text."""
    return {key: str(value) for key, value in row.items()}


@pytest.fixture
def two_articles(make_article, columns, illustrated_article):
    plain = make_article(
        title="苏力德苏木召开“铸牢中华民族共同体意识”专题会议",
        column=columns["headlines"],
        published_at=beijing(2024, 6, 7, 18, 49),
        author="茜沁",
        body="<p>会议强调,要做好三篇文章。</p>\n<p>奋力开创 新局面!</p>",
    )
    return illustrated_article, plain


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
class TestRoundTrip:
    def test_every_field_of_every_article_comes_back_as_the_database_has_it(self, fmt, export, two_articles):
        illustrated, plain = two_articles
        result = export(fmt)
        header, rows = READERS[fmt](result.path)
        assert list(header) == (FIELDS + CONTENT_FIELDS if fmt == "json" else FIELDS)
        assert [as_text({name: row[name] for name in FIELDS}) for row in rows] == [
            as_text(expected_row(illustrated, "公开 > 苏木镇动态", images=2, attachments=1, characters=21)),
            as_text(expected_row(plain, "政务要闻", characters=21)),
        ]
        assert result.count == 2

    def test_the_export_is_logged_with_the_files_sha256(self, fmt, export, two_articles):
        result = export(fmt, columns=["yaowen"])
        record = ExportRecord.objects.get()
        assert record.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
        assert (record.count, record.fmt, record.actor) == (1, fmt, "测试")
        assert record.filters["columns"] == ["yaowen"]

    def test_no_matching_articles_gives_a_valid_empty_file(self, fmt, export, two_articles):
        result = export(fmt, keyword="没有这个词")
        header, rows = READERS[fmt](result.path)
        assert list(header) == FIELDS and rows == []
        assert result.count == 0
        assert ExportRecord.objects.get().count == 0


class TestJsonContent:
    def test_json_also_carries_the_stored_content_so_it_can_be_imported_again(self, export, two_articles):
        _, rows = read_json(export("json").path)
        for row, article in zip(rows, two_articles, strict=True):
            article = Article.objects.get(pk=article.pk)
            assert (row["副标题"], row["摘要"], row["正文"]) == (article.subtitle, article.summary, article.body)


class TestFailedWrites:
    def test_a_failure_half_way_leaves_no_file_and_no_temporary_file(self, tmp_path, two_articles, monkeypatch):
        from archive import listing

        def broken(rows):
            yield b"\xef\xbb\xbfpartial"
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("archive.services.csv_chunks", broken)
        out = tmp_path / "export.csv"
        with pytest.raises(OSError):
            archive_export(filters=filters_parse(), fmt="csv", out=out, actor="测试")
        assert list(tmp_path.iterdir()) == []
        assert not ExportRecord.objects.exists()
        assert listing.csv_chunks is not broken

    def test_a_failure_keeps_an_earlier_export_under_the_same_name_untouched(self, tmp_path, two_articles, monkeypatch):
        out = tmp_path / "export.csv"
        out.write_bytes(b"earlier export")
        monkeypatch.setattr("archive.services.rows_of", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
        with pytest.raises(OSError):
            archive_export(filters=filters_parse(), fmt="csv", out=out, actor="测试")
        assert out.read_bytes() == b"earlier export"
        assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


class TestWhatIsSelected:
    def test_drafts_are_left_out_unless_asked_for(self, export, make_article):
        make_article(title="已发布")
        make_article(title="草稿", status=ArticleStatus.DRAFT)
        assert [r["标题"] for r in read_csv(export("csv").path)[1]] == ["已发布"]
        drafts = read_csv(export("csv", name="d.csv", status="draft").path)[1]
        assert [(r["标题"], r["状态"], r["发布时间"], r["索引号"]) for r in drafts] == [("草稿", "草稿", "", "")]
        assert len(read_csv(export("csv", name="a.csv", status="all").path)[1]) == 2

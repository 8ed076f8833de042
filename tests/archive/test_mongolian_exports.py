"""The 蒙古文版 travels with every export: the listings' Mongolian columns,
the Mongolian body in JSON, and in a package the metadata and an offline
Mongolian page (text as text, lang="mn-Mong", the site's own stylesheets)
that the checksums cover like every other file."""

import csv
import io
import json
import zipfile

import bagit
import pytest

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save
from tests.conftest import MN_BODY, MN_TITLE, beijing

from .conftest import unzip
from .test_package import verify

pytestmark = pytest.mark.django_db
MN_SOURCE = "ᠰᠤᠮᠤ ᠶᠢᠨ ᠠᠯᠪᠠᠨ ᠭᠡᠷ"


@pytest.fixture
def translated(illustrated_article, mongolian):
    """The illustrated article (its image and attachment) with a Mongolian version."""
    illustrated_article.title_mn = MN_TITLE
    illustrated_article.body_mn = MN_BODY
    illustrated_article.source_mn = MN_SOURCE
    article_save(article=illustrated_article, actor=SYSTEM)
    illustrated_article.refresh_from_db()
    assert illustrated_article.has_mongolian
    return illustrated_article


@pytest.fixture
def chinese_only(make_article):
    return make_article(title="只有中文的文章", published_at=beijing(2024, 5, 21, 9, 0))


def folder_of(article):
    return "mn-test/data/articles/" + article.index_number.replace("/", "_")


@pytest.fixture
def package(export, translated, chinese_only):
    return export("package", name="mn-test.zip")


class TestListings:
    def test_the_csv_carries_the_mongolian_title_and_source(self, export, translated, chinese_only):
        result = export("csv")
        rows = {row["标题"]: row for row in csv.DictReader(io.StringIO(result.path.read_text(encoding="utf-8-sig")))}
        mongolian = rows[translated.title]
        assert (mongolian["蒙古文题名"], mongolian["蒙古文来源"], mongolian["蒙古文为占位稿"]) == (
            MN_TITLE,
            MN_SOURCE,
            "",
        )
        assert rows["只有中文的文章"]["蒙古文题名"] == ""

    def test_the_json_carries_the_mongolian_body(self, export, translated):
        data = json.loads(export("json").path.read_text(encoding="utf-8"))
        [row] = [row for row in data["文章"] if row["标题"] == translated.title]
        assert row["蒙古文正文"] == MN_BODY
        assert row["蒙古文题名"] == MN_TITLE

    def test_a_placeholder_is_marked(self, export, translated):
        translated.mongolian_placeholder = True
        article_save(article=translated, actor=SYSTEM)
        rows = list(csv.DictReader(io.StringIO(export("csv").path.read_text(encoding="utf-8-sig"))))
        assert [row["蒙古文为占位稿"] for row in rows if row["标题"] == translated.title] == ["是"]


class TestPackage:
    def test_the_metadata_holds_the_mongolian_fields(self, package, translated, chinese_only):
        with zipfile.ZipFile(package.path) as archive:
            metadata = json.loads(archive.read(f"{folder_of(translated)}/metadata.json"))
            other = json.loads(archive.read(f"{folder_of(chinese_only)}/metadata.json"))
        mongolian = metadata["蒙古文版"]
        assert (mongolian["题名"], mongolian["正文"], mongolian["来源"]) == (MN_TITLE, MN_BODY, MN_SOURCE)
        assert mongolian["占位稿"] is False
        assert mongolian["网址"] == f"https://www.example.gov.cn/mn/article/{translated.pk}/"
        assert mongolian["页面"] == f"data/articles/{translated.index_number.replace('/', '_')}/mn/index.html"
        assert other["蒙古文版"] is None

    def test_the_offline_mongolian_page_keeps_the_text_as_text(self, package, translated, chinese_only):
        folder = folder_of(translated)
        with zipfile.ZipFile(package.path) as archive:
            names = set(archive.namelist())
            page = archive.read(f"{folder}/mn/index.html").decode()
        assert '<html lang="mn-Mong"' in page
        assert MN_TITLE in page and "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ" in page
        assert 'href="../../../static/css/portal.css"' in page
        assert "archive-test/data/static/css/portal.css".replace("archive-test", "mn-test") in names
        assert "/media/" not in page and 'href="/' not in page and 'src="/' not in page
        assert f"{folder_of(chinese_only)}/mn/index.html" not in names

    def test_the_mongolian_page_finds_the_files_of_its_body(self, export, translated, media_files):
        translated.body_mn = MN_BODY + f'<p><img src="{media_files["image"]}" alt="ᠵᠢᠷᠤᠭ" width="40" height="30"></p>'
        article_save(article=translated, actor=SYSTEM)
        result = export("package", name="mn-test.zip")
        with zipfile.ZipFile(result.path) as archive:
            names = set(archive.namelist())
            page = archive.read(f"{folder_of(translated)}/mn/index.html").decode()
        assert 'src="../files/uploads/2024/photo.png"' in page
        assert f"{folder_of(translated)}/files/uploads/2024/photo.png" in names

    def test_the_chinese_page_stays_chinese(self, package, translated):
        with zipfile.ZipFile(package.path) as archive:
            page = archive.read(f"{folder_of(translated)}/index.html").decode()
        assert '<html lang="zh-CN"' in page
        assert "查汗庙嘎查召开人居环境整治现场推进会" in page

    def test_the_package_with_mongolian_pages_verifies(self, package, tmp_path):
        assert verify(package.path) == (0, "")
        bag = bagit.Bag(str(unzip(package.path, tmp_path / "bag")))
        assert bag.is_valid()
        assert any(name.endswith("/mn/index.html") for name in bag.payload_entries())


class TestFontAndClosedSites:
    def test_the_package_carries_the_mongolian_font(self, package):
        with zipfile.ZipFile(package.path) as archive:
            names = archive.namelist()
        assert any("fonts/NotoSansMongolian" in name and name.endswith(".woff2") for name in names), names[:20]

    def test_a_site_whose_mongolian_version_is_closed_has_no_mongolian_page(self, export, translated, site):
        site.mongolian_enabled = False
        site.save()
        with zipfile.ZipFile(export("package", name="closed.zip").path) as archive:
            names = set(archive.namelist())
            metadata = json.loads(archive.read(f"{folder_of(translated).replace('mn-test', 'closed')}/metadata.json"))
        assert not any(name.endswith("/mn/index.html") for name in names)
        assert metadata["蒙古文版"]["题名"] == MN_TITLE  # the record keeps the text
        assert metadata["蒙古文版"]["网址"] is None and metadata["蒙古文版"]["页面"] is None

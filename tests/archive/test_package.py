"""The archive package: a BagIt bag in a ZIP, verifiable without this software."""

import hashlib
import json
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import bagit
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import ExportRecord

from .conftest import unzip


def rezip(source, target, change=None, drop=None, add=None):
    """Copy a ZIP member by member, changing, dropping or adding one file."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if drop and info.filename.endswith(drop):
                continue
            if change and info.filename.endswith(change):
                data = bytes([data[0] ^ 0x01]) + data[1:]
            new.writestr(info.filename, data)
        if add:
            root = old.namelist()[0].split("/")[0]
            new.writestr(f"{root}/{add}", b"slipped in later")


def verify(path):
    """Run verify_archive; return (exit code, what it wrote to stderr)."""
    import io

    err = io.StringIO()
    try:
        call_command("verify_archive", str(path), stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        return error.returncode, err.getvalue() + str(error)
    return 0, err.getvalue()


def pdf_font_names(data):
    names = set()
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            body = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        names.update(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/<>]+)", body))
    return {name.decode() for name in names}


class TestLayout:
    def test_the_zip_holds_one_bag_with_the_four_bagit_files(self, package):
        with zipfile.ZipFile(package.path) as archive:
            names = archive.namelist()
        for tag in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"):
            assert f"archive-test/{tag}" in names
        assert all(name.startswith("archive-test/") for name in names)

    def test_each_article_has_its_page_files_and_metadata(self, package, illustrated_article, seed):
        folder = "archive-test/data/articles/" + illustrated_article.index_number.replace("/", "_")
        with zipfile.ZipFile(package.path) as archive:
            names = set(archive.namelist())
            metadata = json.loads(archive.read(f"{folder}/metadata.json"))
            page = archive.read(f"{folder}/index.html").decode()
        assert {
            f"{folder}/index.html",
            f"{folder}/files/uploads/2024/photo.png",
            f"{folder}/files/files/通知.pdf",
        } <= names
        assert any(name.startswith(f"{folder}/files/covers/") for name in names), "the cover is kept with the record"
        assert "archive-test/data/pages.warc.gz" in names and "archive-test/data/listing.csv" in names
        assert 'src="files/uploads/2024/photo.png"' in page
        assert 'href="../../static/css/portal.css"' in page
        assert "/media/" not in page and 'href="/' not in page and 'src="/' not in page
        assert metadata["索引号"] == illustrated_article.index_number
        assert metadata["题名"] == "查汗庙嘎查召开人居环境整治现场推进会"
        assert metadata["栏目"] == "公开 > 苏木镇动态"
        assert (metadata["来源"], metadata["作者"]) == ("苏力德苏木党政综合办公室", "其其格")
        assert metadata["发布机构"] == "苏力德苏木党政综合办公室"
        assert metadata["发布日期"] == "2024-05-20"
        assert metadata["网址"] == f"https://www.example.gov.cn/article/{illustrated_article.pk}/"
        # Published by the system (the fixture), so one revision and one 发布 entry.
        assert [(r["修订号"], r["修订人"], r["说明"]) for r in metadata["修订记录"]] == [(1, "系统", "发布(系统)")]
        assert [e["操作"] for e in metadata["审计记录"]] == ["发布"]
        assert [f["类型"] for f in metadata["文件"]] == ["图片", "图片", "附件"]
        assert all(
            f["存档路径"] and f["存档路径"].replace("data/", "archive-test/data/", 1) in names for f in metadata["文件"]
        )

    def test_the_page_is_the_public_page_and_counts_no_view(self, package, seed, client):
        seed.refresh_from_db()
        assert seed.view_count == 0
        public = client.get(seed.get_absolute_url()).content.decode()
        folder = "archive-test/data/articles/" + seed.index_number.replace("/", "_")
        with zipfile.ZipFile(package.path) as archive:
            archived = archive.read(f"{folder}/index.html").decode()
        title = re.search(r'<h1 id="article-title".*?</h1>', public, re.S).group(0)
        body = re.search(r'<div class="article-body".*?</div>', public, re.S).group(0)
        assert title in archived and body in archived

    def test_the_export_record_holds_the_sha256_of_the_zip(self, package):
        record = ExportRecord.objects.get()
        assert record.sha256 == hashlib.sha256(package.path.read_bytes()).hexdigest()
        assert (record.fmt, record.count) == ("package", 2)


class TestVerifyArchive:
    def test_a_fresh_package_passes(self, package):
        assert verify(package.path) == (0, "")

    def test_one_byte_changed_in_a_file_fails_naming_that_file(self, package, tmp_path, illustrated_article):
        damaged = tmp_path / "changed.zip"
        rezip(package.path, damaged, change="metadata.json")
        code, message = verify(damaged)
        assert code == 1
        folder = illustrated_article.index_number.replace("/", "_")
        changed = re.findall(r"已修改: (\S+)", message)
        assert len(changed) == 2 and all(name.endswith("metadata.json") for name in changed)
        assert f"data/articles/{folder}/metadata.json" in changed

    def test_a_byte_flipped_inside_the_zip_file_itself_fails_naming_the_file(self, package, tmp_path):
        raw = bytearray(package.path.read_bytes())
        with zipfile.ZipFile(package.path) as archive:
            info = next(i for i in archive.infolist() if i.filename.endswith("photo.png"))
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
        raw[offset] ^= 0xFF
        damaged = tmp_path / "flipped.zip"
        damaged.write_bytes(bytes(raw))
        code, message = verify(damaged)
        assert code == 1
        assert re.findall(r"已修改: (\S+)", message) == [info.filename.split("/", 1)[1]]

    def test_a_file_removed_fails_naming_it(self, package, tmp_path):
        damaged = tmp_path / "removed.zip"
        rezip(package.path, damaged, drop="photo.png")
        code, message = verify(damaged)
        assert code == 1
        (removed,) = re.findall(r"已删除: (\S+)", message)
        assert removed.endswith("files/uploads/2024/photo.png")
        assert "已修改" not in message and "多出" not in message

    def test_a_file_added_fails_naming_it(self, package, tmp_path):
        damaged = tmp_path / "added.zip"
        rezip(package.path, damaged, add="data/articles/extra.html")
        code, message = verify(damaged)
        assert code == 1
        assert re.findall(r"多出: (\S+)", message) == ["data/articles/extra.html"]

    def test_the_unzipped_folder_can_be_verified_too(self, package, tmp_path):
        bag = unzip(package.path, tmp_path / "unzipped")
        assert verify(bag)[0] == 0
        (bag / "data/export.json").write_text("{}")
        code, message = verify(bag)
        assert code == 1 and "已修改: data/export.json" in message

    def test_a_file_that_is_not_a_zip_is_refused_with_exit_code_2(self, tmp_path):
        bad = tmp_path / "not.zip"
        bad.write_text("hello")
        code, message = verify(bad)
        assert code == 2 and "不是 ZIP 文件" in message
        assert verify(tmp_path / "missing.zip")[0] == 2


class TestIndependentTools:
    def test_the_bagit_library_alone_validates_the_unzipped_bag(self, package, tmp_path):
        bag = bagit.Bag(str(unzip(package.path, tmp_path / "bag")))
        bag.validate()  # raises BagValidationError on any problem
        assert bag.info["Source-Organization"] == "乌审旗苏力德苏木人民政府"
        assert len(bag.payload_entries()) >= 10

    def test_the_bagit_library_notices_a_changed_file(self, package, tmp_path):
        root = unzip(package.path, tmp_path / "bag")
        (root / "data/listing.csv").write_bytes(b"changed")
        with pytest.raises(bagit.BagValidationError):
            bagit.Bag(str(root)).validate()

    def test_warcio_check_passes_and_the_warc_holds_the_pages_and_their_files(self, package, tmp_path, seed):
        root = unzip(package.path, tmp_path / "bag")
        warc = root / "data/pages.warc.gz"
        warcio = Path(sys.executable).with_name("warcio")
        check = subprocess.run([str(warcio), "check", "-v", str(warc)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "digest pass" in check.stdout
        from warcio.archiveiterator import ArchiveIterator

        with open(warc, "rb") as stream:
            responses = {
                record.rec_headers.get_header("WARC-Target-URI"): record.content_stream().read()
                for record in ArchiveIterator(stream)
                if record.rec_type == "response"
            }
        page = responses[f"https://www.example.gov.cn/article/{seed.pk}/"].decode()
        assert "做好“三篇文章”" in page
        assert "https://www.example.gov.cn/static/css/portal.css" in responses
        assert responses["https://www.example.gov.cn/media/uploads/2024/photo.png"].startswith(b"\x89PNG")


class TestPdf:
    @pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
    def test_each_page_gets_a_pdf_with_chinese_in_the_wenquanyi_font(self, export, seed, settings, workers):
        settings.ARCHIVE_PDF_WORKERS = workers
        result = export("package", name="with-pdf.zip", with_pdf=True)
        folder = "with-pdf/data/articles/" + seed.index_number.replace("/", "_")
        with zipfile.ZipFile(result.path) as archive:
            pdf = archive.read(f"{folder}/page.pdf")
            metadata = json.loads(archive.read(f"{folder}/metadata.json"))
        assert pdf.startswith(b"%PDF-")
        fonts = pdf_font_names(pdf)
        assert fonts and all(name.startswith("WenQuanYi") for name in fonts), fonts
        assert metadata["PDF"] == f"data/articles/{seed.index_number.replace('/', '_')}/page.pdf"
        assert verify(result.path)[0] == 0

    def test_without_pdf_there_is_no_pdf(self, package):
        with zipfile.ZipFile(package.path) as archive:
            assert not [name for name in archive.namelist() if name.endswith(".pdf") and "/files/" not in name]


class TestEmptyPackage:
    def test_no_articles_gives_a_valid_bag(self, export, site, tmp_path):
        result = export("package", name="empty.zip")
        assert result.count == 0
        assert verify(result.path)[0] == 0
        bagit.Bag(str(unzip(result.path, tmp_path / "bag"))).validate()


class TestAttachments:
    def test_an_attachment_is_saved_beside_the_page_under_its_chinese_name_and_linked(
        self, export, illustrated_article
    ):
        from django.core.files.base import ContentFile

        from news.models import Attachment

        attachment = Attachment.objects.create(
            article=illustrated_article,
            file=ContentFile(b"%PDF-1.4 attachment", name="x.pdf"),
            original_name="人居环境整治方案.pdf",
            size=19,
            file_type="pdf",
        )
        package = export("package", name="with-attachment.zip")
        folder = "with-attachment/data/articles/" + illustrated_article.index_number.replace("/", "_")
        stored = f"{folder}/files/attachments/{attachment.pk}-人居环境整治方案.pdf"
        with zipfile.ZipFile(package.path) as archive:
            assert archive.read(stored) == b"%PDF-1.4 attachment"
            page = archive.read(f"{folder}/index.html").decode()
        assert f'href="files/attachments/{attachment.pk}-人居环境整治方案.pdf"' in page

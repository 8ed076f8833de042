"""verify_archive judges a package by its content (the bag's manifests), not
by how it was zipped: an auditor's re-zip on Windows, with names in GBK or
CP437 and no UTF-8 flag, in another order or compression, is still intact."""

import zipfile

import pytest

from archive.bag import BagZipWriter, bag_verify

from .test_package import verify


class LegacyNameInfo(zipfile.ZipInfo):
    """A member whose name is written in a code page, without the UTF-8 flag,
    as Windows tools in a Chinese locale (GBK) or old ones (CP437) do."""

    encoding = "gbk"

    def _encodeFilenameFlags(self):  # the hook zipfile uses for header names
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


def rezip(
    source, target, *, encoding=None, compression=zipfile.ZIP_DEFLATED, reverse=False, change=None, folders=False
):
    """Copy a ZIP member by member as another tool would: names in `encoding`
    without the UTF-8 flag, another compression, members in another order,
    an entry for each folder (as Windows Explorer writes); `change` flips
    the first byte of the member whose name ends with it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        infos = old.infolist()[::-1] if reverse else old.infolist()
        if folders:
            names = {info.filename.rsplit("/", 1)[0] + "/" for info in infos}
            for folder in sorted(names):
                new.writestr(zipfile.ZipInfo(folder), b"")
        for info in infos:
            data = old.read(info)
            if change and info.filename.endswith(change):
                data = bytes([data[0] ^ 0x01]) + data[1:]
            if encoding:
                copy = type("Info", (LegacyNameInfo,), {"encoding": encoding})(info.filename, info.date_time)
            else:
                copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = compression
            new.writestr(copy, data)
    return target


def raw_names(path):
    """The member names as the bytes in the ZIP and whether the UTF-8 flag is set."""
    with zipfile.ZipFile(path) as archive:
        return [(info.orig_filename.encode("cp437"), bool(info.flag_bits & 0x800)) for info in archive.infolist()]


class TestGbkNames:
    def test_a_package_rezipped_with_gbk_names_is_intact(self, package, tmp_path):
        copy = rezip(package.path, tmp_path / "gbk.zip", encoding="gbk")
        chinese = "通知.pdf".encode("gbk")
        assert any(chinese in raw and not flagged for raw, flagged in raw_names(copy))
        assert verify(copy) == (0, "")

    def test_a_changed_file_in_a_gbk_rezip_is_still_reported_by_its_chinese_name(self, package, tmp_path):
        copy = rezip(package.path, tmp_path / "gbk.zip", encoding="gbk", change="通知.pdf")
        code, output = verify(copy)
        assert code == 1 and "已修改" in output and "通知.pdf" in output

    def test_a_gbk_rezip_with_an_entry_for_each_folder_is_intact(self, package, tmp_path):
        copy = rezip(package.path, tmp_path / "explorer.zip", encoding="gbk", folders=True)
        assert verify(copy) == (0, "")

    def test_names_written_as_utf8_without_the_flag_are_read_too(self, package, tmp_path):
        copy = rezip(package.path, tmp_path / "utf8.zip", encoding="utf-8")
        assert not any(flagged for _, flagged in raw_names(copy))
        assert verify(copy) == (0, "")


class TestOtherZippers:
    @pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    def test_another_compression_and_member_order_is_intact(self, package, tmp_path, compression):
        copy = rezip(package.path, tmp_path / "other.zip", compression=compression, reverse=True)
        assert verify(copy) == (0, "")

    def test_a_changed_file_in_a_reordered_rezip_is_still_reported(self, package, tmp_path):
        copy = rezip(package.path, tmp_path / "other.zip", reverse=True, change="metadata.json")
        code, output = verify(copy)
        assert code == 1 and "已修改" in output and "metadata.json" in output


@pytest.fixture
def latin_bag(tmp_path):
    """A bag whose file names CP437 can write (it has no Chinese)."""
    path = tmp_path / "bag.zip"
    with open(path, "wb") as target:
        bag = BagZipWriter(target, "bag", tmp_dir=tmp_path)
        bag.add_bytes("données/été.txt", b"summer")
        bag.add_bytes("données/Übersicht.txt", b"overview")
        bag.close({"Source-Organization": "test"})
    return path


class TestCp437Names:
    def test_a_bag_rezipped_with_cp437_names_is_intact(self, latin_bag, tmp_path):
        copy = rezip(latin_bag, tmp_path / "cp437.zip", encoding="cp437", reverse=True)
        assert any("été".encode("cp437") in raw and not flagged for raw, flagged in raw_names(copy))
        report = bag_verify(copy)
        assert report.intact and report.files_checked == 5

    def test_a_changed_file_in_a_cp437_rezip_is_still_reported(self, latin_bag, tmp_path):
        copy = rezip(latin_bag, tmp_path / "cp437.zip", encoding="cp437", change="été.txt")
        assert bag_verify(copy).changed == ["data/données/été.txt"]


class TestUnicodePathField:
    def test_a_name_in_another_code_page_is_read_from_its_unicode_path_field(self, package, tmp_path):
        """WinRAR and 7-Zip add the UTF-8 name in an extra field when the header name is in a code page."""
        import struct
        import zlib

        copy = tmp_path / "big5.zip"
        with zipfile.ZipFile(package.path) as old, zipfile.ZipFile(copy, "w") as new:
            for info in old.infolist():
                member = type("Info", (LegacyNameInfo,), {"encoding": "big5"})(info.filename, info.date_time)
                raw = info.filename.encode("big5")
                field = b"\x01" + struct.pack("<L", zlib.crc32(raw)) + info.filename.encode("utf-8")
                member.extra = struct.pack("<HH", 0x7075, len(field)) + field
                new.writestr(member, old.read(info))
        assert raw_names(copy)[0][1] is False
        assert verify(copy) == (0, "")

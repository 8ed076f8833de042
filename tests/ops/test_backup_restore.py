"""make backup / make restore: a backup restored on a new machine brings back
everything, photos and attachments alike; a crafted archive writes nothing
outside the site's folders and cannot fill the disk; a copy that differs from
its .sha256 file is refused."""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

import ops.backups
from news.models import Article, Attachment, Column, Site
from ops.backups import (
    DISK_BLOCK,
    DUMP_NAMES,
    EXCLUDED,
    BackupError,
    archive_checksum_check,
    backup_create,
    backup_restore,
    checksum_path,
)
from tests.media_files import DOCUMENTS, attach, png_bytes
from tests.settings_env import NOT_INHERITED, ROOT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(make_article, columns, site):
    with_cover = make_article("有封面的文章", cover_alt="封面")
    with_cover.cover_image.save("cover.png", ContentFile(png_bytes()))
    make_article("第二篇", column=columns["notices"])
    make_article("草稿", status="draft")
    user = User.objects.create_superuser("chief", "c@example.gov.cn", "Sulide-2024-news")
    TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    attach(with_cover, "关于开展工作的通知.pdf", DOCUMENTS["pdf"], "pdf")
    attach(with_cover, "名单.xlsx", DOCUMENTS["xlsx"], "xlsx")
    return with_cover


def sha256(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def new_machine_database(tmp_path):
    """The database of the "new machine": a new SQLite file, or a new database
    in the same PostgreSQL cluster (a backup restores into the same engine)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_new_machine"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = f"{db['USER']}:{db.get('PASSWORD') or ''}@" if db.get("USER") else ""
    NEW_MACHINE_URL[tmp_path] = f"postgres://{user}{db.get('HOST') or ''}:{db.get('PORT') or 5432}/{name}"
    yield NEW_MACHINE_URL[tmp_path]
    del NEW_MACHINE_URL[tmp_path]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


NEW_MACHINE_URL = {}


def run_on_new_machine(tmp_path, *args):
    """manage.py against a brand-new database and empty file folders."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=NEW_MACHINE_URL.get(tmp_path, f"sqlite:///{tmp_path / 'new.sqlite3'}"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


class TestBackup:
    def test_the_archive_is_timestamped_private_and_lists_what_it_holds(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        assert archive.name.startswith("portal-") and archive.name.endswith(".tar.gz")
        assert archive.stat().st_mode & 0o077 == 0
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            names = tar.getnames()
        assert manifest["counts"]["news.Article"] == 3
        assert manifest["counts"]["news.Site"] == 1
        assert manifest["counts"]["otp_totp.TOTPDevice"] == 1
        assert f"media/{content.cover_image.name}" in names
        for attachment in Attachment.objects.all():
            assert f"private/{attachment.file.name}" in names
            assert manifest["files"]["private"][attachment.file.name] == sha256(attachment.file.read())
        assert manifest["missing"] == []

    def test_a_link_in_the_media_folder_is_not_followed_into_the_archive(self, content, tmp_path, settings):
        secret = tmp_path / "secret.txt"
        secret.write_text("not part of the site")
        (settings.MEDIA_ROOT / "link.txt").symlink_to(secret)
        with tarfile.open(backup_create(destination=tmp_path / "backups")) as tar:
            names = tar.getnames()
            assert all(member.isfile() or member.isdir() for member in tar.getmembers())
        assert "media/link.txt" not in names
        (settings.MEDIA_ROOT / "link.txt").unlink()

    def test_every_installed_app_is_included_without_listing_it(self, content, tmp_path):
        from django.apps import apps

        with tarfile.open(backup_create(destination=tmp_path)) as tar:
            counted = set(json.load(tar.extractfile("manifest.json"))["counts"])
        expected = {
            m._meta.label
            for m in apps.get_models()
            if m._meta.app_label not in {"contenttypes", "sessions", "search"}
            and m._meta.label != "auth.Permission"
            and not m._meta.proxy
        }
        assert counted == expected


class TestRestore:
    def test_a_new_machine_gets_every_article_column_setting_account_and_file_back(self, content, tmp_path):
        archive = backup_create(destination=tmp_path / "backups")
        result = run_on_new_machine(tmp_path, "restore", str(archive))
        assert result.returncode == 0, result.stderr
        assert "逐项核对无误" in result.stdout
        code = (
            "import json; from news.models import *; from django.contrib.auth.models import User;"
            "from django_otp.plugins.otp_totp.models import TOTPDevice;"
            "print(json.dumps({'articles': sorted(Article.objects.values_list('id', 'title', 'index_number', 'status', 'cover_image')),"
            "'columns': sorted(Column.objects.values_list('id', 'slug', 'parent_id')),"
            "'site': list(Site.objects.values_list('site_name', 'icp_number')),"
            "'users': list(User.objects.values_list('username', 'password')),"
            "'devices': list(TOTPDevice.objects.values_list('user__username', 'key'))}))"
        )
        restored = json.loads(run_on_new_machine(tmp_path, "shell", "-v", "0", "-c", code).stdout)
        as_lists = lambda rows: [list(row) for row in rows]  # noqa: E731
        assert restored["articles"] == as_lists(
            sorted(Article.objects.values_list("id", "title", "index_number", "status", "cover_image"))
        )
        assert restored["columns"] == as_lists(sorted(Column.objects.values_list("id", "slug", "parent_id")))
        assert restored["site"] == as_lists(Site.objects.values_list("site_name", "icp_number"))
        assert restored["users"] == as_lists(User.objects.values_list("username", "password"))
        assert restored["devices"] == [["chief", TOTPDevice.objects.get().key]]
        assert (tmp_path / "media" / content.cover_image.name).read_bytes() == png_bytes()

    def test_restore_drill_a_new_database_and_new_file_folders_serve_the_article_its_photo_and_attachments(
        self, content, tmp_path, settings
    ):
        archive = backup_create(destination=tmp_path / "backups")
        with tarfile.open(archive) as tar:
            assert DUMP_NAMES[connection.vendor] in tar.getnames()  # the engine's own dump, not dumpdata
        result = run_on_new_machine(tmp_path, "restore", str(archive))
        assert result.returncode == 0, result.stderr
        stored = sum(
            1 for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) for p in root.rglob("*") if p.is_file()
        )
        assert f"{stored} 个文件(图片和附件),并逐项核对无误" in result.stdout
        expected = {a.get_absolute_url(): sha256(a.file.read()) for a in Attachment.objects.all()}
        expected[content.cover_image.url] = sha256(png_bytes())
        article = content.get_absolute_url()
        code = (
            # The page links its stylesheet; this test serves no static files, so
            # plain static storage spares it a collectstatic for the dev settings.
            "import hashlib, json; from django.test import Client, override_settings;"
            "override_settings(STORAGES={'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},"
            " 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable()\n"
            f"urls = {sorted(expected)!r}; client = Client(HTTP_HOST='localhost'); served = {{}}\n"
            "for url in urls:\n"
            "    r = client.get(url); body = b''.join(r.streaming_content) if r.streaming else r.content\n"
            "    served[url] = [r.status_code, hashlib.sha256(body).hexdigest()]\n"
            f"page = client.get({article!r}); served['article'] = [page.status_code, {content.title!r} in page.content.decode()]\n"
            "print(json.dumps(served))"
        )
        served = run_on_new_machine(tmp_path, "shell", "-v", "0", "-c", code)
        assert served.returncode == 0, served.stderr
        assert json.loads(served.stdout) == {
            **{url: [200, digest] for url, digest in expected.items()},
            "article": [200, True],
        }, served.stderr

    def test_restoring_into_the_same_database_after_losing_everything(self, content, tmp_path, settings):
        archive = backup_create(destination=tmp_path)
        titles = sorted(Article.objects.values_list("title", flat=True))
        call_command("flush", interactive=False, verbosity=0)
        (settings.MEDIA_ROOT / content.cover_image.name).unlink()
        backup_restore(archive=archive)
        assert sorted(Article.objects.values_list("title", flat=True)) == titles
        assert (settings.MEDIA_ROOT / content.cover_image.name).exists()
        # The search index comes back with the database.
        results = Client().get("/search/", {"q": "封面"}).content.decode()
        assert f'href="{content.get_absolute_url()}"' in results
        Article.objects.create(column=Column.objects.first(), title="恢复后新建", body="<p>x</p>")  # ids continue

    def test_a_database_with_data_is_not_overwritten_by_mistake(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        with pytest.raises(CommandError, match="目标数据库已有数据"):
            call_command("restore", str(archive))
        assert Article.objects.count() == 3

    @pytest.mark.parametrize("folder", ["media/", "private/"])
    def test_a_damaged_file_is_reported_before_the_database_is_touched(self, content, tmp_path, folder):
        archive = backup_create(destination=tmp_path)
        damaged = tmp_path / "damaged.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name.startswith(folder):
                    data = b"x" + data
                    member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        Article.objects.filter(status="draft").delete()
        with pytest.raises(CommandError, match="已损坏:" + folder):
            call_command("restore", str(damaged), replace=True)
        assert Article.objects.count() == 2  # not flushed

    def test_a_row_whose_file_is_not_in_the_backup_is_named_and_the_restore_fails(self, content, tmp_path, settings):
        lost = Attachment.objects.get(original_name="名单.xlsx")
        (settings.PRIVATE_MEDIA_ROOT / lost.file.name).unlink()
        archive = backup_create(destination=tmp_path / "backups")
        with tarfile.open(archive) as tar:
            assert json.load(tar.extractfile("manifest.json"))["missing"] == [
                f"news.Attachment #{lost.pk} file: {lost.file.name}"
            ]
        result = run_on_new_machine(tmp_path, "restore", str(archive))
        assert result.returncode != 0
        assert "逐项核对无误" not in result.stdout
        assert "有 1 个文件在备份中没有" in result.stderr
        assert f"news.Attachment #{lost.pk} file: {lost.file.name}" in result.stderr

    def test_an_old_backup_without_attachments_restores_and_names_the_attachments_it_lacks(self, content, tmp_path):
        # Format 1: dumpdata JSON and the photos only.
        archive = backup_create(destination=tmp_path / "backups")
        data = tmp_path / "database.json"
        call_command(
            "dumpdata", exclude=EXCLUDED, natural_foreign=True, natural_primary=True, output=str(data), verbosity=0
        )
        old = tmp_path / "backups" / "portal-old.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(old, "w:gz") as target:
            manifest = json.load(source.extractfile("manifest.json"))
            manifest = {**manifest, "format": 1, "media": manifest.pop("files")["media"]}
            del manifest["database"]
            data_bytes = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data_bytes)
            target.addfile(info, io.BytesIO(data_bytes))
            target.add(data, arcname="database.json")
            for member in source.getmembers():
                if member.name.startswith("media/"):
                    target.addfile(member, source.extractfile(member))
        result = run_on_new_machine(tmp_path, "restore", str(old))
        assert result.returncode != 0
        assert "有 2 个文件在备份中没有" in result.stderr
        for attachment in Attachment.objects.all():
            assert f"news.Attachment #{attachment.pk} file: {attachment.file.name}" in result.stderr
        assert (tmp_path / "media" / content.cover_image.name).read_bytes() == png_bytes()

    def test_the_backup_command_warns_about_files_already_missing(self, content, tmp_path, settings):
        (settings.MEDIA_ROOT / content.cover_image.name).unlink()
        out, err = io.StringIO(), io.StringIO()
        call_command("backup", "--to", str(tmp_path), stdout=out, stderr=err)
        assert "备份完成" in out.getvalue()
        assert f"news.Article #{content.pk} cover_image: {content.cover_image.name}" in err.getvalue()


def crafted(tmp_path, archive, *, files=None, extra=()):
    """A copy of a real backup with `extra` (TarInfo, bytes or None) added and,
    if given, the manifest's file list replaced."""
    out = tmp_path / "crafted.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        manifest = json.load(source.extractfile("manifest.json"))
        if files is not None:
            manifest["files"] = files
            manifest["media"] = files.get("media", {})  # where a format-1 reader looks
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        target.addfile(info, io.BytesIO(data))
        for member in source.getmembers():
            if member.name != "manifest.json":
                target.addfile(member, source.extractfile(member))
        for info, data in extra:
            if data is not None:
                info.size = len(data)
            target.addfile(info, io.BytesIO(data) if data is not None else None)
    return out


def regular(name, data):
    return tarfile.TarInfo(name), data


def link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


class TestCraftedArchive:
    """A crafted archive must not write anywhere but MEDIA_ROOT and
    PRIVATE_MEDIA_ROOT, and must be refused before the database is emptied."""

    PAYLOAD = b"written by an attacker"

    @pytest.fixture
    def site_folders(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "site" / "media"
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "site" / "private"
        settings.MEDIA_ROOT.mkdir(parents=True)
        settings.PRIVATE_MEDIA_ROOT.mkdir()
        return tmp_path / "site"

    @pytest.fixture
    def backup(self, content, tmp_path):
        return backup_create(destination=tmp_path / "backups")

    def assert_refused(self, archive, words, site_folders):
        articles = Article.objects.count()
        with pytest.raises(BackupError, match=words):
            backup_restore(archive=archive, replace=True)
        assert Article.objects.count() == articles  # refused before the flush
        written = [p for p in site_folders.parent.rglob("*") if p.is_file() and p.read_bytes() == self.PAYLOAD]
        assert written == []

    def test_a_manifest_name_climbing_out_of_the_media_folder_is_refused(self, backup, tmp_path, site_folders):
        archive = crafted(
            tmp_path,
            backup,
            files={"media": {"../payload.txt": sha256(self.PAYLOAD)}},
            extra=[regular("payload.txt", self.PAYLOAD)],
        )
        self.assert_refused(archive, "不安全的路径", site_folders)
        assert not (site_folders / "payload.txt").exists()

    @pytest.mark.parametrize("name", ["../../payload.txt", "/tmp/payload.txt", "a/./b.txt", "a//b.txt", "a\\..\\b.txt"])
    def test_names_that_are_not_plain_relative_paths_are_refused(self, backup, tmp_path, site_folders, name):
        archive = crafted(tmp_path, backup, files={"private": {name: sha256(self.PAYLOAD)}})
        self.assert_refused(archive, "不安全", site_folders)

    def test_a_symbolic_link_member_is_refused(self, backup, tmp_path, site_folders):
        # The link stays inside the extraction folder (so tarfile's "data"
        # filter lets it through); the manifest then writes through it.
        archive = crafted(
            tmp_path,
            backup,
            files={"media": {"up/payload.txt": sha256(self.PAYLOAD)}},
            extra=[link("media/up", ".."), regular("media/payload.txt", self.PAYLOAD)],
        )
        self.assert_refused(archive, "链接或特殊文件", site_folders)

    @pytest.mark.parametrize(
        "kind", [tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.BLKTYPE, tarfile.FIFOTYPE, tarfile.GNUTYPE_SPARSE]
    )
    def test_hard_links_and_special_files_are_refused(self, backup, tmp_path, site_folders, kind):
        archive = crafted(tmp_path, backup, extra=[link("media/other", "database.json", kind)])
        self.assert_refused(archive, "链接或特殊文件", site_folders)

    def test_an_absolute_member_is_refused(self, backup, tmp_path, site_folders):
        archive = crafted(tmp_path, backup, extra=[regular(str(site_folders / "payload.txt"), self.PAYLOAD)])
        self.assert_refused(archive, "不安全的路径", site_folders)

    def test_a_link_already_in_the_media_folder_is_not_written_through(self, backup, tmp_path, site_folders):
        outside = tmp_path / "outside"
        outside.mkdir()
        (site_folders / "media" / "cover").symlink_to(outside)
        archive = crafted(
            tmp_path,
            backup,
            files={"media": {"cover/payload.txt": sha256(self.PAYLOAD)}},
            extra=[regular("media/cover/payload.txt", self.PAYLOAD)],
        )
        self.assert_refused(archive, "经过链接", site_folders)
        assert list(outside.iterdir()) == []

    @pytest.fixture
    def nothing_extracted(self, monkeypatch):
        """Whether the restore got as far as extracting anything."""
        calls = []
        real_extractall = tarfile.TarFile.extractall

        def recording_extractall(tar, *args, **kwargs):
            calls.append(tar.name)
            return real_extractall(tar, *args, **kwargs)

        monkeypatch.setattr(tarfile.TarFile, "extractall", recording_extractall)
        return lambda: calls == []

    @pytest.fixture
    def cap_just_above_the_backup(self, backup, settings):
        """A size cap the genuine backup fits under with 4 MB to spare."""
        with tarfile.open(backup) as tar:
            genuine = sum(member.size + DISK_BLOCK for member in tar.getmembers())
        settings.BACKUP_RESTORE_MAX_BYTES = genuine + 4 * 1024**2
        return settings.BACKUP_RESTORE_MAX_BYTES

    def test_a_member_unpacking_past_the_size_cap_is_refused_before_anything_is_extracted(
        self, backup, tmp_path, site_folders, cap_just_above_the_backup, nothing_extracted
    ):
        # 16 MB of zeros: a few kilobytes once compressed.
        archive = crafted(tmp_path, backup, extra=[regular("media/zeros.bin", bytes(16 * 1024**2))])
        assert archive.stat().st_size < backup.stat().st_size + 1024**2
        self.assert_refused(archive, "BACKUP_RESTORE_MAX_GB", site_folders)
        assert nothing_extracted()

    def test_thousands_of_empty_files_count_toward_the_size_cap(
        self, backup, tmp_path, site_folders, cap_just_above_the_backup, nothing_extracted
    ):
        empties = [regular(f"media/empty/{n}.txt", b"") for n in range(2000)]
        archive = crafted(tmp_path, backup, extra=empties)
        self.assert_refused(archive, "BACKUP_RESTORE_MAX_GB", site_folders)
        assert nothing_extracted()

    def test_a_header_claiming_a_terabyte_is_refused_by_the_default_cap_without_reading_on(
        self, tmp_path, site_folders, nothing_extracted, content
    ):
        info = tarfile.TarInfo("media/huge.bin")
        info.size = 1024**4
        archive = tmp_path / "huge.tar.gz"
        with gzip.open(archive, "wb") as stream:
            stream.write(info.tobuf(tarfile.PAX_FORMAT) + bytes(1024**2))
        self.assert_refused(archive, "BACKUP_RESTORE_MAX_GB", site_folders)
        assert nothing_extracted()

    def test_an_archive_larger_than_the_free_disk_space_is_refused(
        self, backup, site_folders, monkeypatch, nothing_extracted
    ):
        monkeypatch.setattr(ops.backups.shutil, "disk_usage", lambda path: SimpleNamespace(free=DISK_BLOCK))
        self.assert_refused(backup, "磁盘剩余空间", site_folders)
        assert nothing_extracted()


class TestArchiveChecksum:
    """The `.sha256` file beside an archive catches a copy damaged or altered
    as a whole, even one whose manifest and digests agree with its contents."""

    def test_a_fresh_backup_matches_its_checksum_file(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        assert archive_checksum_check(archive) is True
        checksum_path(archive).unlink()
        assert archive_checksum_check(archive) is False

    def test_an_archive_changed_after_the_backup_is_refused_before_the_database_is_touched(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        data = bytearray(archive.read_bytes())
        data[4] ^= 1  # the time in the gzip header: the archive still unpacks and its digests still agree
        archive.write_bytes(bytes(data))
        Article.objects.filter(status="draft").delete()
        with pytest.raises(CommandError, match=f"与校验文件 {checksum_path(archive).name} 中的 SHA-256 不符"):
            call_command("restore", str(archive), replace=True)
        assert Article.objects.count() == 2  # not flushed

    def test_an_unreadable_checksum_file_is_refused(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        checksum_path(archive).write_text("not a digest\n")
        with pytest.raises(BackupError, match="无法识别"):
            backup_restore(archive=archive, replace=True)
        assert Article.objects.count() == 3

    def test_without_a_checksum_file_the_restore_says_so_and_goes_on(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        checksum_path(archive).unlink()
        titles = sorted(Article.objects.values_list("title", flat=True))
        call_command("flush", interactive=False, verbosity=0)
        out, err = io.StringIO(), io.StringIO()
        call_command("restore", str(archive), stdout=out, stderr=err)
        assert f"没有校验文件 {checksum_path(archive).name}" in err.getvalue()
        assert "逐项核对无误" in out.getvalue()
        assert sorted(Article.objects.values_list("title", flat=True)) == titles

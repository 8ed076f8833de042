"""make backup / make restore: a backup restored on a new machine brings back everything."""
import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.test import Client
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Article, Column, SiteSettings
from ops.backups import backup_create, backup_restore

from .test_settings import NOT_INHERITED, ROOT
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(make_article, columns, site):
    with_cover = make_article("有封面的文章", cover_alt="封面")
    with_cover.cover_image.save("cover.png", ContentFile(png_bytes()))
    make_article("第二篇", column=columns["notices"])
    make_article("草稿", status="draft")
    user = User.objects.create_superuser("chief", "c@example.gov.cn", "Sulide-2024-news")
    TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    return with_cover


def run_on_new_machine(tmp_path, *args):
    """manage.py against a brand-new SQLite database and an empty media folder."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


class TestBackup:
    def test_the_archive_is_timestamped_private_and_lists_what_it_holds(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        assert archive.name.startswith("portal-") and archive.name.endswith(".tar.gz")
        assert archive.stat().st_mode & 0o077 == 0
        with tarfile.open(archive) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
            names = tar.getnames()
        assert manifest["counts"]["news.Article"] == 3
        assert manifest["counts"]["news.SiteSettings"] == 1
        assert manifest["counts"]["otp_totp.TOTPDevice"] == 1
        assert f"media/{content.cover_image.name}" in names

    def test_every_installed_app_is_included_without_listing_it(self, content, tmp_path):
        from django.apps import apps

        with tarfile.open(backup_create(destination=tmp_path)) as tar:
            counted = set(json.load(tar.extractfile("manifest.json"))["counts"])
        expected = {
            m._meta.label for m in apps.get_models()
            if m._meta.app_label not in {"contenttypes", "sessions", "search"} and m._meta.label != "auth.Permission"
            and not m._meta.proxy
        }  # fmt: skip
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
            "'site': list(SiteSettings.objects.values_list('site_name', 'icp_number')),"
            "'users': list(User.objects.values_list('username', 'password')),"
            "'devices': list(TOTPDevice.objects.values_list('user__username', 'key'))}))"
        )
        restored = json.loads(run_on_new_machine(tmp_path, "shell", "-v", "0", "-c", code).stdout)
        as_lists = lambda rows: [list(row) for row in rows]  # noqa: E731
        assert restored["articles"] == as_lists(
            sorted(Article.objects.values_list("id", "title", "index_number", "status", "cover_image"))
        )
        assert restored["columns"] == as_lists(sorted(Column.objects.values_list("id", "slug", "parent_id")))
        assert restored["site"] == as_lists(SiteSettings.objects.values_list("site_name", "icp_number"))
        assert restored["users"] == as_lists(User.objects.values_list("username", "password"))
        assert restored["devices"] == [["chief", TOTPDevice.objects.get().key]]
        assert (tmp_path / "media" / content.cover_image.name).read_bytes() == png_bytes()

    def test_restoring_into_the_same_database_after_losing_everything(self, content, tmp_path, settings):
        archive = backup_create(destination=tmp_path)
        titles = sorted(Article.objects.values_list("title", flat=True))
        call_command("flush", interactive=False, verbosity=0)
        (settings.MEDIA_ROOT / content.cover_image.name).unlink()
        backup_restore(archive=archive)
        assert sorted(Article.objects.values_list("title", flat=True)) == titles
        assert (settings.MEDIA_ROOT / content.cover_image.name).exists()
        # The search index is not backed up: it is rebuilt from the articles.
        results = Client().get("/search/", {"q": "封面"}).content.decode()
        assert f'href="{content.get_absolute_url()}"' in results
        Article.objects.create(column=Column.objects.first(), title="恢复后新建", body="<p>x</p>")  # ids continue

    def test_a_database_with_data_is_not_overwritten_by_mistake(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        with pytest.raises(CommandError, match="目标数据库已有数据"):
            call_command("restore", str(archive))
        assert Article.objects.count() == 3

    def test_a_damaged_media_file_is_reported(self, content, tmp_path):
        archive = backup_create(destination=tmp_path)
        damaged = tmp_path / "damaged.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name.startswith("media/"):
                    data = b"x" + data
                    member.size = len(data)
                import io

                target.addfile(member, io.BytesIO(data))
        call_command("flush", interactive=False, verbosity=0)
        with pytest.raises(CommandError, match="已损坏"):
            call_command("restore", str(damaged))

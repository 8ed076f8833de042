import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from PIL import Image

from archive.selection import filters_parse
from archive.services import archive_export
from news.demo import township_load
from news.models import Article
from tests.conftest import beijing, site_member_add


def png_bytes(colour=(200, 30, 30), size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_files():
    """An image and an attachment under MEDIA_ROOT, as editors upload them."""
    root = Path(settings.MEDIA_ROOT)
    (root / "uploads/2024").mkdir(parents=True, exist_ok=True)
    (root / "files").mkdir(parents=True, exist_ok=True)
    (root / "uploads/2024/photo.png").write_bytes(png_bytes())
    (root / "files/通知.pdf").write_bytes(b"%PDF-1.4\n% attachment\n")
    return {"image": "/media/uploads/2024/photo.png", "attachment": "/media/files/%E9%80%9A%E7%9F%A5.pdf"}


@pytest.fixture
def illustrated_article(make_article, columns, media_files):
    """An article with a cover image, an image in its body and an attachment."""
    article = make_article(
        title="查汗庙嘎查召开人居环境整治现场推进会",
        column=columns["news"],
        published_at=beijing(2024, 5, 20, 9, 30),
        author="其其格",
        source="苏力德苏木党政综合办公室",
        body=(
            "<p>会议要求各嘎查“立即行动”。</p>"
            f'<p><img src="{media_files["image"]}" alt="现场照片" width="40" height="30"></p>'
            f'<p><a href="{media_files["attachment"]}">附件:整治通知</a></p>'
        ),
    )
    article.cover_alt = "封面"  # a cover needs its alt text
    article.cover_image.save("cover.png", ContentFile(png_bytes((20, 120, 200))), save=True)
    return article


@pytest.fixture
def auditor(db):
    user = User.objects.create_user("shenji", password="pw-auditor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="审计"))
    return site_member_add(user)  # staff work on the sites they are members of


@pytest.fixture
def editor(db):
    user = User.objects.create_user("bianji", password="pw-editor-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="news"))
    return site_member_add(user)


@pytest.fixture
def export(tmp_path):
    """Run an export to a file and return the result."""

    def run(fmt="csv", name=None, with_pdf=False, **filters):
        out = tmp_path / (name or f"export.{'zip' if fmt == 'package' else fmt}")
        return archive_export(filters=filters_parse(**filters), fmt=fmt, out=out, with_pdf=with_pdf, actor="测试")

    return run


def unzip(path, target):
    with zipfile.ZipFile(path) as archive:
        archive.extractall(target)
    (bag,) = [p for p in Path(target).iterdir() if p.is_dir()]
    return bag


@pytest.fixture
def seed(site, columns):
    """The demo's township (its columns and seed article) in the test site."""
    township_load()
    return Article.objects.get(title__startswith="苏力德苏木:做好")


@pytest.fixture
def package(export, seed, illustrated_article):
    return export("package", name="archive-test.zip")

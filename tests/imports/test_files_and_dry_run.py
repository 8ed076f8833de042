"""Photos and attachments found beside the saved pages, and --dry-run."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from imports.sample_pages import sample_page
from news.models import Article, Attachment
from tests.media_files import photo_bytes


def media_files():
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def page_with_files(pages, number=1, images=(), attachments=()):
    page = sample_page(number)
    page.images = list(images)
    page.attachments = list(attachments)
    page.write(pages)
    return page


def stored_image_name(body):
    src = body.split('src="', 1)[1].split('"', 1)[0]
    return src.removeprefix("/media/")


class TestPhotos:
    def test_a_photo_beside_the_page_is_stored_like_an_upload_without_its_gps(self, run_import, pages):
        page = page_with_files(pages, images=[("images/会议现场.jpg", "会议现场")])
        (pages / page.path).parent.joinpath("images").mkdir()
        (pages / page.path).parent.joinpath("images", "会议现场.jpg").write_bytes(
            photo_bytes(size=(3000, 2000), gps=True)
        )
        code, output = run_import(pages)
        assert code == 0, output
        body = Article.objects.get().body
        name = stored_image_name(body)
        assert name.startswith("editor/") and name.endswith(".jpg")
        with default_storage.open(name) as stored:
            image = Image.open(stored)
            assert image.width == 2560  # scaled like an upload
            assert not image.getexif()  # GPS and all other EXIF gone
        assert 'alt="会议现场"' in body and "srcset=" in body
        assert default_storage.exists(name.replace(".jpg", "-480w.jpg"))

    def test_a_site_relative_src_is_found_in_the_folder_too(self, run_import, pages):
        page_with_files(pages, images=[("/uploads/2024/a.png", "示意图")])
        (pages / "uploads" / "2024").mkdir(parents=True)
        (pages / "uploads" / "2024" / "a.png").write_bytes(photo_bytes(size=(400, 300), fmt="PNG"))
        assert run_import(pages)[0] == 0
        assert stored_image_name(Article.objects.get().body).endswith(".png")

    def test_a_photo_missing_from_the_folder_points_at_the_old_site(self, run_import, pages):
        page = page_with_files(pages, images=[("images/gone.jpg", "现场")])
        assert run_import(pages)[0] == 0
        assert f'src="{page.url.rsplit("/", 1)[0]}/images/gone.jpg"' in Article.objects.get().body

    def test_a_file_that_is_not_a_photo_fails_the_page_with_the_reason(self, run_import, pages):
        page = page_with_files(pages, images=[("fake.jpg", "现场")])
        (pages / page.path).parent.joinpath("fake.jpg").write_bytes(b"<html><script>alert(1)</script></html>")
        code, output = run_import(pages)
        assert code == 1
        assert "图片 fake.jpg:文件不是可识别的图片" in output
        assert not Article.objects.exists()

    def test_importing_again_stores_no_second_copy(self, run_import, pages):
        page = page_with_files(pages, images=[("a.jpg", "现场")])
        (pages / page.path).parent.joinpath("a.jpg").write_bytes(photo_bytes())
        run_import(pages)
        body = Article.objects.get().body
        folder = stored_image_name(body).rsplit("/", 1)[0]
        files = sorted(default_storage.listdir(folder)[1])
        code, output = run_import(pages)
        assert "未变 1 篇" in output
        assert Article.objects.get().body == body
        assert sorted(default_storage.listdir(folder)[1]) == files

    def test_a_reference_outside_the_folder_is_never_read(self, run_import, pages, tmp_path):
        secret = tmp_path / "secret.jpg"
        secret.write_bytes(photo_bytes())
        page_with_files(pages, images=[("../../../../secret.jpg", "x")])
        assert run_import(pages)[0] == 0
        assert "/media/" not in Article.objects.get().body


class TestAttachments:
    def test_a_pdf_beside_the_page_becomes_an_attachment_checked_like_an_upload(self, run_import, pages):
        page = page_with_files(pages, attachments=[("files/通知.pdf", "关于开展人居环境整治的通知")])
        (pages / page.path).parent.joinpath("files").mkdir()
        (pages / page.path).parent.joinpath("files", "通知.pdf").write_bytes(b"%PDF-1.4\n%...\n")
        code, output = run_import(pages)
        assert code == 0, output
        article = Article.objects.get()
        attachment = Attachment.objects.get()
        assert attachment.article == article
        assert (attachment.original_name, attachment.file_type, attachment.size) == (
            "关于开展人居环境整治的通知.pdf",
            "pdf",
            14,
        )
        assert "附件:关于开展人居环境整治的通知" in article.body and "通知.pdf" not in article.body
        code, output = run_import(pages)
        assert "未变 1 篇" in output and Attachment.objects.count() == 1

    def test_a_file_whose_content_does_not_match_its_name_fails_the_page(self, run_import, pages):
        page = page_with_files(pages, attachments=[("a.doc", "办法.doc")])
        (pages / page.path).parent.joinpath("a.doc").write_bytes(b"%PDF-1.4\n")
        code, output = run_import(pages)
        assert code == 1 and "附件 a.doc:文件扩展名是 .doc,但内容是 PDF 文件" in output
        assert not Article.objects.exists() and not Attachment.objects.exists()


class TestDryRun:
    def test_a_dry_run_lists_what_would_be_created_and_writes_nothing(self, run_import, pages):
        page = page_with_files(pages, images=[("a.jpg", "现场")])
        (pages / page.path).parent.joinpath("a.jpg").write_bytes(photo_bytes(color="green"))
        media_before = media_files()
        code, output = run_import(pages, "--dry-run")
        assert code == 0, output
        assert f"将新建:{page.path}" in output
        assert "(试运行,未写入)将新建 1 篇" in output
        assert not Article.objects.exists()
        assert media_files() == media_before

    def test_a_dry_run_names_the_fields_that_would_change(self, run_import, pages):
        page = sample_page(2)
        page.write(pages)
        run_import(pages)
        page.title = "新标题"
        page.write(pages)
        code, output = run_import(pages, "--dry-run")
        assert f"将更新:{page.path}(标题)" in output
        assert Article.objects.get().title == sample_page(2).title

    def test_a_dry_run_still_lists_bad_pages_and_exits_1(self, run_import, pages):
        (pages / "broken.html").write_text("<html><body><p>没有标题</p></body></html>", encoding="utf-8")
        code, output = run_import(pages, "--dry-run")
        assert code == 1 and "失败:broken.html:找不到标题" in output


class TestProgress:
    def test_no_progress_bar_when_the_output_is_not_a_terminal(self, run_import, pages):
        sample_page(1).write(pages)
        code, output = run_import(pages)
        assert output == "新建 1 篇,更新 0 篇,未变 0 篇,失败 0 篇\n"

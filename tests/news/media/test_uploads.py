"""Uploads: what is refused, and how stored files are served."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from news.media.uploads import upload_refuse_dangerous
from news.models import Article
from tests.media_files import png_bytes


class TestRefusedUploads:
    @pytest.mark.parametrize(
        "name, content",
        [
            ("notice.html", b"<p>hello</p>"),
            ("notice.HTM", b"<p>hello</p>"),
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            ("setup.exe", b"MZ\x90\x00"),
            ("photo.jpg.exe", b"\xff\xd8\xff"),
            ("shell.php.jpg", b"\xff\xd8\xff"),
            ("run.sh", b"echo hi"),
            ("tool", b"\x7fELF\x02\x01"),
            ("innocent.png", b"#!/bin/sh\nrm -rf /"),
            ("polyglot.gif", b"GIF89a/*<html><script>alert(1)</script>"),
            ("data.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html>"),
        ],
    )
    def test_pages_svg_scripts_and_programs_are_refused(self, name, content):
        with pytest.raises(ValidationError) as error:
            upload_refuse_dangerous(SimpleUploadedFile(name, content))
        assert "不能上传网页、SVG、脚本或可执行文件" in error.value.messages[0]

    @pytest.mark.parametrize(
        "name, content",
        [
            ("cover.png", png_bytes()),
            ("report.pdf", b"%PDF-1.7\n"),
            ("table.xlsx", b"PK\x03\x04"),
            ("note.txt", b"hello"),
        ],
    )
    def test_images_and_documents_pass(self, name, content):
        upload_refuse_dangerous(SimpleUploadedFile(name, content))

    def test_the_validator_leaves_the_file_position_where_it_was(self):
        upload = SimpleUploadedFile("cover.png", png_bytes())
        upload.read(3)
        upload_refuse_dangerous(upload)
        assert upload.tell() == 3


@pytest.mark.django_db
class TestCoverImage:
    def form(self, columns, upload, admin_user):
        request = RequestFactory().get("/")
        request.user = admin_user
        form_class = admin_site._registry[Article].get_form(request)
        data = {
            "column": columns["news"].pk,
            "title": "标题",
            "body": "<p>正文</p>",
            "status": "draft",
            "cover_alt": "封面",
        }
        return form_class(data=data, files={"cover_image": upload})

    def test_an_svg_cover_is_refused_with_a_message(self, columns, admin_user):
        form = self.form(
            admin_user=admin_user,
            columns=columns,
            upload=SimpleUploadedFile("cover.svg", b"<svg onload=alert(1)></svg>"),
        )
        assert not form.is_valid()
        assert "cover_image" in form.errors

    def test_an_html_file_disguised_as_a_png_is_refused(self, columns, admin_user):
        form = self.form(
            admin_user=admin_user,
            columns=columns,
            upload=SimpleUploadedFile("cover.png", b"<html><script>alert(1)</script></html>"),
        )
        assert not form.is_valid()

    def test_a_real_png_is_accepted(self, columns, admin_user):
        form = self.form(
            admin_user=admin_user,
            columns=columns,
            upload=SimpleUploadedFile("cover.png", png_bytes(), content_type="image/png"),
        )
        assert form.is_valid(), form.errors


class TestServingMedia:
    def test_uploads_live_outside_the_static_files(self, settings):
        assert not settings.MEDIA_ROOT.is_relative_to(settings.STATIC_ROOT)
        assert not [m for m in run_checks() if m.id.startswith("ops.")]

    def test_media_inside_static_root_is_a_configuration_error(self, settings):
        settings.MEDIA_ROOT = settings.STATIC_ROOT / "uploads"
        assert "ops.E001" in [m.id for m in run_checks()]

    def test_images_are_served_with_their_type_and_nosniff(self, client, settings):
        (settings.MEDIA_ROOT / "covers").mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / "covers" / "a.png").write_bytes(png_bytes())
        response = client.get("/media/covers/a.png")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]

    def test_anything_else_is_a_download_never_a_page(self, client, settings):
        (settings.MEDIA_ROOT / "old.html").write_bytes(b"<script>alert(1)</script>")
        response = client.get("/media/old.html")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"

    def test_paths_outside_media_root_are_not_found(self, client, db):
        assert client.get("/media/../portal/settings/common.py").status_code in (400, 404)
        assert client.get("/media/%2e%2e/manage.py").status_code in (400, 404)


class TestMediaNames:
    def test_a_file_name_too_long_for_the_file_system_is_not_found(self, client, site):
        assert client.get("/media/" + "a" * 300 + ".jpg").status_code == 404

"""Attachments: typed by content, size-limited, listed on the article page and
downloaded under their original Chinese names, for public articles only."""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError

from news.media.attachment_files import attachment_check, human_size
from news.models import ArticleStatus, Attachment
from tests.media_files import DOCUMENTS, attach, photo_bytes, upload, zip_bytes


class TestTypeByContent:
    @pytest.mark.parametrize("kind", sorted(DOCUMENTS))
    def test_each_accepted_type_is_recognised(self, kind):
        assert attachment_check(upload(f"文件.{kind}", DOCUMENTS[kind])) == kind

    def test_upper_case_extensions_are_accepted(self):
        assert attachment_check(upload("通知.PDF", DOCUMENTS["pdf"])) == "pdf"

    def test_a_photo_renamed_to_pdf_is_refused(self):
        with pytest.raises(ValidationError, match="不是有效的 PDF 文件"):
            attachment_check(upload("通知.pdf", photo_bytes()))

    def test_a_program_renamed_to_doc_is_refused(self):
        with pytest.raises(ValidationError, match="不是有效的 DOC 文件"):
            attachment_check(upload("通知.doc", b"MZ\x90\x00" + bytes(200)))

    def test_a_spreadsheet_named_docx_is_refused_as_a_mismatch(self):
        with pytest.raises(ValidationError, match="内容是 XLSX 文件"):
            attachment_check(upload("通知.docx", DOCUMENTS["xlsx"]))

    def test_a_plain_zip_named_ofd_is_refused(self):
        with pytest.raises(ValidationError, match="内容是 ZIP 文件"):
            attachment_check(upload("公文.ofd", zip_bytes({"a.txt": "x"})))

    def test_a_pdf_named_xls_is_refused(self):
        with pytest.raises(ValidationError, match="内容是 PDF 文件"):
            attachment_check(upload("表格.xls", DOCUMENTS["pdf"]))

    def test_a_broken_zip_is_refused(self):
        with pytest.raises(ValidationError, match="不是有效的 ZIP 文件"):
            attachment_check(upload("材料.zip", b"PK\x03\x04" + bytes(100)))

    @pytest.mark.parametrize("name", ["程序.exe", "网页.html", "脚本.js", "图片.svg", "无扩展名"])
    def test_other_types_are_refused_by_name(self, name):
        with pytest.raises(ValidationError, match="只能上传 PDF、DOC、DOCX、XLS、XLSX、WPS、OFD、ZIP"):
            attachment_check(upload(name, DOCUMENTS["pdf"]))

    def test_an_empty_file_is_refused(self):
        with pytest.raises(ValidationError, match="空文件"):
            attachment_check(upload("空.pdf", b""))


class TestSizeLimit:
    def test_a_file_over_the_limit_is_refused_with_the_limit_named(self, settings):
        settings.UPLOAD_MAX_MB = 1
        with pytest.raises(ValidationError, match="不能超过 1 MB"):
            attachment_check(upload("大文件.pdf", DOCUMENTS["pdf"] + bytes(1024 * 1024)))

    def test_a_file_at_the_limit_is_accepted(self, settings):
        settings.UPLOAD_MAX_MB = 1
        data = DOCUMENTS["pdf"] + bytes(1024 * 1024 - len(DOCUMENTS["pdf"]))
        assert attachment_check(upload("刚好.pdf", data)) == "pdf"

    @pytest.mark.parametrize(
        "size, shown", [(512, "512 B"), (2048, "2.0 KB"), (1_258_291, "1.2 MB"), (3 * 1024**3, "3.0 GB")]
    )
    def test_sizes_are_shown_in_human_units(self, size, shown):
        assert human_size(size) == shown


@pytest.mark.django_db
class TestArticlePage:
    def test_attachments_are_listed_with_type_and_size(self, client, make_article):
        article = make_article()
        attach(article, "2024年预算公开表.pdf", DOCUMENTS["pdf"] + bytes(1_258_291 - len(DOCUMENTS["pdf"])), "pdf")
        attach(article, "报名表.docx", DOCUMENTS["docx"], "docx")
        html = client.get(article.get_absolute_url()).content.decode()
        assert "2024年预算公开表.pdf" in html
        assert "(PDF,1.2 MB)" in html
        assert "报名表.docx" in html and "DOCX," in html
        assert html.index("2024年预算公开表.pdf") < html.index("报名表.docx")

    def test_an_article_without_attachments_has_no_attachment_section(self, client, make_article):
        html = client.get(make_article().get_absolute_url()).content.decode()
        assert "article-attachments" not in html

    def test_the_article_page_keeps_its_query_budget_with_attachments(
        self, client, make_article, django_assert_max_num_queries
    ):
        make_article("较早的文章")
        article = make_article("有附件的文章")
        make_article("较新的文章")
        article.refresh_from_db()
        for number in range(3):
            attach(article, f"附件{number}.pdf", DOCUMENTS["pdf"], "pdf")
        with django_assert_max_num_queries(6):
            assert "附件2.pdf" in client.get(article.get_absolute_url()).content.decode()
        with django_assert_max_num_queries(3):
            assert "附件2.pdf" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
class TestDownload:
    def test_the_file_downloads_under_its_original_chinese_name(self, client, make_article):
        attachment = attach(make_article(), "关于开展2024年度工作的通知.pdf", DOCUMENTS["pdf"], "pdf")
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == DOCUMENTS["pdf"]
        assert response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote('关于开展2024年度工作的通知.pdf')}" in disposition

    @pytest.mark.parametrize(
        "stored, served",
        [
            ("关于开展防汛工作的通知.bat", "关于开展防汛工作的通知.pdf"),
            ("通知.pdf.exe", "通知.pdf.pdf"),
            ("通知\u202efdp.exe", "通知fdp.pdf"),
            ("", "附件.pdf"),
            ("nul.txt", "附件.pdf"),
        ],
    )
    def test_the_download_name_always_ends_with_what_the_file_is(self, client, make_article, stored, served):
        # Rows stored before names were checked are served safely too.
        attachment = attach(make_article(), "通知.pdf", DOCUMENTS["pdf"], "pdf")
        Attachment.objects.filter(pk=attachment.pk).update(original_name=stored)
        disposition = client.get(attachment.get_absolute_url())["Content-Disposition"]
        assert disposition.endswith(f"filename*=utf-8''{quote(served)}")

    def test_the_file_is_not_stored_under_the_public_media_folder(self, make_article, settings):
        attachment = attach(make_article(), "通知.pdf", DOCUMENTS["pdf"], "pdf")
        assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
        assert str(settings.MEDIA_ROOT) not in attachment.file.path
        assert "通知" not in attachment.file.name

    def test_attachments_of_drafts_are_not_found(self, client, make_article):
        attachment = attach(make_article(status=ArticleStatus.DRAFT), "草稿附件.pdf", DOCUMENTS["pdf"], "pdf")
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_attachments_of_scheduled_articles_are_not_found_yet(self, client, make_article):
        from datetime import timedelta

        from django.utils import timezone

        article = make_article(published_at=timezone.now() + timedelta(days=1))
        attachment = attach(article, "定时.pdf", DOCUMENTS["pdf"], "pdf")
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_attachments_of_unpublished_articles_are_not_found(self, client, make_article):
        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_withdraw

        article = make_article()
        attachment = attach(article, "撤回.pdf", DOCUMENTS["pdf"], "pdf")
        assert client.get(attachment.get_absolute_url()).status_code == 200
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_an_unknown_attachment_is_not_found(self, client, db):
        assert client.get("/attachment/999999/").status_code == 404

    def test_a_missing_file_is_not_found_rather_than_an_error(self, client, make_article):
        attachment = attach(make_article(), "丢失.pdf", DOCUMENTS["pdf"], "pdf")
        attachment.file.delete(save=False)
        assert client.get(attachment.get_absolute_url()).status_code == 404

    def test_attachment_files_are_not_served_under_media(self, client, make_article):
        attachment = attach(make_article(), "通知.pdf", DOCUMENTS["pdf"], "pdf")
        assert client.get(f"/media/{attachment.file.name}").status_code == 404

"""archive.history: the one place the exporter learns an article's history and files."""
from archive import history
from archive.models import ExportRecord


class TestAttachmentsOf:
    def test_lists_the_cover_the_body_images_and_linked_media_files_once_each(self, illustrated_article, media_files):
        files = history.attachments_of(illustrated_article)
        assert [(f.kind, f.url) for f in files] == [
            ("image", illustrated_article.cover_image.url),
            ("image", "/media/uploads/2024/photo.png"),
            ("attachment", "/media/files/通知.pdf"),
        ]
        assert files[0].title == "封面" and files[2].name == "通知.pdf"

    def test_links_to_other_sites_and_pages_are_not_attachments(self, make_article):
        article = make_article(
            body='<p><a href="https://www.gov.cn/a.pdf">国务院</a><a href="/column/x/">栏目</a>'
            '<img src="https://example.com/x.png" alt=""></p>'
        )
        assert history.attachments_of(article) == []


class TestBeforeRevisionsExist:
    def test_an_article_has_no_revisions_and_no_audit_entries(self, make_article):
        article = make_article()
        assert history.revision_history(article) == []
        assert history.revision_count(article) == 0
        assert history.audit_entries(article) == []


class TestExportAuditRecord:
    def test_writes_who_the_filters_the_count_and_the_checksum(self, auditor):
        record = history.export_audit_record(
            user=auditor, filters={"status": "published"}, count=3, sha256="a" * 64, fmt="csv"
        )
        assert ExportRecord.objects.get() == record
        assert (record.actor, record.count, record.sha256, record.filters) == ("shenji", 3, "a" * 64, {"status": "published"})

"""archive.history: the one place the exporter learns an article's history and files."""

from django.core.files.base import ContentFile

from archive import history
from archive.models import ExportRecord
from news.editorial.services import article_withdraw
from news.models import Article, Attachment, AuditEntry


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


class TestRevisionsAndAuditEntries:
    def test_every_save_is_listed_oldest_first_with_who_and_why(self, make_article, staff):
        article = make_article()
        article_withdraw(article=article, actor=staff["reviewer"], remark="标题有误")
        revisions = history.revision_history(article)
        assert [(r["修订号"], r["修订人"]) for r in revisions] == [(1, "系统"), (2, "reviewer")]
        assert history.revision_count(article) == 2
        assert history.revision_counts([article]) == {article.pk: 2}

    def test_the_audit_entries_of_the_article_are_listed_with_the_remark(self, make_article, staff):
        article = make_article()
        make_article("另一篇")  # its entries are not this article's
        article_withdraw(article=article, actor=staff["reviewer"], remark="标题有误")
        entries = history.audit_entries(article)
        assert [(e["操作"], e["操作者"], e["说明"]) for e in entries] == [
            ("发布", "系统", ""),
            ("撤稿", "reviewer", "标题有误"),
        ]

    def test_an_article_without_saves_has_none(self, columns):
        article = Article(title="未保存", column=columns["news"], body="<p>x</p>")
        article.pk = 999999
        assert history.revision_history(article) == [] and history.audit_entries(article) == []


class TestAttachmentModel:
    def test_the_articles_attachments_are_listed_under_their_own_names(self, make_article):
        article = make_article()
        attachment = Attachment.objects.create(
            article=article,
            file=ContentFile(b"%PDF-1.4 x", name="a.pdf"),
            original_name="整治通知.pdf",
            size=10,
            file_type="pdf",
        )
        files = history.attachments_of(article)
        assert [(f.kind, f.url, f.name) for f in files] == [
            ("attachment", attachment.get_absolute_url(), "整治通知.pdf")
        ]


class TestExportAuditRecord:
    def test_writes_who_the_filters_the_count_and_the_checksum(self, auditor):
        record = history.export_audit_record(
            user=auditor, filters={"status": "published"}, count=3, sha256="a" * 64, fmt="csv"
        )
        assert ExportRecord.objects.get() == record
        entry = AuditEntry.objects.get(action="export")
        assert entry.user == auditor and entry.details["sha256"] == "a" * 64 and entry.details["count"] == 3
        assert (record.actor, record.count, record.sha256, record.filters) == (
            "shenji",
            3,
            "a" * 64,
            {"status": "published"},
        )

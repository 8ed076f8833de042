"""Attachments' download links are checked with the rest of an article's links."""

import pytest
from django.core.files.base import ContentFile

from health.report import site_health_check
from news.models import Attachment

pytestmark = pytest.mark.django_db


def broken_links(report):
    return [f for f in report.findings if f.category.value == "links"]


class TestAttachmentLinks:
    def test_an_attachment_that_downloads_is_not_reported(self, healthy_site, make_article):
        article = make_article(title="附件完好")
        Attachment.objects.create(
            article=article,
            file=ContentFile(b"%PDF-1.4 x", name="a.pdf"),
            original_name="通知.pdf",
            size=10,
            file_type="pdf",
        )
        assert broken_links(site_health_check(external=False)) == []

    def test_an_attachment_whose_file_is_gone_is_reported_once_by_its_name(self, healthy_site, make_article):
        article = make_article(title="附件丢失")
        attachment = Attachment.objects.create(
            article=article,
            file=ContentFile(b"%PDF-1.4 x", name="b.pdf"),
            original_name="丢失的通知.pdf",
            size=10,
            file_type="pdf",
        )
        attachment.file.delete(save=False)
        found = broken_links(site_health_check(external=False))
        assert len(found) == 1 and "丢失的通知.pdf" in found[0].message and "附件丢失" in found[0].message

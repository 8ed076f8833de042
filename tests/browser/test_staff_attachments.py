"""Staff who may see an unpublished article download its attachments: the
reviewer from the preview, the editor from the admin's "目前" link."""

import pytest

from news.editorial.services import article_submit
from tests.media_files import DOCUMENTS, attach

from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


class TestStaffAttachments:
    def test_a_reviewer_downloads_the_attachment_from_the_preview_of_a_submitted_article(
        self, browser, live_server, make_draft, staff, screenshot
    ):
        article = article_submit(article=make_draft(title="待审核的通知"), actor=staff["editor"])
        attach(article, "待审核通知附件.pdf", DOCUMENTS["pdf"], "pdf")
        context, page = log_in(browser, live_server, "reviewer")
        page.goto(f"{live_server.url}/preview/article/{article.pk}/")
        screenshot(page, "preview")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="待审核通知附件.pdf").click()
        download = download_info.value
        assert download.suggested_filename == "待审核通知附件.pdf"
        with open(download.path(), "rb") as file:
            assert file.read() == DOCUMENTS["pdf"]
        context.close()

    def test_the_admin_link_to_the_current_file_downloads_it(self, browser, live_server, make_draft, staff):
        article = make_draft(title="草稿附件")
        attachment = attach(article, "草稿里的附件.pdf", DOCUMENTS["pdf"], "pdf")
        context, page = log_in(browser, live_server, "editor")
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        link = page.locator(f'.file-upload a[href="{attachment.get_absolute_url()}"]')
        with page.expect_download() as download_info:
            link.click()
        assert download_info.value.suggested_filename == "草稿里的附件.pdf"
        context.close()

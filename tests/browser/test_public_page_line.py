"""An editor opening a published article in the admin sees when its public
copy (the published tree's file) was last written."""

import re

import pytest

from publishing.services import pages_publish_waiting
from tests.publishing.conftest import published_tree  # noqa: F401 - the fixture

from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("published_tree")
class TestThePublicPageLine:
    def test_the_editor_sees_it_waiting_then_written(self, browser, live_server, make_article, staff, screenshot):
        article = make_article(title="苏力德苏木召开防火会议")
        draft = make_article(title="还是草稿", status="draft")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        line = editor.locator(".field-public_page")
        assert "公开页面" in line.inner_text()
        assert "等待写出" in line.locator(".readonly").inner_text()

        pages_publish_waiting()  # the task worker writes the page
        editor.reload()
        written = editor.locator(".field-public_page .readonly").inner_text()
        assert re.fullmatch(r"已写出 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", written.strip())
        screenshot(editor, "public-page-written")

        editor.goto(f"{live_server.url}/admin/news/article/{draft.pk}/change/")
        editor.wait_for_selector(".workflow-status")
        assert editor.locator(".field-public_page").count() == 0
        context.close()

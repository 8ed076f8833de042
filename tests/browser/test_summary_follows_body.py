"""An editor leaves the 摘要 empty: it is made from the body's paragraphs and
follows each edit of the body, until the editor writes one of their own."""

import pytest

from news.models import Article

from .conftest import ADMIN_SCREEN
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

SET_BODY = "(html) => Object.values(window.editors)[0].setData(html)"


class TestSummaryFollowsTheBody:
    def test_the_summary_follows_body_edits_until_the_editor_writes_one(
        self, browser, live_server, columns, staff, screenshot
    ):
        context, page = log_in(browser, live_server, "editor")
        page.set_viewport_size(ADMIN_SCREEN)
        page.goto(f"{live_server.url}/admin/news/article/add/")
        page.wait_for_selector(".ck-editor__editable")
        page.select_option("#id_column", str(columns["news"].pk))
        page.fill("#id_title", "苏力德苏木春耕进度")
        page.locator(".ck-editor__editable").click()
        page.keyboard.type("春耕进度过半。")
        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        assert page.locator("#id_summary").input_value() == "春耕进度过半。"
        assert "随正文更新" in page.locator("#id_summary_helptext").inner_text()

        # The body is rewritten, a table added: the summary follows the paragraphs only.
        page.evaluate(
            SET_BODY,
            '<p>春耕基本完成。</p><figure class="table"><table><tbody><tr><td>陶尔庙嘎查</td><td>1250</td></tr></tbody></table></figure>',
        )
        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        assert page.locator("#id_summary").input_value() == "春耕基本完成。"
        screenshot(page, "summary-follows")

        # The editor writes a summary: it stays through the next body edit.
        page.fill("#id_summary", "全苏木春耕播种情况。")
        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        page.evaluate(SET_BODY, "<p>春耕全部完成。</p>")
        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        assert page.locator("#id_summary").input_value() == "全苏木春耕播种情况。"
        assert Article.objects.get().summary == "全苏木春耕播种情况。"
        context.close()

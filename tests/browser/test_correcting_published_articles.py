"""An editor corrects a published article: the resident keeps seeing the
published text until a reviewer approves the correction, then sees it."""

import pytest

from news.models import ArticleCorrection

from .test_edit_page_steps import replace_body
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The admin runs under the strict CSP: the new pages must not break it.
WATCH_CSP = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
)


def csp_violations(page):
    return page.evaluate("window.__violations")


class TestCorrectingAPublishedArticle:
    def test_the_correction_goes_online_only_when_approved(self, browser, live_server, make_article, staff, screenshot):
        article = make_article(title="苏力德苏木召开防火会议", body="<p>会议于6月7日召开。</p>")
        public_url = f"{live_server.url}{article.get_absolute_url()}"
        resident_context = browser.new_context()
        resident = resident_context.new_page()
        resident.goto(public_url)
        assert "6月7日" in resident.locator(".article-body").inner_text()

        editor_context, editor = log_in(browser, live_server, "editor")
        editor.add_init_script(WATCH_CSP)
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        editor.get_by_role("link", name="修订已发布文章").click()
        editor.get_by_role("button", name="开始修订").click()
        editor.get_by_label("标题").first.fill("苏力德苏木召开草原防火会议")
        replace_body(editor, "会议于6月8日召开。")
        screenshot(editor, "editing-the-correction")
        assert csp_violations(editor) == []
        editor.get_by_role("button", name="提交审核").click()
        editor.get_by_role("button", name="确认提交审核").click()
        editor.wait_for_selector(".workflow-status")
        assert editor.locator(".workflow-status").inner_text() == "待审核"

        resident.goto(public_url)
        assert resident.get_by_role("heading", level=1).inner_text() == "苏力德苏木召开防火会议"
        assert "6月7日" in resident.locator(".article-body").inner_text()

        reviewer_context, reviewer = log_in(browser, live_server, "reviewer")
        reviewer.add_init_script(WATCH_CSP)
        reviewer.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        reviewer.get_by_role("link", name="查看修订稿(待审核)").click()
        reviewer.get_by_role("link", name="与已发布版本对比").click()
        assert "苏力德苏木召开草原防火会议" in reviewer.locator("#field-diff").inner_text()
        assert csp_violations(reviewer) == []
        reviewer.go_back()
        reviewer.get_by_role("button", name="审核通过并替换已发布内容").click()
        reviewer.get_by_role("button", name="确认审核通过并替换已发布内容").click()
        reviewer.wait_for_selector(".messagelist")
        assert not ArticleCorrection.objects.exists()

        resident.goto(public_url)
        assert resident.get_by_role("heading", level=1).inner_text() == "苏力德苏木召开草原防火会议"
        assert "6月8日" in resident.locator(".article-body").inner_text()

        reviewer.goto(f"{live_server.url}/admin/news/article/{article.pk}/revisions/")
        revisions = reviewer.locator("#revision-list").inner_text()
        assert "修订稿审核通过" in revisions and "发布" in revisions
        for context in (editor_context, reviewer_context, resident_context):
            context.close()

"""The edit page's workflow buttons save what is typed before the step runs;
a form with an error keeps the text and runs nothing."""
import pytest

from news.models import Article, ArticleStatus
from news.services import article_reject, article_submit

from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def replace_body(page, text):
    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


class TestSubmittingFromTheEditForm:
    def test_the_edits_to_a_returned_draft_are_what_gets_submitted(self, browser, live_server, make_draft, staff):
        article = article_submit(article=make_draft(title="旧标题", body="<p>旧正文。</p>"), actor=staff["editor"])
        article_reject(article=article, actor=staff["reviewer"], remark="请改标题")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        editor.get_by_label("标题").first.fill("改过的标题")
        replace_body(editor, "改过的正文。")
        editor.get_by_role("button", name="提交审核").click()
        assert "已保存您的修改" in editor.locator(".messagelist").inner_text()
        editor.get_by_role("button", name="确认提交审核").click()
        editor.wait_for_selector(".workflow-status")
        assert editor.locator(".workflow-status").inner_text() == "待审核"
        article.refresh_from_db()
        assert article.title == "改过的标题" and "改过的正文" in article.body
        context.close()

    def test_a_form_with_an_error_keeps_the_text_and_submits_nothing(self, browser, live_server, make_draft, staff):
        article = make_draft(title="旧标题", body="<p>旧正文。</p>")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        editor.get_by_label("标题").first.fill("")
        replace_body(editor, "写了一半的新正文")
        editor.get_by_role("button", name="提交审核").click()
        editor.wait_for_selector(".errornote")
        assert "这个字段是必填项" in editor.locator(".errorlist").first.inner_text()
        assert "写了一半的新正文" in editor.locator(".ck-editor__editable").inner_text()
        article.refresh_from_db()
        assert article.status == ArticleStatus.DRAFT and article.title == "旧标题"
        context.close()

    def test_enter_in_the_title_still_just_saves(self, browser, live_server, make_draft, staff):
        article = make_draft(title="旧标题")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        editor.get_by_label("标题").first.fill("回车保存的标题")
        editor.get_by_label("标题").first.press("Enter")
        editor.wait_for_url(f"{live_server.url}/admin/news/article/")
        saved = Article.objects.get(pk=article.pk)
        assert saved.title == "回车保存的标题" and saved.status == ArticleStatus.DRAFT
        context.close()

"""The edit page's workflow buttons save what is typed before the step runs;
a form with an error keeps the text and runs nothing."""

import pytest

from news.editorial.services import article_reject, article_submit
from news.models import Article, ArticleStatus

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


class TestAfterAConflictRefusal:
    def test_the_editor_sees_both_texts_opens_the_latest_and_keeps_their_own(
        self, browser, live_server, make_draft, staff
    ):
        article = make_draft(title="原标题", body="<p>原正文。</p>")
        url = f"{live_server.url}/admin/news/article/{article.pk}/change/"
        editor_context, editor = log_in(browser, live_server, "editor")
        editor.goto(url)
        reviewer_context, reviewer = log_in(browser, live_server, "reviewer")
        reviewer.goto(url)
        reviewer.get_by_label("标题").first.fill("审核人的标题")
        reviewer.get_by_role("button", name="保存并继续编辑").click()
        reviewer.wait_for_selector(".messagelist")

        editor.get_by_label("标题").first.fill("编辑的标题")
        replace_body(editor, "编辑补充的正文。")
        editor.get_by_role("button", name="保存并继续编辑").click()
        conflict = editor.locator(".edit-conflict")
        conflict.wait_for()
        assert "审核人的标题" in conflict.inner_text() and "编辑的标题" in conflict.inner_text()
        assert editor.get_by_label("标题").first.input_value() == "编辑的标题"

        with editor_context.expect_page() as opened:
            editor.get_by_role("link", name="在新窗口打开最新版本").click()
        latest = opened.value
        latest.wait_for_load_state()
        assert latest.get_by_label("标题").first.input_value() == "审核人的标题"
        latest.close()
        assert editor.get_by_label("标题").first.input_value() == "编辑的标题"  # this form is untouched

        editor.get_by_role("button", name="保留我的修改并保存").click()
        editor.wait_for_selector(".messagelist")
        assert "已保存您的修改" in editor.locator(".messagelist").inner_text()
        saved = Article.objects.get(pk=article.pk)
        assert saved.title == "编辑的标题" and "编辑补充的正文" in saved.body
        assert editor.get_by_label("标题").first.input_value() == "编辑的标题"
        for context in (editor_context, reviewer_context):
            context.close()

"""A township office's first week of review: the reviewer finds what waits
for them on the admin home, sends an article back, the editor sees it as
已退回 with the reason; publishing says beforehand what the 发布时间 will do.
People appear by their names (张编辑), not their sign-in names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.editorial.services import article_save, article_submit
from news.models import Article

from .conftest import ADMIN_SCREEN
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def named_staff(staff):
    for user, (family, given) in ((staff["editor"], ("张", "编辑")), (staff["reviewer"], ("李", "审核"))):
        user.last_name, user.first_name = family, given
        user.save()
    return staff


def office_screen(page):
    page.set_viewport_size(ADMIN_SCREEN)
    return page


class TestReturnedArticles:
    def test_the_reviewer_finds_the_waiting_article_and_the_editor_sees_it_returned_with_the_reason(
        self, browser, live_server, make_draft, named_staff, screenshot
    ):
        article = make_draft(title="苏力德苏木开展草原防火演练")
        article_submit(article=article, actor=named_staff["editor"])

        reviewer_context, reviewer = log_in(browser, live_server, "reviewer")
        office_screen(reviewer).reload()
        todo = reviewer.locator("#admin-todo")
        assert todo.get_by_role("row", name="待审核").locator(".todo-count").inner_text() == "1"
        screenshot(reviewer, "reviewer-home")
        todo.get_by_role("link", name="待审核").click()
        reviewer.wait_for_url("**/admin/news/article/?state=submitted")
        assert reviewer.locator("#result_list tbody tr").count() == 1
        assert reviewer.locator("#result_list td.field-updated_by_name").inner_text() == "张编辑"
        reviewer.get_by_role("link", name="苏力德苏木开展草原防火演练").click()
        reviewer.get_by_role("button", name="退回修改").click()
        reviewer.get_by_label("意见(必填)").fill("请补充参加演练的人数。")
        reviewer.get_by_role("button", name="确认退回修改").click()
        reviewer.wait_for_selector(".workflow-status")
        assert reviewer.locator(".workflow-status").inner_text() == "已退回"
        reviewer_context.close()

        editor_context, editor = log_in(browser, live_server, "editor")
        office_screen(editor).reload()
        returned = editor.locator("#admin-todo").get_by_role("row", name="已退回待修改")
        assert returned.locator(".todo-count").inner_text() == "1"
        editor.locator("#admin-todo").get_by_role("link", name="已退回待修改").click()
        editor.wait_for_url("**/admin/news/article/?state=returned")
        row = editor.locator("#result_list tbody tr")
        assert row.count() == 1
        state = row.locator("td.field-state")
        assert state.locator(".state-returned").inner_text() == "已退回"
        assert state.locator(".review-remark").inner_text() == "请补充参加演练的人数。"
        assert row.locator("td.field-updated_by_name").inner_text() == "李审核"
        screenshot(editor, "returned-in-list")
        editor.get_by_role("link", name="苏力德苏木开展草原防火演练").click()
        assert editor.locator(".workflow-status").inner_text() == "已退回"
        assert "请补充参加演练的人数。" in editor.locator(".review-remark").inner_text()
        editor_context.close()

    def test_a_stale_save_names_the_other_person(self, browser, live_server, make_draft, named_staff):
        article = make_draft(title="两人同时修改的稿件")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        stored = Article.objects.get(pk=article.pk)
        stored.title = "王管理先改的标题"
        article_save(article=stored, actor=named_staff["admin"], expected_version=stored.version)
        named_staff["admin"].last_name, named_staff["admin"].first_name = "王", "管理"
        named_staff["admin"].save()
        editor.get_by_label("标题").first.fill("张编辑后改的标题")
        editor.get_by_role("button", name="保存并继续编辑").click()
        assert "王管理 已于" in editor.locator(".errorlist.nonfield").inner_text()
        context.close()


class TestPublishingSaysWhatWillHappen:
    def test_a_future_time_is_announced_as_scheduled_before_and_after(
        self, browser, live_server, make_draft, named_staff, screenshot
    ):
        when = timezone.now() + timedelta(days=3)
        article = make_draft(title="定时发布的通知", published_at=when)
        article_submit(article=article, actor=named_staff["editor"])
        shown = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")

        context, reviewer = log_in(browser, live_server, "reviewer")
        office_screen(reviewer).goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        assert "定时发布" in reviewer.locator(".publish-notice").inner_text()
        reviewer.get_by_role("button", name="审核通过并发布").click()
        notice = reviewer.locator(".publish-notice")
        assert f"到 {shown} 才在网站上公开" in notice.inner_text()
        screenshot(reviewer, "scheduled-confirm")
        reviewer.get_by_role("button", name="确认审核通过并发布").click()
        message = reviewer.locator(".messagelist").inner_text()
        assert f"定时发布:将于 {shown} 在网站上公开" in message and "已直接发布" not in message
        assert "定时发布" in reviewer.locator(".workflow-panel").inner_text()
        context.close()

    def test_a_past_time_is_announced_as_backdated_before_it_publishes(
        self, browser, live_server, make_draft, named_staff, screenshot
    ):
        when = timezone.now() - timedelta(days=30)
        article = make_draft(title="补发的会议通知", published_at=when)
        shown = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")

        context, admin = log_in(browser, live_server, "admin")
        office_screen(admin).goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        admin.get_by_role("button", name="直接发布").click()
        notice = admin.locator(".publish-notice").inner_text()
        assert "已经过去" in notice and f"网站上显示的发布时间是 {shown}" in notice
        screenshot(admin, "backdated-confirm")
        assert not Article.objects.get(pk=article.pk).is_public  # nothing happened yet
        admin.get_by_role("button", name="确认直接发布").click()
        assert f"发布时间为 {shown}(早于现在)" in admin.locator(".messagelist").inner_text()
        assert Article.objects.get(pk=article.pk).is_public
        context.close()

"""An editor writes and submits, a reviewer publishes, a resident reads; the
editor alone cannot publish. The body is written in CKEditor 5."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Article
from staff.two_factor import two_factor_required

from ..conftest import PASSWORD, current_code

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    user = User.objects.get(username=username)
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
        page.fill("#id_otp_token", current_code(device))
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return context, page


class TestEditorialWorkflow:
    def test_an_editor_submits_a_reviewer_publishes_and_a_resident_reads_it(self, browser, live_server, staff):
        editor_context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/add/")
        editor.get_by_label("栏目").select_option(label="苏木镇动态")
        editor.get_by_label("标题").first.fill("苏力德苏木开展草原防火演练")
        editor.locator(".ck-editor__editable").click()  # the body is written in CKEditor 5
        editor.keyboard.type("6月7日,苏力德苏木组织开展草原防火应急演练。")
        editor.get_by_role("button", name="保存并继续编辑").click()
        editor.wait_for_selector(".workflow-status")
        assert editor.locator(".workflow-status").inner_text() == "草稿"

        # The editor is offered submission, never publication.
        assert editor.get_by_role("button", name="提交审核").is_visible()
        assert editor.get_by_role("button", name="审核通过并发布").count() == 0
        assert editor.get_by_role("button", name="直接发布").count() == 0
        article = Article.objects.get(title="苏力德苏木开展草原防火演练")
        refused = editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/workflow/approve/")
        assert refused.status == 403
        editor.go_back()

        editor.get_by_role("button", name="提交审核").click()
        editor.get_by_role("button", name="确认提交审核").click()
        editor.wait_for_selector(".workflow-status")
        assert editor.locator(".workflow-status").inner_text() == "待审核"
        article.refresh_from_db()
        assert not article.is_public

        # A resident cannot see it yet.
        resident_context = browser.new_context()
        resident = resident_context.new_page()
        assert resident.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404

        # The reviewer approves and publishes.
        reviewer_context, reviewer = log_in(browser, live_server, "reviewer")
        reviewer.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        reviewer.get_by_role("button", name="审核通过并发布").click()
        reviewer.get_by_role("button", name="确认审核通过并发布").click()
        reviewer.wait_for_selector(".workflow-status")
        assert reviewer.locator(".workflow-status").inner_text() == "已发布"

        # Now the resident finds it from the home page.
        resident.goto(f"{live_server.url}/")
        resident.get_by_role("link", name="苏力德苏木开展草原防火演练").first.click()
        assert resident.get_by_role("heading", level=1).inner_text() == "苏力德苏木开展草原防火演练"
        assert "草原防火应急演练" in resident.locator(".article-body").inner_text()
        article.refresh_from_db()
        assert article.index_number in resident.locator(".disclosure").inner_text()
        for context in (editor_context, reviewer_context, resident_context):
            context.close()

    def test_the_editor_previews_a_draft_that_residents_cannot_open(self, browser, live_server, make_draft):
        article = make_draft(title="预览中的稿件")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        with context.expect_page() as opened:
            editor.get_by_role("link", name="预览").click()
        preview = opened.value
        preview.wait_for_load_state()
        assert preview.get_by_role("heading", level=1).inner_text() == "预览中的稿件"
        assert "公众看不到" in preview.locator(".preview-banner").inner_text()
        context.close()
        resident = browser.new_context().new_page()
        assert resident.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404
        resident.context.close()


class TestNewArticleSource:
    def test_the_new_article_form_offers_the_site_default_source_and_keeps_what_the_editor_types(
        self, browser, live_server, staff, site
    ):
        context, page = log_in(browser, live_server, "editor")
        page.goto(f"{live_server.url}/admin/news/article/add/")
        source = page.get_by_label("来源")
        assert source.input_value() == site.default_source
        page.get_by_label("栏目").select_option(label="苏木镇动态")
        page.get_by_label("标题").first.fill("嘎查开展防火巡查")
        page.locator(".ck-editor__editable").click()
        page.keyboard.type("巡查内容。")
        source.fill("苏力德苏木融媒体中心")
        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        assert page.get_by_label("来源").input_value() == "苏力德苏木融媒体中心"
        assert Article.objects.get(title="嘎查开展防火巡查").source == "苏力德苏木融媒体中心"
        context.close()


class TestThreeLevelReview:
    def test_three_different_reviewers_pass_an_article_after_a_return_with_every_remark(
        self, browser, live_server, staff, make_staff, columns
    ):
        columns["news"].review_levels = 3
        columns["news"].save()
        for name in ("shen_a", "shen_b", "shen_c"):
            make_staff(name, "审核", ["public"])
        article = Article.objects.create(
            title="苏力德苏木召开三审会议", column=columns["news"], body="<p>会议内容。</p>"
        )
        Article.objects.filter(pk=article.pk).update(created_by=staff["editor"])
        change = f"{live_server.url}/admin/news/article/{article.pk}/change/"

        def step(page, button, confirm, remark=""):
            page.goto(change)
            page.get_by_role("button", name=button, exact=True).click()
            if remark:
                page.get_by_label("意见(必填)").fill(remark)
            page.get_by_role("button", name=confirm).click()
            page.wait_for_selector(".workflow-status")
            return page.locator(".workflow-status").inner_text()

        editor_context, editor = log_in(browser, live_server, "editor")
        assert step(editor, "提交审核", "确认提交审核") == "初审中(第 1/3 级)"
        reviewers = {name: log_in(browser, live_server, name) for name in ("shen_a", "shen_b", "shen_c")}
        a, b, c = (reviewers[name][1] for name in ("shen_a", "shen_b", "shen_c"))

        assert step(a, "初审通过", "确认初审通过") == "复审中(第 2/3 级)"
        # shen_a passed the 初审: the 复审 is not theirs.
        a.goto(change)
        assert a.get_by_role("button", name="复审通过").count() == 0
        assert "自 " in a.locator(".review-since").inner_text()
        # shen_b finds it under 待我复审 on the admin home, and in the list it leads to.
        b.goto(f"{live_server.url}/admin/")
        todo = b.locator("#admin-todo")
        assert todo.get_by_role("row", name="待我复审").locator(".todo-count").inner_text() == "1"
        todo.get_by_role("link", name="待我复审").click()
        b.wait_for_url("**/admin/news/article/?state=mine")
        assert b.locator("#result_list tbody tr").count() == 1
        assert "复审中" in b.locator("#result_list td.field-state").inner_text()
        assert step(b, "复审退回修改", "确认复审退回修改", remark="请核实参会人数。") == "已退回"

        # The editor reads every remark so far, then resubmits.
        editor.goto(change)
        assert editor.locator(".workflow-status").inner_text() == "已退回"
        decisions = editor.locator("table.review-decisions").inner_text()
        assert "初审" in decisions and "shen_a" in decisions and "请核实参会人数。" in decisions
        assert "请核实参会人数。" in editor.locator(".review-remark").inner_text()
        assert step(editor, "提交审核", "确认提交审核") == "初审中(第 1/3 级)"

        assert step(a, "初审通过", "确认初审通过") == "复审中(第 2/3 级)"
        assert step(b, "复审通过", "确认复审通过") == "终审中(第 3/3 级)"
        resident = browser.new_context().new_page()
        assert resident.goto(f"{live_server.url}{article.get_absolute_url()}").status == 404
        assert step(c, "审核通过并发布", "确认审核通过并发布") == "已发布"

        assert resident.goto(f"{live_server.url}{article.get_absolute_url()}").status == 200
        assert resident.get_by_role("heading", level=1).inner_text() == "苏力德苏木召开三审会议"
        for context in (editor_context, resident.context, *(ctx for ctx, _ in reviewers.values())):
            context.close()

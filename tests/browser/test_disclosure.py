"""An editor fills in 政务公开 on the article form; residents then see the
disclosure box above the body, and only on articles of 公开 columns."""

import re
from datetime import date

import pytest

from news.editorial.services import article_approve, article_submit
from news.models import Article
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


class TestEditorFillsTheDisclosureFields:
    def test_what_the_editor_fills_in_is_shown_above_the_body(self, page, live_server, columns, make_staff, screenshot):
        editor = make_staff("bianji", "编辑", ["public"])
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, live_server, "bianji", "/admin/news/article/add/")
        page.wait_for_selector(".ck-editor__editable")

        page.select_option("#id_column", str(columns["notices"].pk))
        page.fill("#id_title", "关于做好春季草原防火工作的通知")
        page.locator(".ck-editor__editable").click()
        page.keyboard.type("各嘎查村要落实包片责任。")
        fieldset = page.locator("fieldset", has=page.locator("h2", has_text="政务公开"))
        assert fieldset.is_visible()
        fieldset.get_by_label("文号").fill("苏政发〔2024〕12号")
        fieldset.get_by_label("成文日期").fill("2024-03-01")
        fieldset.get_by_label("主题分类").select_option(label="农业、林业、水利")
        fieldset.get_by_label("体裁").select_option(label="通知")
        fieldset.get_by_label("公开方式").select_option(label="主动公开")
        fieldset.locator("#id_validity").select_option(label="废止")
        page.click("input[name=_save]")
        # 废止 without its date: refused on the field, nothing lost.
        assert "有效性为失效或废止时,请填写失效或废止的日期。" in page.locator(".field-validity_date").inner_text()
        assert page.locator("#id_document_number").input_value() == "苏政发〔2024〕12号"
        page.locator("#id_validity_date").fill("2025-03-01")
        page.click("input[name=_save]")
        page.wait_for_url(re.compile(r"/admin/news/article/$"))
        assert errors == []

        article = Article.objects.get()
        assert (article.document_number, article.written_on, article.subject, article.genre) == (
            "苏政发〔2024〕12号",
            date(2024, 3, 1),
            "agriculture",
            "notice",
        )
        assert (article.disclosure_method, article.validity, article.validity_date) == (
            "proactive",
            "repealed",
            date(2025, 3, 1),
        )
        article_submit(article=article, actor=editor)
        article_approve(article=article, actor=make_staff("shenhe", "审核", ["public"]))

        page.context.clear_cookies()  # a resident
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        box = page.get_by_role("region", name="政务公开信息")
        text = box.inner_text()
        for shown in [
            "索引号:" + article.index_number,
            "主题分类:农业、林业、水利",
            "发布机构:苏力德苏木党政综合办公室",
            "成文日期:2024-03-01",
            "文号:苏政发〔2024〕12号",
            "体裁:通知",
            "公开方式:主动公开",
            "有效性:废止(2025-03-01 起)",
        ]:
            assert shown in " ".join(text.split()).replace(": ", ":"), (shown, text)
        # Above the body, below the title.
        title_y, box_y, body_y = (
            page.locator(selector).bounding_box()["y"]
            for selector in ("#article-title", ".disclosure-box", "#article-body")
        )
        assert title_y < box_y < body_y
        screenshot(page, "public-article")

    def test_an_article_outside_the_公开_section_has_no_box(self, page, live_server, make_article, columns):
        inside = make_article("通知", column=columns["notices"], document_number="苏政发〔2024〕1号")
        outside = make_article("要闻", column=columns["headlines"], document_number="苏政发〔2024〕2号")
        page.goto(f"{live_server.url}{outside.get_absolute_url()}")
        assert page.locator(".disclosure-box").count() == 0
        assert "苏政发" not in page.content()
        page.goto(f"{live_server.url}{inside.get_absolute_url()}")
        assert page.locator(".disclosure-box").count() == 1

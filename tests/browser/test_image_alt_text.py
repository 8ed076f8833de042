"""Images in the body say what they show (WCAG 1.1.1): the editor is asked
for the 图片说明 as soon as a photo is uploaded, and an article with an image
left without one is refused at submission, naming the image."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from news.editorial.services import article_approve
from news.models import Article

from ..media_files import photo_bytes
from .conftest import ADMIN_SCREEN
from .test_accessibility import WCAG_AA, describe
from .test_editor_media import EDITOR_DATA_HAS
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ALT = "苏木干部在陶尔庙嘎查检查防火设施"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(photo_bytes(size=(1200, 800)))
    return path


class TestTheEditorIsAskedForAltText:
    def test_uploading_a_photo_opens_the_alt_text_form_and_the_text_is_kept(
        self, browser, live_server, staff, columns, photo, screenshot
    ):
        context, page = log_in(browser, live_server, "editor")
        page.set_viewport_size(ADMIN_SCREEN)
        page.goto(f"{live_server.url}/admin/news/article/add/")
        page.wait_for_selector(".ck-editor__editable")
        page.select_option("#id_column", str(columns["news"].pk))
        page.fill("#id_title", "苏力德苏木检查防火设施")
        page.locator(".ck-editor__editable").click()
        page.keyboard.type("6月7日,苏木干部检查防火设施。")
        page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(photo))
        page.wait_for_function(EDITOR_DATA_HAS, arg="/media/editor/", timeout=20_000)

        form = page.locator(".ck-text-alternative-form")
        form.wait_for(state="visible")
        screenshot(page, "alt-text-asked")
        field = form.locator("input[type=text]")
        assert field.evaluate("input => input === document.activeElement")
        field.fill(ALT)
        field.press("Enter")
        page.wait_for_function(EDITOR_DATA_HAS, arg=f'alt="{ALT}"')

        page.get_by_role("button", name="保存并继续编辑").click()
        page.wait_for_selector(".workflow-status")
        article = Article.objects.get()
        assert f'alt="{ALT}"' in article.body  # the sanitiser keeps it
        assert page.locator(".images-without-alt").count() == 0
        page.get_by_role("button", name="提交审核").click()
        page.get_by_role("button", name="确认提交审核").click()
        page.wait_for_selector(".workflow-status")
        assert page.locator(".workflow-status").inner_text() == "待审核"
        context.close()

        # Published, the article with its photo passes axe (image-alt included).
        article_approve(article=Article.objects.get(), actor=staff["reviewer"])
        resident = browser.new_context(viewport=ADMIN_SCREEN, locale="zh-CN").new_page()
        resident.goto(f"{live_server.url}{article.get_absolute_url()}")
        assert resident.locator("#article-body img").get_attribute("alt") == ALT
        assert describe(Axe().run(resident, options=WCAG_AA)) == ""
        resident.context.close()


class TestAnImageWithoutAltTextIsRefused:
    def test_submitting_is_refused_and_names_the_image(self, browser, live_server, make_draft, screenshot):
        article = make_draft(
            title="缺少图片说明的稿件",
            body='<p>正文。</p><figure class="image"><img src="/media/editor/a.jpg" alt="会场"></figure>'
            '<figure class="image"><img src="/media/editor/b.jpg"></figure>',
        )
        context, page = log_in(browser, live_server, "editor")
        page.set_viewport_size(ADMIN_SCREEN)
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        assert "第 2 张图片(b.jpg)" in page.locator(".workflow-panel .images-without-alt").inner_text()
        # In the editor the image without one stands out; the one with one does not.
        outline = "img => getComputedStyle(img).outlineStyle"
        assert page.locator('.ck-editor__editable img[src$="b.jpg"]').evaluate(outline) == "dashed"
        assert page.locator('.ck-editor__editable img[src$="a.jpg"]').evaluate(outline) == "none"
        page.get_by_role("button", name="提交审核").click()
        assert "第 2 张图片(b.jpg)" in page.locator(".images-without-alt").inner_text()
        response = page.expect_response(re.compile(r"/workflow/submit/$"))
        with response as refused:
            page.get_by_role("button", name="确认提交审核").click()
        assert refused.value.status == 400
        screenshot(page, "submit-refused")
        error = page.locator("div.errornote[role=alert]").inner_text()  # the refusal, not the notice above it
        assert "1 张图片没有填写图片说明" in error and "第 2 张图片(b.jpg)" in error and "a.jpg" not in error
        assert Article.objects.get(pk=article.pk).status == "draft"
        context.close()

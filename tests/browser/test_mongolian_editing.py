"""An editor types the 蒙古文版 of a draft in the admin, saves, and opens
蒙古文预览: the preview shows the Mongolian title and body (the vertical
layout itself is checked by the public pages' browser tests)."""

import pytest

from news.models import Article

from ..conftest import MN_TITLE
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

MN_WORDS = "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ"  # sumu-yin medege: test words, not a translation


class TestMongolianPreviewFromTheEditPage:
    def test_the_typed_mongolian_version_is_saved_and_previewed(
        self, browser, live_server, mongolian, make_draft, staff
    ):
        article = make_draft(title="中文标题", body="<p>中文正文。</p>")
        context, editor = log_in(browser, live_server, "editor")
        editor.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        title = editor.get_by_label("蒙古文标题")
        assert title.get_attribute("lang") == "mn-Mong"
        title.fill(MN_TITLE)
        body = editor.locator('.ck-editor__editable[lang="mn-Mong"]')
        body.click()
        editor.keyboard.type(MN_WORDS)
        editor.get_by_role("button", name="保存并继续编辑").click()
        editor.wait_for_selector(".messagelist")
        saved = Article.objects.get(pk=article.pk)
        assert saved.title_mn == MN_TITLE and MN_WORDS in saved.body_mn

        with context.expect_page() as opened:
            editor.get_by_role("link", name="蒙古文预览").click()
        preview = opened.value
        preview.wait_for_load_state()
        assert preview.url.endswith(f"/mn/preview/article/{article.pk}/")
        assert preview.locator("html").get_attribute("lang") == "mn-Mong"
        main = preview.locator("main").inner_text()
        assert MN_TITLE in main and MN_WORDS in main and "中文正文" not in main
        assert "蒙古文版预览" in preview.locator(".preview-banner").inner_text()
        context.close()

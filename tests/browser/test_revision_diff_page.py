"""An editor looks at what a save changed: the words, not the markup, and both
versions as they read on the page."""

import pytest

from news.editorial.services import article_save
from news.models import Article

from .conftest import ADMIN_SCREEN
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = (
    "<p>6月7日,苏力德苏木召开防火工作会议。</p>"
    '<figure class="table"><table><tbody><tr><td>嘎查</td><td>巡查人数</td></tr>'
    "<tr><td>陶尔庙嘎查</td><td>12</td></tr></tbody></table></figure>"
)
AFTER = BEFORE.replace("防火工作会议", "森林草原防火工作会议").replace("<td>12</td>", "<td>15</td>")


class TestRevisionDiffPage:
    def test_the_editor_sees_the_changed_words_and_both_versions_side_by_side(
        self, browser, live_server, make_draft, staff, screenshot
    ):
        staff["editor"].last_name, staff["editor"].first_name = "张", "编辑"
        staff["editor"].save()
        article = make_draft(title="苏力德苏木召开防火工作会议", body=BEFORE)
        fresh = Article.objects.get(pk=article.pk)
        fresh.body = AFTER
        article_save(article=fresh, actor=staff["editor"], expected_version=article.version)

        context, page = log_in(browser, live_server, "editor")
        page.set_viewport_size(ADMIN_SCREEN)
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        page.get_by_role("link", name="修订记录").click()
        assert page.locator("#revision-list tbody tr").first.locator("td").nth(1).inner_text() == "张编辑"
        page.get_by_role("link", name="本次修改了什么").first.click()
        page.wait_for_selector("#body-diff")
        screenshot(page, "revision-diff")

        text = page.locator("#body-diff").inner_text()
        assert "<p>" not in text and "<td>" not in text and "figure" not in text
        assert page.locator("#body-diff ins").all_inner_texts() == ["森林草原", "15"]
        assert page.locator("#body-diff del").all_inner_texts() == ["12"]
        assert "陶尔庙嘎查 | 15" in page.locator("#body-diff tr.changed td.new").last.inner_text()
        # The label column holds its labels on one line.
        label = page.locator("#field-diff tbody th").first.bounding_box()
        assert label["width"] >= 100 and label["height"] < 40
        # Both versions as rendered: a real table on each side.
        assert page.locator("#body-rendered td.rendered-old table td", has_text="12").count() == 1
        assert page.locator("#body-rendered td.rendered-new table td", has_text="15").count() == 1
        assert "张编辑" in page.locator("#content-main > p").first.inner_text()
        context.close()

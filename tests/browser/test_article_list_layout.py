"""The article list at an office screen's width: titles read across, every
column fits, nothing is cut off."""

import pytest

from news.editorial.services import article_reject, article_submit

from .conftest import ADMIN_SCREEN
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TITLE = "苏力德苏木召开2024年上半年安全生产暨森林草原防灭火工作推进会议"

# Every header and cell of the list, measured in the page: its box against
# the list's visible area, and whether its text is wider than the cell.
MEASURE = """() => {
  const results = document.querySelector('#changelist-form .results');
  const area = results.getBoundingClientRect();
  const cells = [...document.querySelectorAll('#result_list th, #result_list td')].map(cell => {
    const box = cell.getBoundingClientRect();
    return {name: cell.className, text: cell.innerText.trim(), left: box.left, right: box.right,
            width: box.width, clipped: cell.scrollWidth > cell.clientWidth + 1};
  });
  return {areaRight: area.right, scrolls: results.scrollWidth > results.clientWidth + 1,
          viewport: window.innerWidth, cells};
}"""


@pytest.fixture
def listed_articles(make_article, make_draft, staff):
    make_article(title=LONG_TITLE, author="茜沁")
    for number in range(1, 6):
        make_article(title=f"陶尔庙嘎查第{number}季度村务公开情况通报")
    returned = make_draft(title="苏力德苏木开展草原防火演练")
    article_submit(article=returned, actor=staff["editor"])
    article_reject(
        article=returned, actor=staff["reviewer"], remark="请补充参加演练的人数、演练地点和嘎查名称,并附现场照片说明。"
    )


class TestArticleListLayout:
    @pytest.mark.parametrize("width", [ADMIN_SCREEN["width"], 1280])
    def test_titles_read_across_and_every_column_fits(self, browser, live_server, listed_articles, screenshot, width):
        context, page = log_in(browser, live_server, "reviewer")
        page.set_viewport_size({"width": width, "height": ADMIN_SCREEN["height"]})
        page.goto(f"{live_server.url}/admin/news/article/")
        screenshot(page, f"article-list-{width}")
        measured = page.evaluate(MEASURE)
        context.close()

        titles = [cell for cell in measured["cells"] if "field-title" in cell["name"]]
        assert len(titles) == 7
        # At least about fifteen characters on a line, not one.
        assert all(cell["width"] >= 220 for cell in titles), [cell["width"] for cell in titles]
        assert not measured["scrolls"], "the list scrolls sideways: a column is cut off"
        for cell in measured["cells"]:
            assert cell["right"] <= min(measured["areaRight"], measured["viewport"]) + 1, cell
            assert not cell["clipped"], cell
        headers = [cell["text"] for cell in measured["cells"] if "column-" in cell["name"]]
        assert "修改时间" in headers and "发布时间" in headers
        states = [cell["text"] for cell in measured["cells"] if "field-state" in cell["name"]]
        assert any(text.startswith("已退回") for text in states)  # with its remark, still within the list
        updated = [cell for cell in measured["cells"] if "field-updated_short" in cell["name"]]
        assert all(len(cell["text"]) == len("2026-11-30 13:20") for cell in updated)

"""A resident who uses only the keyboard (Tab and Enter) can do everything."""

import re

import pytest

from news.demo import read_seed_article

from .reading_preferences import is_elder, wait_for_article_font_size, wait_for_elder
from .speech_stub import SPOKEN_EXACTLY, speech_stub

pytestmark = pytest.mark.django_db(transaction=True)

# Number every control the keyboard should reach, in the order of the page.
NUMBER_FOCUSABLES = """() => {
  const all = Array.from(document.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
    .filter(e => e.getClientRects().length && !e.closest('[hidden]'))
    // What a closed <details> holds waits behind its summary.
    .filter(e => e.matches('details > summary') || !e.closest('details:not([open])'));
  all.forEach((e, i) => e.setAttribute('data-tab-order', i));
  return all.length;
}"""

FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
  return {
    order: e.getAttribute('data-tab-order'),
    what: e.outerHTML.slice(0, 80),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
  };
}"""


def tab_to(page, locator, limit=120):
    """Press Tab until `locator` has the focus; fail if it is never reached."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("e => e === document.activeElement", target):
            return
    raise AssertionError(f"Tab never reached {locator}")


def walk_with_tab(page):
    """Tab through the whole page; return where the focus went, control by control.
    A date field takes one Tab per part (year, month, day): those count once."""
    count = page.evaluate(NUMBER_FOCUSABLES)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    steps = []
    for _ in range(count * 4 + 1):
        page.keyboard.press("Tab")
        step = page.evaluate(FOCUSED)
        if steps and step["order"] is not None and step["order"] == steps[-1]["order"]:
            continue
        steps.append(step)
        if len(steps) > count:
            break
    return count, steps


class TestKeyboardWalkThrough:
    def test_switch_to_elder_mode_change_font_size_open_the_article_and_have_it_read(self, context, public_pages):
        context.add_init_script(speech_stub(auto_end=True))
        page = context.new_page()
        page.goto(public_pages["home"])

        tab_to(page, page.get_by_role("link", name="关怀版"))
        page.keyboard.press("Enter")
        page.wait_for_url(public_pages["home"])
        wait_for_elder(page)

        seed = read_seed_article()
        tab_to(page, page.get_by_role("heading", level=2, name=seed.title).get_by_role("link"))
        page.keyboard.press("Enter")
        page.wait_for_url(public_pages["article"])
        assert is_elder(page)

        body_size = "() => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)"
        before = page.evaluate(body_size)
        tab_to(page, page.get_by_role("link", name="字体大"))
        page.keyboard.press("Enter")
        wait_for_article_font_size(page, 40)
        assert page.evaluate(body_size) > before

        tab_to(page, page.get_by_role("button", name="开始朗读"))
        page.keyboard.press("Enter")
        page.get_by_text("全文朗读完毕").wait_for()
        said = [item["text"] for item in page.evaluate("window.__speech.spoken")]
        assert said[0] == " ".join(seed.title.split())
        assert said[1:] == [" ".join(text.split()) for _, text in seed.paragraphs]

    def test_pause_and_stop_by_keyboard(self, context, public_pages):
        context.add_init_script(speech_stub())
        page = context.new_page()
        page.goto(public_pages["article"])
        tab_to(page, page.get_by_role("button", name="开始朗读"))
        page.keyboard.press("Enter")
        page.wait_for_function(SPOKEN_EXACTLY, arg=1)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "继续朗读"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("window.__speech.calls")[:2] == ["pause", "cancel"]
        assert page.get_by_role("status").inner_text() == "朗读已停止。"

    def test_search_from_the_header_and_open_a_result_by_keyboard(self, context, public_pages):
        page = context.new_page()
        page.goto(public_pages["home"])
        tab_to(page, page.get_by_role("searchbox", name="站内搜索"))
        page.keyboard.type("统战")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        seed = read_seed_article()
        tab_to(page, page.locator(".search-result h2 a").first)
        page.keyboard.press("Enter")
        page.wait_for_url(public_pages["article"])
        assert page.get_by_role("heading", level=1).inner_text() == seed.title

    def test_leaving_elder_mode_by_keyboard(self, elder_context, public_pages):
        page = elder_context.new_page()
        page.goto(public_pages["column"])
        tab_to(page, page.get_by_role("link", name="退出关怀版"))
        page.keyboard.press("Enter")
        page.wait_for_url(public_pages["column"])
        wait_for_elder(page, on=False)
        assert page.evaluate("document.activeElement.textContent") == "关怀版"  # focus is not lost

    def test_paging_through_a_long_column_by_keyboard(self, context, public_pages):
        page = context.new_page()
        page.goto(public_pages["column"])
        tab_to(page, page.get_by_role("link", name="下一页"))
        page.keyboard.press("Enter")
        page.wait_for_url(f"{public_pages['column']}?page=2")
        assert "第 2 / 3 页" in page.get_by_role("navigation", name="分页").inner_text()


class TestFocusOrder:
    @pytest.mark.parametrize("page_type", ["home", "column", "article", "not-found", "search"])
    @pytest.mark.parametrize("mode", ["normal", "elder"])
    def test_tab_visits_every_control_once_in_page_order_with_a_visible_ring_and_lets_go_at_the_end(
        self, context, elder_context, public_pages, page_type, mode
    ):
        page = (elder_context if mode == "elder" else context).new_page()
        page.goto(public_pages[page_type])
        count, steps = walk_with_tab(page)
        assert count > 10
        orders = [step["order"] for step in steps[:count]]
        assert orders == [str(i) for i in range(count)], [step["what"] for step in steps]
        assert [step["what"] for step in steps[:count] if not step["ring"]] == []
        assert [step["what"] for step in steps[:count] if not step["onScreen"]] == []
        # After the last control the focus leaves the page: nothing holds it.
        assert steps[count]["order"] in (None, "0")

"""Every public page type meets WCAG 2.1 AA, in the normal view and in 关怀版
(elder mode), with the seed article and a column long enough to page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .reading_preferences import is_elder, wait_for_body_font_variable

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_TYPES = [
    "home",
    "column",
    "column-page-3",
    "section",
    "article",
    "policy-article",
    "not-found",
    "search",
    "search-empty",
    "site-map",
]
MODES = ["normal", "elder"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
ENHANCED_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}
ELDER_MIN_FONT_PX = 24  # 18pt
ELDER_MAX_FONT_PX = 40  # 30pt

INTERACTIVE = """() => Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
  .filter(e => e.getClientRects().length && !e.closest('[hidden]'))
  // Links inside the sentences of an article are exempt (WCAG 2.5.5, inline).
  .filter(e => !e.closest('.article-body'))
  .map(e => { const r = e.getBoundingClientRect();
    return {what: e.outerHTML.slice(0, 80), width: r.width, height: r.height}; })"""

VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set(), out = [];
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element)) continue;
    if (!element.getClientRects().length || element.closest('.visually-hidden, .skip-link')) continue;
    seen.add(element);
    const style = getComputedStyle(element);
    out.push({what: element.outerHTML.slice(0, 80), fontSize: parseFloat(style.fontSize),
              lineHeight: style.lineHeight === 'normal' ? 0 : parseFloat(style.lineHeight)});
  }
  return out;
}"""


def describe(results):
    return "\n".join(
        f"{v['id']}: {v['help']} -> {[node['target'] for node in v['nodes']]}" for v in results.response["violations"]
    )


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


@pytest.fixture
def visit(mode, context, elder_context):
    """Open a URL as a resident in the chosen mode; returns the page."""
    page = (elder_context if mode == "elder" else context).new_page()

    def visit(url, width=None):
        if width:
            page.set_viewport_size({"width": width, "height": 700})
        page.goto(url)
        assert is_elder(page) == (mode == "elder")
        return page

    return visit


def each_page_type(public_pages, visit, check, **visit_options):
    """Run `check(page)` on every public page type; collect what it finds."""
    found = {}
    for page_type in PAGE_TYPES:
        problems = check(visit(public_pages[page_type], **visit_options))
        if problems:
            found[page_type] = problems
    return found


class TestWcagAudit:
    def test_axe_finds_no_violations_on_any_page_type(self, visit, public_pages):
        def audit(page):
            return describe(Axe().run(page, options=WCAG_AA))

        assert each_page_type(public_pages, visit, audit) == {}

    @pytest.mark.parametrize("mode", ["elder"])
    def test_elder_mode_text_reaches_the_enhanced_7_to_1_contrast(self, visit, public_pages):
        def audit(page):
            return describe(Axe().run(page, options=ENHANCED_CONTRAST))

        assert each_page_type(public_pages, visit, audit) == {}

    def test_the_not_found_page_answers_404(self, page, public_pages):
        assert page.goto(public_pages["not-found"]).status == 404


class TestStructure:
    def test_each_page_has_one_banner_main_and_footer_and_a_labelled_navigation(self, page, public_pages):
        for page_type in PAGE_TYPES:
            page.goto(public_pages[page_type])
            assert page.evaluate("document.documentElement.lang") == "zh-CN"
            landmarks = [
                page.get_by_role("banner").count(),
                page.get_by_role("main").count(),
                page.get_by_role("contentinfo").count(),
                page.get_by_role("navigation", name="栏目导航").count(),
            ]
            assert landmarks == [1, 1, 1, 1], page_type

    def test_headings_start_at_one_h1_and_never_skip_a_level(self, page, public_pages):
        for page_type in PAGE_TYPES:
            page.goto(public_pages[page_type])
            levels = page.evaluate(
                "() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"
            )
            assert levels[0] == 1 and levels.count(1) == 1, (page_type, levels)
            assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), (
                page_type,
                levels,
            )

    def test_the_skip_link_is_first_and_leads_to_the_main_content(self, page, public_pages):
        page.goto(public_pages["article"])
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="跳到主要内容")
        assert skip.evaluate("e => e === document.activeElement")
        assert skip.is_visible() and skip.bounding_box()["y"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

    def test_the_current_column_is_marked_by_more_than_colour(self, page, public_pages):
        page.goto(public_pages["home"])
        navigation = page.get_by_role("navigation", name="栏目导航")
        style = "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).fontWeight]"
        current = navigation.locator("[aria-current]").evaluate(style)
        other = navigation.locator("a:not([aria-current])").first.evaluate(style)
        assert current[0] != other[0] and current[1] != other[1]

    def test_nothing_plays_moves_or_pops_up(self, visit, public_pages):
        def moving(page):
            media = page.locator("video, audio, marquee, iframe, dialog[open], [autoplay]").count()
            return media + page.evaluate("document.getAnimations().length")

        assert each_page_type(public_pages, visit, moving) == {}


class TestReflow:
    @pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pct-zoom"])
    def test_no_page_type_scrolls_sideways(self, visit, public_pages, width):
        # 640 CSS pixels is what a 1280 pixel window shows at 200% zoom.
        def overflow(page):
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            return scroll_width if scroll_width > width else None

        assert each_page_type(public_pages, visit, overflow, width=width) == {}

    def test_the_largest_elder_text_still_fits_320_pixels(self, elder_context, public_pages):
        page = elder_context.new_page()
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto(public_pages["article"])
        page.get_by_role("link", name="字体大").click()
        wait_for_body_font_variable(page, "40px")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


class TestClickTargets:
    def test_every_control_and_link_is_big_enough_to_hit(self, visit, public_pages, mode):
        minimum = 60 if mode == "elder" else 44
        counted = []

        def too_small(page):
            targets = page.evaluate(INTERACTIVE)
            counted.append(len(targets))
            return [t for t in targets if t["width"] < minimum - 0.5 or t["height"] < minimum - 0.5]

        assert each_page_type(public_pages, visit, too_small) == {}
        assert min(counted) > 10  # the measurement did find the page's links


class TestElderMode:
    @pytest.mark.parametrize("mode", ["elder"])
    def test_all_text_is_18pt_or_more_with_line_spacing_of_at_least_one_and_a_half(self, visit, public_pages):
        def unreadable(page):
            texts = page.evaluate(VISIBLE_TEXT)
            assert len(texts) > 10
            too_small = [t for t in texts if t["fontSize"] < ELDER_MIN_FONT_PX]
            too_tight = [t for t in texts if t["lineHeight"] < 1.5 * t["fontSize"]]
            return too_small + too_tight

        assert each_page_type(public_pages, visit, unreadable) == {}

    def test_da_zhong_xiao_range_from_18pt_to_about_30pt(self, elder_context, public_pages):
        page = elder_context.new_page()
        page.goto(public_pages["article"])
        sizes = {}
        for label, variable in (("小", "24px"), ("中", "30px"), ("大", "40px")):
            page.get_by_role("link", name=f"字体{label}").click()
            wait_for_body_font_variable(page, variable)
            sizes[label] = page.eval_on_selector(".article-body p", "p => parseFloat(getComputedStyle(p).fontSize)")
        assert ELDER_MIN_FONT_PX <= sizes["小"] < sizes["中"] < sizes["大"] <= ELDER_MAX_FONT_PX

    def test_the_pointer_is_the_large_cursor_on_the_page_and_on_links(self, elder_context, public_pages, live_server):
        page = elder_context.new_page()
        page.goto(public_pages["article"])
        for selector in ("body", ".site-nav a", ".font-control a", "[data-speech=start]"):
            assert "large-cursor.svg" in page.eval_on_selector(selector, "e => getComputedStyle(e).cursor"), selector
        cursor = page.request.get(f"{live_server.url}/static/img/large-cursor.svg")
        assert cursor.ok and 'width="48"' in cursor.text()

    def test_the_normal_view_keeps_the_ordinary_pointer(self, page, public_pages):
        page.goto(public_pages["article"])
        assert "large-cursor" not in page.eval_on_selector("body", "e => getComputedStyle(e).cursor")

    def test_the_layout_is_a_single_column(self, elder_context, public_pages):
        page = elder_context.new_page()
        page.goto(public_pages["home"])
        lefts = {round(box["x"]) for box in (b.bounding_box() for b in page.locator(".column-box").all())}
        assert len(lefts) == 1
        page.goto(public_pages["section"])
        subcolumns, articles = page.locator(".subcolumns").bounding_box(), page.locator(".column-list").bounding_box()
        assert subcolumns["y"] + subcolumns["height"] <= articles["y"]

    def test_the_theme_is_black_on_white(self, elder_context, public_pages):
        page = elder_context.new_page()
        page.goto(public_pages["article"])
        colours = page.evaluate(
            """() => ['body', '.article-title', '.article-body p', '.site-nav'].map(s => {
                 const style = getComputedStyle(document.querySelector(s));
                 return [style.color, style.backgroundColor]; })"""
        )
        assert colours[0][0] == colours[1][0] == colours[2][0] == "rgb(0, 0, 0)"
        assert colours[3][1] == "rgb(0, 0, 0)"


class TestElderModeWithoutJavaScript:
    def test_the_switch_turns_elder_mode_on_remembers_it_and_turns_it_off(self, browser, public_pages):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(public_pages["article"])
        assert not is_elder(page)
        page.get_by_role("link", name="关怀版", exact=True).click()
        page.wait_for_load_state()  # the click returns once the page commits, before its stylesheet applies
        assert page.url == public_pages["article"]
        assert is_elder(page)
        page.goto(public_pages["column"])
        assert is_elder(page)
        page.get_by_role("link", name="退出关怀版", exact=True).click()
        page.wait_for_load_state()
        assert page.url == public_pages["column"]
        assert not is_elder(page)
        context.close()

    def test_font_size_changes_in_elder_mode_without_javascript(self, browser, public_pages, live_server):
        context = browser.new_context(java_script_enabled=False)
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
        page = context.new_page()
        page.goto(public_pages["article"])
        page.get_by_role("link", name="字体大").click()
        assert (
            page.eval_on_selector(".article-body p", "p => parseFloat(getComputedStyle(p).fontSize)")
            == ELDER_MAX_FONT_PX
        )
        context.close()

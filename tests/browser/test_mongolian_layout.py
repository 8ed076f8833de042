"""蒙古文版 in Chromium: a Mongolian article laid out in vertical lines
(mlreq: top to bottom, lines left to right) on a desktop screen and a
phone, in the normal view and in 关怀版, with the site's own font; the
page frame never scrolls sideways, only the block of vertical lines does."""

import pytest

from .mongolian_pages import mongolian_site
from .reading_preferences import is_elder, wait_for_article_font_size

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": 1280, "phone": 375}
HEIGHTS = {"desktop": 900, "phone": 812}

# Each vertical line of the body's first paragraph: a Range's rectangles are its line boxes.
LINES = """() => { const range = document.createRange();
  range.selectNodeContents(document.querySelector('.article-body p'));
  return [...range.getClientRects()].filter(r => r.width && r.height).map(r => ({width: r.width, height: r.height})); }"""
BOXES = """() => Object.fromEntries(['.article-title', '.article-body', '.article-text'].map(selector => {
  const element = document.querySelector(selector);
  const box = element.getBoundingClientRect();
  return [selector, {writingMode: getComputedStyle(element).writingMode, width: box.width, height: box.height,
                     scrollWidth: element.scrollWidth, clientWidth: element.clientWidth}];
}))"""
FRAME = """() => ({scrollWidth: document.documentElement.scrollWidth,
                   clientWidth: document.documentElement.clientWidth})"""
SERVED_FONT_LOADED = """async () => {
  await document.fonts.load('20px "Portal Mongolian"', 'ᠮᠣᠩᠭᠣᠯ');
  return [...document.fonts].some(face => face.family.includes('Portal Mongolian') && face.status === 'loaded');
}"""


@pytest.fixture
def site_pages(live_server, make_mongolian_article):
    return mongolian_site(live_server, make_mongolian_article)


@pytest.fixture
def reader(browser, live_server):
    """A resident's browser on a screen, in the normal view or 关怀版."""
    contexts = []

    def open_page(screen, mode):
        context = browser.new_context(
            viewport={"width": WIDTHS[screen], "height": HEIGHTS[screen]},
            locale="zh-CN",
            is_mobile=screen == "phone",
            has_touch=screen == "phone",
        )
        context.set_default_timeout(10_000)
        if mode == "elder":
            context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


class TestTheArticleReadsInVerticalLines:
    @pytest.mark.parametrize("screen", WIDTHS)
    @pytest.mark.parametrize("mode", ["normal", "elder"])
    def test_title_and_body_are_vertical_and_only_their_block_scrolls_sideways(
        self, reader, site_pages, screenshot, screen, mode
    ):
        pages, _ = site_pages
        page = reader(screen, mode)
        csp_refusals = []
        page.on("console", lambda message: "Content Security Policy" in message.text and csp_refusals.append(message))
        page.goto(pages["article"])
        assert is_elder(page) == (mode == "elder")
        assert page.evaluate(SERVED_FONT_LOADED)
        screenshot(page, f"{screen}-{mode}")

        boxes = page.evaluate(BOXES)
        for selector in (".article-title", ".article-body"):
            assert boxes[selector]["writingMode"] == "vertical-lr", selector
        # The title is one line; the long body is wider than tall, its lines are not.
        assert boxes[".article-title"]["height"] > boxes[".article-title"]["width"], boxes
        lines = page.evaluate(LINES)
        assert len(lines) >= 2 and all(line["height"] > line["width"] for line in lines), lines
        # The long article's lines run on beyond the screen inside their own block...
        block = boxes[".article-text"]
        assert block["scrollWidth"] > block["clientWidth"]
        # ...which fits the window's height, so the reader never scrolls two ways at once.
        assert block["height"] <= HEIGHTS[screen]
        frame = page.evaluate(FRAME)
        assert frame["scrollWidth"] <= frame["clientWidth"], frame
        assert csp_refusals == []

    def test_the_block_of_lines_takes_the_keyboard_focus_to_scroll(self, page, site_pages):
        pages, article = site_pages
        page.goto(pages["article"])
        block = page.get_by_role("region", name=article.title_mn)
        block.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.article-text').scrollLeft > 0")

    def test_the_mouse_wheel_moves_the_lines_sideways_and_leaves_the_page_where_it_was(self, page, site_pages):
        pages, _ = site_pages
        page.set_viewport_size({"width": 1280, "height": 600})
        page.goto(pages["article"])
        block = page.locator(".article-text")
        block.scroll_into_view_if_needed()
        page_scroll = page.evaluate("window.scrollY")
        box = block.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 300)
        page.wait_for_function("document.querySelector('.article-text').scrollLeft > 0")
        assert page.evaluate("window.scrollY") == page_scroll

    def test_digits_and_latin_lie_on_their_side_and_chinese_stays_upright(self, page, site_pages):
        pages, _ = site_pages
        page.goto(pages["article"])
        orientation = page.evaluate("getComputedStyle(document.querySelector('.article-body p')).textOrientation")
        assert orientation == "mixed"

    def test_a_mongolian_word_on_a_chinese_page_gets_the_served_font_too(self, page, site_pages):
        # The 蒙/汉 switch names the Mongolian version in Mongolian on every page.
        pages, _ = site_pages
        page.goto(pages["article"].replace("/mn/", "/"))
        page.evaluate(
            """() => { const word = document.createElement('a');
                       word.lang = 'mn-Mong'; word.textContent = 'ᠮᠣᠩᠭᠣᠯ';
                       document.querySelector('main').append(word); }"""
        )
        page.wait_for_function(
            "[...document.fonts].some(f => f.family.includes('Portal Mongolian') && f.status === 'loaded')"
        )
        family = page.evaluate("getComputedStyle(document.querySelector('main a[lang=mn-Mong]')).fontFamily")
        assert family.startswith('"Portal Mongolian"')

    def test_the_chinese_article_stays_horizontal(self, page, site_pages):
        pages, article = site_pages
        page.goto(pages["article"].replace("/mn/", "/"))
        assert page.locator(".article-text").count() == 0
        assert page.evaluate("getComputedStyle(document.querySelector('.article-body')).writingMode") == "horizontal-tb"


class TestListsOfArticles:
    @pytest.mark.parametrize("page_type", ["home", "column"])
    @pytest.mark.parametrize("screen", WIDTHS)
    def test_each_article_is_a_vertical_line_and_the_frame_never_overflows(
        self, reader, site_pages, screenshot, page_type, screen
    ):
        pages, _ = site_pages
        page = reader(screen, "normal")
        page.goto(pages[page_type])
        screenshot(page, f"{page_type}-{screen}")
        modes = page.evaluate(
            "() => [...document.querySelectorAll('.article-list')].map(e => getComputedStyle(e).writingMode)"
        )
        assert modes and set(modes) == {"vertical-lr"}
        item = page.locator(".article-item").first.bounding_box()
        assert item["height"] > item["width"]
        frame = page.evaluate(FRAME)
        assert frame["scrollWidth"] <= frame["clientWidth"], frame


class TestReadingAids:
    def test_the_font_size_control_changes_the_mongolian_text_size(self, page, site_pages):
        pages, _ = site_pages
        page.goto(pages["article"])
        medium = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)")
        page.locator('.font-control a[data-font-size="large"]').click()
        wait_for_article_font_size(page, medium * 20 / 16)
        page.locator('.font-control a[data-font-size="small"]').click()
        wait_for_article_font_size(page, medium * 14 / 16)

    def test_elder_mode_sets_the_mongolian_text_larger_still(self, reader, site_pages):
        pages, _ = site_pages
        sizes = {}
        for mode in ("normal", "elder"):
            page = reader("desktop", mode)
            page.goto(pages["article"])
            sizes[mode] = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)"
            )
        # 关怀版's 30px body, a quarter larger for Mongolian; never under 18pt (24px).
        assert sizes["elder"] > sizes["normal"] >= 16
        assert sizes["elder"] >= 24

    def test_printing_lays_the_whole_page_in_vertical_lines_on_landscape_paper(self, page, site_pages):
        pages, _ = site_pages
        page.goto(pages["article"])
        page.emulate_media(media="print")
        printed = page.evaluate(
            """() => { const text = document.querySelector('.article-text');
                       return {root: getComputedStyle(document.documentElement).writingMode,
                               overflow: getComputedStyle(text).overflowX,
                               header: getComputedStyle(document.querySelector('.site-header')).display}; }"""
        )
        assert printed == {"root": "vertical-lr", "overflow": "visible", "header": "none"}
        pdf = page.pdf(prefer_css_page_size=True)
        # Landscape A4 pages (842 x 595 pt), as many as the text needs.
        assert b"/MediaBox [0 0 841.91998 594.95996]" in pdf or b"/MediaBox [0 0 842 595]" in pdf
        assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 2

"""The site's Mongolian font shapes in Chromium: letters join into a word
(positional forms), a free variation selector (FVS) picks another form and
the vowel separator (MVS) another final vowel. Measured on a Mongolian page
with the face the site serves, in the page's own vertical lines."""

import pytest

from .mongolian_pages import mongolian_site

pytestmark = pytest.mark.django_db(transaction=True)

WORD = "ᠮᠣᠩᠭᠣᠯ"  # mongγol
ZWNJ = "\u200c"  # keeps the letters beside it from joining
FVS1 = "\u180b"
MVS = "\u180e"
NA, GA, A = "\u1828", "\u182d", "\u1820"

# A sample of text set in the served face only (no fallback can stand in
# for it), in a vertical line, in a box of fixed size to compare pixels.
SAMPLE = """([text, id]) => {
  const box = document.createElement('div');
  box.id = id;
  box.style.cssText = 'font-family: "Portal Mongolian"; font-size: 48px; line-height: 1; writing-mode: vertical-lr;'
    + 'width: 80px; height: 420px; background: #fff; color: #000; position: relative; z-index: 10;';
  const run = document.createElement('span');
  run.textContent = text;
  box.appendChild(run);
  document.querySelector('main').prepend(box);
  return run.getBoundingClientRect().height;
}"""
FONT_READY = """async () => { await document.fonts.load('48px "Portal Mongolian"', 'ᠮᠣᠩᠭᠣᠯ');
  return [...document.fonts].some(f => f.family.includes('Portal Mongolian') && f.status === 'loaded'); }"""


@pytest.fixture
def mongolian_page(page, live_server, make_mongolian_article):
    pages, _ = mongolian_site(live_server, make_mongolian_article)
    page.goto(pages["article"])
    assert page.evaluate(FONT_READY)
    return page


def render(page, text, name):
    """The advance of `text` down its line, and the pixels of its box."""
    advance = page.evaluate(SAMPLE, [text, name])
    return advance, page.locator(f"#{name}").screenshot()


class TestShaping:
    def test_a_word_is_shorter_than_its_letters_set_apart_and_looks_different(self, mongolian_page):
        joined, joined_pixels = render(mongolian_page, WORD, "joined")
        isolated, isolated_pixels = render(mongolian_page, ZWNJ.join(WORD), "isolated")
        one_by_one = sum(render(mongolian_page, letter, f"letter{i}")[0] for i, letter in enumerate(WORD))
        assert joined < isolated
        assert joined != pytest.approx(one_by_one, abs=1)
        assert joined_pixels != isolated_pixels

    def test_the_same_text_renders_the_same_pixels(self, mongolian_page):
        # What makes the comparisons above and below mean something.
        assert render(mongolian_page, WORD, "first")[1] == render(mongolian_page, WORD, "again")[1]

    def test_a_free_variation_selector_picks_another_form(self, mongolian_page):
        # ga + FVS1 at the start of a word: the feminine (dotless) form.
        _, plain = render(mongolian_page, GA + A, "plain")
        _, varied = render(mongolian_page, GA + FVS1 + A, "varied")
        assert plain != varied

    def test_the_vowel_separator_gives_the_separated_final_vowel(self, mongolian_page):
        _, plain = render(mongolian_page, NA + A, "plain")
        _, separated = render(mongolian_page, NA + MVS + A, "separated")
        assert plain != separated

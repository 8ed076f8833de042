"""A resident searches the 蒙古文版 from its header, in Mongolian.

Located by element ids and classes, not by their labels: the Mongolian
interface strings come from the locale (mn-pages)."""

import pytest

from ..conftest import beijing
from ..search.test_mongolian_normalise import SARA, SARA_WITH_MVS
from ..search.test_mongolian_search import BODY, TITLE

pytestmark = pytest.mark.django_db(transaction=True)


class TestMongolianHeaderSearch:
    def test_a_word_typed_without_the_vowel_separator_finds_and_opens_the_mongolian_article(
        self, page, live_server, make_mongolian_article, make_article
    ):
        article = make_mongolian_article(
            "苏木召开统战工作会议", title_mn=TITLE, body_mn=BODY, published_at=beijing(2024, 6, 7, 9)
        )
        make_article("统战工作简报", body=f"<p>{SARA}</p>")  # Chinese only: never listed here

        page.goto(f"{live_server.url}/mn/")
        box = page.locator("#site-search-q")
        box.fill(SARA)
        box.press("Enter")
        page.wait_for_url("**/mn/search/?q=*")

        results = page.locator(".search-result h2 a")
        assert results.all_inner_texts() == [TITLE]
        assert page.locator(".search-snippet mark").first.inner_text() == SARA_WITH_MVS
        results.first.click()
        page.wait_for_url(f"**/mn/article/{article.pk}/")
        assert page.locator("html").get_attribute("lang") == "mn-Mong"

"""语音朗读: a resident has the seed article read aloud, with the browser's
speech synthesis replaced by a stub that records what it was asked to say."""

import pytest

from news.demo import read_seed_article

from .conftest import demo_township
from .speech_stub import ENGLISH_ONLY, SPOKEN_AT_LEAST, SPOKEN_EXACTLY, speech_stub

pytestmark = pytest.mark.django_db(transaction=True)


def spoken_form(text):
    return " ".join(text.split())


@pytest.fixture
def seed_url(live_server):
    base, seed = demo_township(live_server)
    return f"{base}{seed.get_absolute_url()}"


@pytest.fixture
def expected_parts():
    seed = read_seed_article()
    return [spoken_form(seed.title)] + [spoken_form(text) for _, text in seed.paragraphs]


def reader_page(context, seed_url, **stub):
    context.add_init_script(speech_stub(**stub))
    page = context.new_page()
    page.goto(seed_url)
    return page


def spoken(page):
    return page.evaluate("window.__speech.spoken")


def being_read(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.is-being-read'))
             .map(e => [e.textContent.replace(/\\s+/g, ' ').trim(), e.getAttribute('aria-current')])"""
    )


def finish_utterance(page):
    page.evaluate("window.speechSynthesis.finish()")


class TestReadingAloud:
    def test_reads_the_title_then_each_paragraph_in_order_in_chinese(self, context, seed_url, expected_parts):
        page = reader_page(context, seed_url, auto_end=True)
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_AT_LEAST, arg=len(expected_parts))
        page.get_by_text("全文朗读完毕").wait_for()
        said = spoken(page)
        assert [item["text"] for item in said] == expected_parts
        assert {item["lang"] for item in said} == {"zh-CN"}
        assert {item["voice"] for item in said} == {"Tingting"}  # the Chinese voice, not the English one
        assert being_read(page) == []

    def test_marks_the_paragraph_being_read_and_moves_the_mark_along(self, context, seed_url, expected_parts):
        page = reader_page(context, seed_url)
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_EXACTLY, arg=1)
        assert being_read(page) == [[expected_parts[0], "true"]]
        finish_utterance(page)
        page.wait_for_function(SPOKEN_EXACTLY, arg=2)
        assert being_read(page) == [[expected_parts[1], "true"]]
        assert page.locator("#article-title").get_attribute("aria-current") is None
        assert page.locator(".is-being-read").evaluate("e => getComputedStyle(e).outlineStyle") == "solid"

    def test_pause_then_resume(self, context, seed_url):
        page = reader_page(context, seed_url)
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_EXACTLY, arg=1)
        page.get_by_role("button", name="暂停朗读").click()
        assert page.evaluate("window.__speech.calls") == ["pause"]
        assert page.get_by_role("status").inner_text() == "朗读已暂停。"
        page.get_by_role("button", name="继续朗读").click()
        assert page.evaluate("window.__speech.calls") == ["pause", "resume"]
        assert page.get_by_role("button", name="暂停朗读").is_visible()
        finish_utterance(page)
        page.wait_for_function(SPOKEN_EXACTLY, arg=2)  # reading went on after resuming

    def test_stop_ends_the_reading_and_clears_the_mark(self, context, seed_url):
        page = reader_page(context, seed_url)
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_EXACTLY, arg=1)
        page.get_by_role("button", name="停止朗读").click()
        assert "cancel" in page.evaluate("window.__speech.calls")
        assert being_read(page) == []
        assert page.get_by_role("status").inner_text() == "朗读已停止。"
        assert page.get_by_role("button", name="停止朗读").get_attribute("aria-disabled") == "true"
        assert page.get_by_role("button", name="暂停朗读").get_attribute("aria-disabled") == "true"
        page.wait_for_timeout(100)
        assert len(spoken(page)) == 1  # nothing more is read after stopping

    def test_stopping_while_paused_then_starting_again_reads_from_the_title(self, context, seed_url, expected_parts):
        page = reader_page(context, seed_url)
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_EXACTLY, arg=1)
        finish_utterance(page)
        page.wait_for_function(SPOKEN_EXACTLY, arg=2)
        page.get_by_role("button", name="暂停朗读").click()
        page.get_by_role("button", name="停止朗读").click()
        # A paused browser stays paused across cancel() unless resumed.
        assert page.evaluate("window.__speech.calls") == ["pause", "cancel", "resume"]
        page.get_by_role("button", name="开始朗读").click()
        page.wait_for_function(SPOKEN_EXACTLY, arg=3)
        assert spoken(page)[2]["text"] == expected_parts[0]

    def test_pause_and_stop_do_nothing_before_reading_starts(self, context, seed_url):
        page = reader_page(context, seed_url)
        for name in ("暂停朗读", "停止朗读"):
            page.get_by_role("button", name=name).focus()
            page.keyboard.press("Enter")
        assert page.evaluate("window.__speech") == {"spoken": [], "calls": []}
        assert not page.get_by_role("status").inner_text()


class TestWhenTheBrowserCannotRead:
    def test_without_speech_synthesis_a_message_replaces_the_buttons(self, context, seed_url):
        page = reader_page(context, seed_url, absent=True)
        assert "不支持语音朗读" in page.get_by_role("status").inner_text()
        assert not page.get_by_text("需要开启浏览器的 JavaScript").is_visible()
        assert not page.get_by_role("button", name="开始朗读").is_visible()

    def test_without_a_chinese_voice_a_message_replaces_the_buttons(self, context, seed_url):
        page = reader_page(context, seed_url, voices=ENGLISH_ONLY)
        assert "没有可用的中文语音" in page.get_by_role("status").inner_text()
        assert not page.get_by_role("button", name="开始朗读").is_visible()

    def test_with_no_voices_at_all_the_first_failure_explains_itself(self, context, seed_url):
        page = reader_page(context, seed_url, voices=[], fail="synthesis-failed")
        page.get_by_role("button", name="开始朗读").focus()
        page.keyboard.press("Enter")
        page.get_by_text("没有可用的中文语音").wait_for()
        assert not page.get_by_role("button", name="开始朗读").is_visible()
        # The keyboard user is left on the message, not thrown to the top of the page.
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"

    def test_without_javascript_the_control_is_hidden_and_explained(self, browser, seed_url):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(seed_url)
        assert not page.get_by_role("button", name="开始朗读").is_visible()
        assert page.get_by_text("语音朗读需要开启浏览器的 JavaScript").is_visible()
        context.close()

    def test_printing_leaves_the_reading_control_out(self, context, seed_url):
        page = reader_page(context, seed_url)
        page.emulate_media(media="print")
        assert not page.get_by_role("group", name="语音朗读").is_visible()

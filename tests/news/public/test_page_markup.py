"""Markup every public page keeps, so that a strict Content-Security-Policy
(script-src 'self', no inline styles) can be switched on without breaking it,
and the preferences work from plain links."""

from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


class ScriptAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline_scripts = 0
        self.external_scripts = []
        self.handlers = []
        self.style_attributes = []
        self.javascript_urls = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.external_scripts.append(attrs["src"])
            else:
                self._in_script = True
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name == "style":
                self.style_attributes.append(tag)
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.javascript_urls.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


@pytest.fixture
def public_paths(make_article, columns):
    article = make_article(body='<p>正文。</p><p><a href="https://www.gov.cn/">中国政府网</a></p>')
    return {
        "home": "/",
        "column": columns["news"].get_absolute_url(),
        "section": columns["public"].get_absolute_url(),
        "article": article.get_absolute_url(),
        "not-found": "/column/no-such-column/",
    }


def audit(client, path, elder=False):
    if elder:
        client.cookies["elder_mode"] = "1"
    response = client.get(path)
    parser = ScriptAudit()
    parser.feed(response.content.decode())
    return response, parser


class TestNoInlineScript:
    @pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
    @pytest.mark.parametrize("page_type", ["home", "column", "section", "article", "not-found"])
    def test_pages_load_scripts_only_from_static_files(self, client, public_paths, page_type, elder):
        response, parser = audit(client, public_paths[page_type], elder)
        assert response.status_code == (404 if page_type == "not-found" else 200)
        assert parser.inline_scripts == 0
        assert parser.handlers == []
        assert parser.style_attributes == []
        assert parser.javascript_urls == []
        assert parser.external_scripts and all(src.startswith("/static/js/") for src in parser.external_scripts)

    def test_the_article_page_loads_the_voice_reader(self, client, public_paths):
        _, parser = audit(client, public_paths["article"])
        assert "/static/js/speech.js" in parser.external_scripts


class TestVoiceReadingMarkup:
    def test_the_control_starts_hidden_with_an_explanation_for_browsers_without_javascript(self, client, public_paths):
        html = client.get(public_paths["article"]).content.decode()
        assert "data-speech-control hidden" in html
        assert "语音朗读需要开启浏览器的 JavaScript" in html
        assert 'role="status"' in html

    def test_other_pages_have_no_voice_reading(self, client, public_paths):
        html = client.get(public_paths["column"]).content.decode()
        assert "speech.js" not in html and "data-speech-control" not in html


class TestElderModeSwitch:
    def test_every_page_offers_the_switch_and_it_is_remembered_for_a_year(self, client, public_paths):
        for path in public_paths.values():
            assert "/preferences/elder/on/?next=" in client.get(path).content.decode(), path
        response = client.get(f"/preferences/elder/on/?next={public_paths['article']}")
        assert response.status_code == 302 and response["Location"] == public_paths["article"]
        assert response.cookies["elder_mode"].value == "1"
        assert int(response.cookies["elder_mode"]["max-age"]) >= 60 * 60 * 24 * 365
        stylesheet = client.get("/preferences.css").content.decode()
        assert (
            ".mode-switch-on { display: none; }" in stylesheet
            and ".mode-switch-off { display: inline-flex; }" in stylesheet
        )

    def test_every_page_holds_both_switches_and_shows_one_by_the_stylesheet(self, client, public_paths):
        for path in public_paths.values():
            html = client.get(path).content.decode()
            assert 'class="mode-switch mode-switch-on" href="/preferences/elder/on/?next=' in html, path
            assert 'class="mode-switch mode-switch-off" href="/preferences/elder/off/?next=' in html, path
        portal_css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
        assert ".mode-switch-off { display: none; }" in portal_css

    def test_leaving_elder_mode_forgets_the_choice(self, client, public_paths):
        client.cookies["elder_mode"] = "1"
        response = client.get("/preferences/elder/off/?next=/")
        assert response.cookies["elder_mode"].value == ""
        assert ".mode-switch-off" not in client.get("/preferences.css").content.decode()

    def test_an_unknown_state_is_not_found_and_an_outside_next_goes_home(self, client, public_paths):
        assert client.get("/preferences/elder/maybe/").status_code == 404
        response = client.get("/preferences/elder/on/?next=https://evil.example/")
        assert response["Location"] == "/"

    def test_pages_are_the_same_in_either_mode(self, client, public_paths):
        normal = client.get("/").content
        client.cookies["elder_mode"] = "1"
        assert client.get("/").content == normal

"""Whatever is typed into the search box, the resident gets a normal page."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import result_ids

pytestmark = pytest.mark.django_db


class TestEmptyQuery:
    @pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\u3000"}])
    def test_an_empty_query_shows_how_to_search(self, client, township, params):
        response = client.get("/search/", params)
        page = response.content.decode()
        assert response.status_code == 200
        assert "请在上方输入要查找的关键词" in page
        assert result_ids(response) == []


class TestLongQueries:
    def test_a_2000_character_query_is_cut_and_searched(self, client, township):
        response = client.get("/search/", {"q": "统战会议" * 500})
        page = response.content.decode()
        assert response.status_code == 200
        assert "搜索词过长,只按前 100 个字搜索" in page
        assert result_ids(response) == [township["united_front"].pk]

    def test_a_2000_character_latin_word_is_searched_without_error(self, client, township):
        response = client.get("/search/", {"q": "a" * 2000})
        assert response.status_code == 200
        assert '共找到 <strong class="result-count">0</strong> 条结果' in response.content.decode()


class TestSyntaxAndInjection:
    @pytest.mark.parametrize(
        "q",
        [
            '"',
            '""',
            '"统战',
            "*",
            "统战*",
            ":",
            "title:统战",
            "(",
            ")",
            "(统战",
            "OR",
            "统战 OR 教育",
            "NEAR",
            "NEAR(统战 教育)",
            "AND",
            "统战 AND",
            "-",
            "-统战",
            "统战 -教育",
            "^统战",
            "{title}: 统战",
            "'",
            "\\",
            "'统战'",
            "统战 & 教育",
            "统战 | 教育",
            "!统战",
            "统战 <-> 教育",
            "统战:*",
            "''''",
            "%",
            "_",
            "%统战%",
            "1' OR '1'='1",
            "'; DROP TABLE news_article; --",
            '统战"); DELETE FROM search_fts; --',
            "UNION SELECT password FROM auth_user",
            "统战\x00教育",
            "\\x00",
        ],
    )
    def test_search_syntax_and_sql_fragments_are_just_text(self, client, township, q):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        assert "站内搜索" in response.content.decode()

    @pytest.mark.parametrize("q", ['"统战', "统战*", "(统战", "-统战", "!统战", "'统战'", "%统战%", "统战:"])
    def test_the_words_around_syntax_characters_are_still_searched(self, search, ids, q):
        assert ids["united_front"] in search(q)

    def test_the_index_is_intact_after_an_injection_attempt(self, search, ids):
        search('统战"); DELETE FROM search_fts; --')
        search("'); DELETE FROM search_entry; --")
        assert ids["united_front"] in search("统战")


class TestOtherScripts:
    @pytest.mark.parametrize(
        "q",
        ["😀", "👍🏽 统战", "统战😀", "ᠮᠣᠩᠭᠣᠯ", "Монгол", "ü", "统战abc123", "𠀀𠀁", "\u200b", "\ufeff统战", "🇨🇳"],
    )
    def test_emoji_mixed_scripts_and_rare_characters_give_a_normal_page(self, client, township, q):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200

    def test_emoji_alone_say_there_is_nothing_to_search(self, client, township):
        page = client.get("/search/", {"q": "😀😀"}).content.decode()
        assert "中没有可以搜索的文字或数字" in page

    def test_emoji_beside_a_word_are_ignored(self, search, ids):
        assert ids["united_front"] in search("统战😀")
        assert ids["united_front"] in search("👍🏽 统战")

    def test_mongolian_script_is_searchable(self, search, make_article):
        article = make_article("ᠮᠣᠩᠭᠣᠯ 新闻", body="<p>内容</p>")
        assert search("ᠮᠣᠩᠭᠣᠯ") == [article.pk]


class TestOutOfRangeDates:
    """Dates a date picker or a hand-edited address can carry, down to the
    first and last day Python knows: a clear message or results, never a 500."""

    @pytest.mark.parametrize("field", ["start", "end"])
    @pytest.mark.parametrize("day", ["0001-01-01", "0001-01-02", "1899-12-31"])
    def test_a_date_before_1900_is_refused_with_a_chinese_message(self, client, township, field, day):
        response = client.get("/search/", {"q": "统战", field: day})
        assert response.status_code == 400
        assert "日期须在 1900-01-01 至 9999-12-31 之间" in response.content.decode()

    @pytest.mark.parametrize("field", ["start", "end"])
    @pytest.mark.parametrize("day", ["1900-01-01", "9999-12-30", "9999-12-31"])
    def test_the_first_and_last_accepted_days_give_a_normal_page(self, client, township, field, day):
        response = client.get("/search/", {"q": "统战", field: day})
        assert response.status_code == 200

    def test_the_widest_range_finds_everything_a_plain_search_finds(self, search, ids):
        assert search("统战", start="1900-01-01", end="9999-12-31") == search("统战")

    def test_a_year_past_9999_is_an_invalid_date_not_an_error(self, client, township):
        response = client.get("/search/", {"q": "统战", "start": "10000-01-01"})
        assert response.status_code == 400
        assert "请输入正确的日期" in response.content.decode()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(start=st.dates(), end=st.dates())
    def test_any_pair_of_dates_gives_a_page_or_a_form_error(self, client, columns, start, end):
        response = client.get("/search/", {"q": "统战", "start": start.isoformat(), "end": end.isoformat()})
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert "日期" in response.content.decode()

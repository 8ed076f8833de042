"""How a typed query is read: words, phrases, limits."""

import re

import jieba
import pytest
from django.conf import settings

from search import segmentation
from search.query import MAX_QUERY_LENGTH, MAX_TERMS, SearchQuery


def words_of(query):
    return [term.word for term in query.terms]


class TestReadingAQuery:
    def test_a_long_word_may_be_found_through_the_words_inside_it(self):
        (term,) = SearchQuery.parse("民族团结").terms
        assert term.alternatives == (("民族团结",), ("民族", "团结"))

    def test_words_run_together_are_cut_apart(self):
        assert words_of(SearchQuery.parse("统战工作会议")) == ["统战工作", "会议"]

    def test_quoted_text_becomes_a_phrase(self):
        query = SearchQuery.parse('"人居环境 整治" 教育')
        assert query.phrases == ["人居环境 整治"]
        assert words_of(query) == ["人居", "环境", "整治", "教育"]

    def test_an_unknown_name_is_searched_as_a_phrase(self):
        query = SearchQuery.parse("茜沁")
        assert query.phrases == ["茜沁"]

    def test_codes_joined_by_punctuation_are_phrases(self):
        query = SearchQuery.parse("11150626MB1234567X/2024-00001 COVID-19")
        assert query.phrases == ["11150626mb1234567x/2024-00001", "covid-19"]
        assert words_of(query) == ["11150626mb1234567x", "2024", "00001", "covid", "19"]

    def test_a_long_query_is_cut(self):
        query = SearchQuery.parse("统" * 2000)
        assert query.truncated
        assert len(query.text) == MAX_QUERY_LENGTH

    def test_at_most_a_fixed_number_of_words_are_searched(self):
        query = SearchQuery.parse(" ".join("abcdefghijklmnopqrstuvwxyz"))
        assert len(query.terms) == MAX_TERMS

    @pytest.mark.parametrize("q", ["😀", "* : ( ) - \" '", "\x00", "", "   "])
    def test_symbols_alone_leave_nothing_to_search(self, q):
        assert not SearchQuery.parse(q).is_searchable

    def test_tokens_are_letters_and_digits_only(self):
        query = SearchQuery.parse('"统战" OR NEAR(a b) -x * : ( ) \' ; -- 😀 a_b')
        tokens = {token for term in query.terms for alternative in term.alternatives for token in alternative}
        assert tokens and all(re.fullmatch(r"[^\W_]+", token) for token in tokens)


class TestDictionary:
    @pytest.fixture(autouse=True)
    def web_application(self):
        """What gunicorn --preload imports before it forks."""
        import portal.wsgi  # noqa: F401

    def test_it_is_loaded_once_at_start_up_with_its_cache_under_var(self):
        assert jieba.dt.initialized
        assert jieba.dt.tmp_dir == str(settings.VAR_DIR / "jieba")

    def test_searching_never_loads_it_again(self, monkeypatch, client, db):
        def fail(*args, **kwargs):
            raise AssertionError("the dictionary was loaded during a request")

        monkeypatch.setattr(jieba.dt, "initialize", fail)
        monkeypatch.setattr(jieba, "load_userdict", fail)
        assert client.get("/search/", {"q": "统战工作"}).status_code == 200

    def test_local_words_are_in_the_dictionary(self):
        assert "嘎查村" in segmentation.words("沙尔利格嘎查村")
        assert "苏力德苏木" in segmentation.words("苏力德苏木召开会议")

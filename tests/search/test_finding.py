"""Residents find township news by the words they type."""

import pytest

from ..conftest import beijing

pytestmark = pytest.mark.django_db


class TestChineseWords:
    @pytest.mark.parametrize(
        "q, expected",
        [
            ("统战", {"united_front", "unity_list", "briefing_new", "briefing_old"}),
            ("教育", {"education"}),
            ("嘎查村", {"education"}),
            ("民族团结", {"unity_list", "united_front"}),
            ("中华民族", {"united_front"}),
            ("铸牢中华民族共同体意识", {"united_front"}),
            ("农牧民", {"education"}),
            ("示范单位", {"unity_list"}),
        ],
    )
    def test_two_three_and_four_character_words_find_the_articles_holding_them(self, search, ids, q, expected):
        assert set(search(q)) == {ids[name] for name in expected}

    def test_a_name_unknown_to_the_dictionary_is_found_as_written(self, search, ids):
        # 茜 and 沁 also appear apart in another article; only 茜沁 together counts.
        assert search("茜沁") == [ids["united_front"]]

    def test_several_words_must_all_be_found(self, search, ids):
        assert search("统战 公示") == [ids["unity_list"]]
        assert search("统战公示") == [ids["unity_list"]]

    def test_words_typed_together_are_found_apart(self, search, ids):
        assert set(search("人居环境整治")) == {ids["revitalisation"], ids["habitat_words_apart"]}


class TestPhrases:
    def test_a_quoted_phrase_must_appear_as_typed(self, search, ids):
        assert search('"人居环境整治"') == [ids["revitalisation"]]

    def test_chinese_quotation_marks_work_too(self, search, ids):
        assert search("“人居环境整治”") == [ids["revitalisation"]]

    def test_a_phrase_and_a_word_combine(self, search, ids):
        assert set(search('"民族团结进步" 统战')) == {ids["unity_list"], ids["united_front"]}
        assert search('"民族团结进步" 嘎查村') == []


class TestIndexNumbersLatinAndNumbers:
    def test_an_index_number_typed_exactly_finds_its_article(self, search, township):
        article = township["unity_list"]
        assert search(article.index_number) == [article.pk]
        assert search(f"  {article.index_number.lower()} ") == [article.pk]

    def test_a_neighbouring_index_number_finds_only_its_own_article(self, search, township):
        united_front, education = township["united_front"], township["education"]
        assert search(united_front.index_number) == [united_front.pk]
        assert search(education.index_number) == [education.pk]

    def test_latin_words_are_found_whatever_their_case(self, search, ids):
        assert search("rural") == [ids["revitalisation"]]
        assert search("REVITALIZATION") == [ids["revitalisation"]]
        assert search("Wi-Fi") == [ids["revitalisation"]]

    def test_numbers_are_found(self, search, ids):
        assert search("120") == [ids["education"]]
        assert search("3.5万元") == [ids["revitalisation"]]

    def test_full_width_digits_and_letters_count_as_ascii(self, search, ids):
        assert search("１２０") == [ids["education"]]
        assert search("ＲＵＲＡＬ") == [ids["revitalisation"]]


class TestRanking:
    def test_title_matches_rank_above_body_matches(self, search, ids):
        found = search("统战")
        assert found[0] == ids["united_front"]
        found = search("民族团结")
        assert found == [ids["unity_list"], ids["united_front"]]

    def test_on_a_tie_the_newer_article_ranks_first(self, search, ids):
        found = search("统战宣传")
        assert found == [ids["briefing_new"], ids["briefing_old"]]

    def test_sorting_by_date_lists_newest_first(self, search, ids):
        found = search("统战", sort="date")
        assert found == [ids["united_front"], ids["briefing_new"], ids["unity_list"], ids["briefing_old"]]


class TestOnlyPublishedArticles:
    @pytest.mark.parametrize("q", ["统战", "民族团结", "教育", "草稿", "撤回", "明天发布"])
    def test_drafts_withdrawn_and_scheduled_articles_never_appear(self, search, ids, q):
        hidden = {ids["draft"], ids["withdrawn"], ids["scheduled"]}
        assert not hidden & set(search(q))

    def test_a_scheduled_article_is_found_once_its_time_has_come(self, search, township):
        from django.utils import timezone

        from news.content_version import content_version_bump
        from news.models import Article

        scheduled = township["scheduled"]
        assert search("明天发布") == []
        # Time passes: no save, no signal, nothing re-indexed; the publication
        # task (publishing.tasks.article_publication_due) bumps the version.
        now = timezone.now()
        Article.objects.filter(pk=scheduled.pk).update(published_at=now)
        content_version_bump()
        assert search("明天发布") == [scheduled.pk]


class TestRankingFromFewCandidatesOnPostgres:
    """PostgreSQL ranks a bounded set of candidates, then keeps those residents
    may see; when too few remain it reads more. With no slack at all every
    page below needs those further reads, and must come out the same."""

    @pytest.fixture(autouse=True)
    def no_slack(self, monkeypatch):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("the candidate set is PostgreSQL's")
        from search.backends import postgresql

        monkeypatch.setattr(postgresql, "CANDIDATE_SLACK", 0)
        monkeypatch.setattr(postgresql, "CANDIDATE_GROWTH", 2)

    def test_title_matches_come_first_then_body_matches_newest_first(self, search, ids):
        assert search("统战") == [ids["united_front"], ids["briefing_new"], ids["unity_list"], ids["briefing_old"]]

    def test_pages_continue_from_titles_into_bodies(self, client, make_article):
        from .conftest import result_ids

        titles = [make_article(f"防汛会议{n}", published_at=beijing(2024, 1, 1 + n, 8, 0)) for n in range(15)]
        bodies = [
            make_article(f"简报{n}", body="<p>防汛</p>", published_at=beijing(2024, 3, 1 + n, 8, 0)) for n in range(15)
        ]
        first = result_ids(client.get("/search/", {"q": "防汛"}))
        second = result_ids(client.get("/search/", {"q": "防汛", "page": 2}))
        expected = [a.pk for a in reversed(titles)] + [a.pk for a in reversed(bodies)]
        assert first + second == expected

    def test_newer_drafts_and_other_columns_do_not_shorten_the_page(self, search, make_article, columns):
        from news.models import ArticleStatus

        shown = [make_article(f"秸秆禁烧{n}", published_at=beijing(2024, 1, 1 + n, 8, 0)) for n in range(3)]
        for n in range(30):
            make_article(f"秸秆禁烧草稿{n}", status=ArticleStatus.DRAFT)
            make_article(f"秸秆禁烧通知{n}", column=columns["notices"], published_at=beijing(2024, 5, 1 + n, 8, 0))
        assert search("秸秆", column="dongtai") == [a.pk for a in reversed(shown)]

    def test_a_phrase_found_only_in_older_articles_still_fills_the_page(self, search, make_article):
        older = make_article("旧闻", body="<p>开展人居环境整治行动。</p>", published_at=beijing(2020, 1, 1, 8, 0))
        for n in range(30):
            make_article(
                f"整治简报{n}", body="<p>人居条件好,环境整洁。</p>", published_at=beijing(2024, 1, 1 + n, 8, 0)
            )
        assert search('"人居环境整治"') == [older.pk]

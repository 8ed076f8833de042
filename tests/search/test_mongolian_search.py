"""The 蒙古文版's search (/mn/search/): Mongolian words, however a resident
spells them, find the articles with a Mongolian version; Chinese-only
articles are never listed there."""

import re

import pytest
from django.core.management import call_command

from imports.services import article_saves_batched
from news.editorial.actors import SYSTEM
from news.editorial.corrections import correction_approve, correction_save, correction_start, correction_submit
from news.editorial.services import article_publish, article_trash, article_withdraw
from news.models import Article, Column, ColumnType, Site
from news.public.sites import site_hosts_forget
from search.backends import get_backend

from ..conftest import beijing
from .test_mongolian_normalise import FVS1, MONGGOL, MONGGOL_WITH_FVS, MVS, NNBSP, ON, SARA, SARA_WITH_MVS, U

pytestmark = pytest.mark.django_db

MN_RESULT_LINK = re.compile(r'<li class="search-result">\s*<h2><a href="([^"]+)"')
# ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ (the sum's news); 2024 ᠣᠨ ᠤ 6 ᠰᠠᠷ᠎ᠠ (June 2024), stored as an
# input method writes it: NNBSP before the suffix, MVS before the final a.
SUMU_NEWS = "\u1830\u1824\u182e\u1824 \u1836\u1822\u1828 \u182e\u1821\u1833\u1821\u182d\u1821"
BODY = f"<p>{SUMU_NEWS}\u1803 2024 {ON}{NNBSP}{U} 6 {SARA_WITH_MVS}\u1803</p>"
TITLE = f"{MONGGOL} \u182a\u1822\u1834\u1822\u182d"  # ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ


def links(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return MN_RESULT_LINK.findall(response.content.decode())


@pytest.fixture
def mn_search(client):
    """GET the Mongolian search page; return the result links."""

    def search(q, path="/mn/search/", **params):
        return links(client.get(path, {"q": q, **params}))

    return search


@pytest.fixture
def bilingual(make_mongolian_article, make_article):
    return {
        "both": make_mongolian_article(
            "苏木召开统战工作会议",
            body="<p>会议强调做好统战工作。</p>",
            title_mn=TITLE,
            body_mn=BODY,
            published_at=beijing(2024, 6, 7, 9),
        ),
        "chinese_only": make_article(
            "统战工作简报", body=f"<p>统战宣传。{MONGGOL}</p>", published_at=beijing(2024, 6, 8, 9)
        ),
    }


def mn_link(article):
    return f"/mn/article/{article.pk}/"


class TestMongolianWordsAreFound:
    def test_a_mongolian_word_finds_the_article_with_a_mongolian_link(self, mn_search, bilingual):
        assert mn_search(SARA_WITH_MVS) == [mn_link(bilingual["both"])]
        assert mn_search(MONGGOL) == [mn_link(bilingual["both"])]

    @pytest.mark.parametrize(
        "q",
        [
            SARA,
            SARA_WITH_MVS,
            SARA[0] + FVS1 + SARA[1:],
            MONGGOL_WITH_FVS,
            f"{ON}{NNBSP}{U}",
            f"{ON} {U}",
        ],
    )
    def test_variant_spellings_find_the_same_article(self, mn_search, bilingual, q):
        assert mn_search(q) == [mn_link(bilingual["both"])]

    def test_the_stem_before_a_case_suffix_is_found_by_itself(self, mn_search, bilingual):
        assert mn_search(ON) == [mn_link(bilingual["both"])]

    def test_a_quoted_phrase_must_appear_as_typed_whatever_the_space(self, mn_search, bilingual):
        assert mn_search(f'"{ON} {U}"') == [mn_link(bilingual["both"])]
        assert mn_search(f'"{U} {ON}"') == []

    def test_several_mongolian_words_must_all_be_found(self, mn_search, bilingual):
        assert mn_search(f"{MONGGOL} {SARA}") == [mn_link(bilingual["both"])]
        assert mn_search(f"{MONGGOL} \u182c\u1820\u1837") == []  # ᠬᠠᠷ is nowhere

    def test_the_title_and_snippet_are_mongolian_with_the_words_marked(self, client, bilingual):
        page = client.get("/mn/search/", {"q": SARA}).content.decode()
        assert f"<mark>{SARA_WITH_MVS}</mark>" in page
        assert TITLE in page and "苏木召开统战工作会议" not in page


class TestOnlyArticlesWithAMongolianVersion:
    def test_a_chinese_only_article_is_not_found_on_the_mongolian_search(self, mn_search, bilingual):
        # Its Chinese body holds ᠮᠣᠩᠭᠣᠯ too, and 统战.
        assert mn_search(MONGGOL) == [mn_link(bilingual["both"])]
        assert mn_search("统战") == [mn_link(bilingual["both"])]

    def test_a_chinese_word_finds_mongolian_articles_by_their_chinese_text_shown_as_chinese(self, client, bilingual):
        page = client.get("/mn/search/", {"q": "统战"}).content.decode()
        assert '<p class="search-snippet" lang="zh-CN">' in page
        assert "<mark>统战</mark>" in page

    def test_the_chinese_search_is_unchanged(self, client, bilingual):
        response = client.get("/search/", {"q": "统战", "sort": "date"})
        assert links(response) == [f"/article/{bilingual['chinese_only'].pk}/", f"/article/{bilingual['both'].pk}/"]
        assert "苏木召开<mark>统战</mark>工作会议" in response.content.decode()

    def test_on_the_chinese_page_a_mongolian_word_finds_the_article_shown_in_chinese(self, client, bilingual):
        response = client.get("/search/", {"q": SARA})
        assert links(response) == [f"/article/{bilingual['both'].pk}/"]
        assert "苏木召开统战工作会议" in response.content.decode()

    def test_the_column_filter_lists_the_columns_mongolian_names(self, client, bilingual, columns):
        response = client.get("/mn/search/", {"q": SARA})
        names = dict(response.context["form"].fields["column"].choices)
        assert names[columns["news"].slug].endswith(columns["news"].name_mn)

    def test_the_filters_are_labelled_in_mongolian(self, client, bilingual):
        filters = client.get("/mn/search/", {"q": SARA}).content.decode().split('class="search-filters"', 1)[1]
        filters = filters.split("</form>", 1)[0]
        for chinese in ("搜索词", "起始日期", "截止日期", "排序", "按相关度", "按时间", "全部栏目", "全部主题"):
            assert chinese not in filters
        assert "ᠬᠠᠶᠢᠬᠤ ᠦᠭᠡ" in filters and "ᠪᠦᠬᠦ ᠪᠤᠯᠤᠩ" in filters

    def test_a_site_without_a_mongolian_version_has_no_mongolian_search(self, client, site, make_article):
        make_article(title_mn=TITLE, body_mn=BODY)
        assert client.get("/mn/search/", {"q": SARA}).status_code == 404


class TestTheIndexFollowsTheMongolianVersion:
    def test_adding_a_mongolian_version_makes_it_findable_and_an_edit_replaces_the_old_words(
        self, mn_search, make_article, mongolian
    ):
        article = make_article("防火宣传")
        assert mn_search(SARA) == []
        article.title_mn, article.body_mn = TITLE, BODY
        article.save()
        assert mn_search(SARA) == [mn_link(article)]
        article.body_mn = f"<p>{SUMU_NEWS}</p>"
        article.save()
        assert mn_search(SARA) == [] and mn_search(SUMU_NEWS) == [mn_link(article)]

    def test_withdrawing_trashing_and_republishing_follow(self, mn_search, make_mongolian_article):
        article = make_mongolian_article(title_mn=TITLE, body_mn=BODY)
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        assert mn_search(SARA) == []
        article_publish(article=article, actor=SYSTEM)
        assert mn_search(SARA) == [mn_link(article)]
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        article_trash(article=article, actor=SYSTEM)
        assert mn_search(SARA) == []

    def test_an_approved_correction_of_the_mongolian_version_is_found(self, mn_search, make_mongolian_article, staff):
        article = make_mongolian_article("防火宣传", title_mn=TITLE, body_mn=BODY)
        correction = correction_start(article=article, actor=staff["editor"])
        correction.body_mn = f"<p>{SUMU_NEWS}</p>"
        correction = correction_save(correction=correction, actor=staff["editor"], expected_version=correction.version)
        correction = correction_submit(correction=correction, actor=staff["editor"])
        assert mn_search(SARA) == [mn_link(article)]
        correction_approve(correction=correction, actor=staff["reviewer"])
        assert mn_search(SARA) == [] and mn_search(SUMU_NEWS) == [mn_link(article)]

    def test_articles_written_in_an_import_batch_are_indexed_at_its_end(self, mn_search, make_article, mongolian):
        article = make_article("防火宣传")
        with article_saves_batched() as saved:
            article.title_mn, article.body_mn = TITLE, BODY
            article.save()
            saved.append(article)
        assert mn_search(SARA) == [mn_link(article)]

    def test_rebuilding_a_lost_index_restores_the_mongolian_words(self, mn_search, bilingual):
        get_backend().remove([article.pk for article in bilingual.values()])
        assert mn_search(SARA) == []
        call_command("rebuild_search_index", verbosity=0)
        assert mn_search(f"{SARA}{MVS}") == [mn_link(bilingual["both"])]


class TestCachingAndQueries:
    def test_the_chinese_and_mongolian_pages_of_one_query_are_cached_apart(self, client, bilingual):
        chinese = client.get("/search/", {"q": "统战"}).content.decode()
        mongolian = client.get("/mn/search/", {"q": "统战"}).content.decode()
        assert '<html lang="mn-Mong"' in mongolian and '<html lang="zh-CN"' in chinese
        assert f"/article/{bilingual['chinese_only'].pk}/" in client.get("/search/", {"q": "统战"}).content.decode()

    def test_a_mongolian_results_page_reads_as_many_queries_as_a_chinese_one(
        self, client, bilingual, django_assert_max_num_queries
    ):
        client.get("/mn/")  # column tree and settings warmed, as on a live site
        with django_assert_max_num_queries(6):
            response = client.get("/mn/search/", {"q": f"{MONGGOL} {SARA}", "column": "gongkai", "sort": "relevance"})
        assert response.status_code == 200


GALUTU_HOST = "galutu.example.gov.cn"


@pytest.fixture
def banner(site, mongolian, make_mongolian_article):
    """The banner's portal with a 蒙古文版, a township with one and a township without."""
    site.is_platform = True
    site.save()
    found = {"main": make_mongolian_article("苏木新闻", title_mn=TITLE, body_mn=BODY, published_at=beijing(2024, 6, 1))}
    for key, host, enabled in (("galutu", GALUTU_HOST, True), ("hujirt", "hujirt.example.gov.cn", False)):
        other = Site.objects.create(
            key=key,
            site_name=f"{key}镇人民政府",
            site_name_mn=f"{MONGGOL} {key}",
            domain=host,
            mongolian_enabled=enabled,
        )
        column = Column.objects.create(site=other, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)
        found[key] = make_mongolian_article(
            f"{key}新闻", column=column, title_mn=TITLE, body_mn=BODY, published_at=beijing(2024, 6, 2)
        )
    site_hosts_forget()
    return found


class TestTheBannersMongolianSearch:
    def test_it_covers_the_sites_with_a_mongolian_version_linked_and_named_in_mongolian(self, client, banner):
        response = client.get("/mn/search/", {"q": SARA, "sort": "date"})
        assert links(response) == [
            f"https://{GALUTU_HOST}/mn/article/{banner['galutu'].pk}/",
            mn_link(banner["main"]),
        ]
        assert f"{MONGGOL} galutu" in response.content.decode()

    def test_reached_by_a_path_prefix_it_links_other_sites_through_their_prefix_in_mongolian(self, mn_search, banner):
        assert mn_search(SARA, path="/site/main/mn/search/", sort="date") == [
            f"/site/galutu/mn/article/{banner['galutu'].pk}/",
            f"/site/main/mn/article/{banner['main'].pk}/",
        ]

    def test_the_site_filter_lists_only_sites_with_a_mongolian_version_by_their_mongolian_names(
        self, client, banner, mongolian
    ):
        response = client.get("/mn/search/", {"q": SARA, "site": "galutu"})
        choices = dict(response.context["form"].fields["site"].choices)
        assert set(choices) == {"", "main", "galutu"}
        assert choices["galutu"] == f"{MONGGOL} galutu"
        assert links(response) == [f"https://{GALUTU_HOST}/mn/article/{banner['galutu'].pk}/"]
        assert client.get("/mn/search/", {"q": SARA, "site": "hujirt"}).status_code == 400

    def test_the_chinese_banner_search_still_covers_every_site(self, client, banner):
        response = client.get("/search/", {"q": "新闻"})
        assert len(links(response)) == 3
        assert Article.objects.count() == 3

"""The results page: what each result shows, highlighting, filters, paging."""

import pytest

from ..conftest import beijing
from .conftest import result_ids

pytestmark = pytest.mark.django_db


class TestEachResult:
    def test_shows_title_snippet_date_column_and_source(self, client, township):
        page = client.get("/search/", {"q": "嘎查村"}).content.decode()
        assert '共找到 <strong class="result-count">1</strong> 条结果' in page
        link = f'<a href="/article/{township["education"].pk}/">沙尔利格<mark>嘎查村</mark>开展农牧民教育培训</a>'
        assert link in page
        assert "本次培训共有 120 人次参加" in page
        assert '<time datetime="2024-05-20T09:00:00+08:00">2024-05-20</time>' in page
        assert '<a href="/column/dongtai/">苏木镇动态</a>' in page
        assert "来源:乌审旗苏力德苏木人民政府" in page

    def test_the_count_covers_every_page(self, client, make_article):
        for n in range(25):
            make_article(f"防汛抗旱工作第{n}期", published_at=beijing(2024, 1, 1 + n, 8, 0))
        first = client.get("/search/", {"q": "防汛"})
        second = client.get("/search/", {"q": "防汛", "page": 2})
        assert len(result_ids(first)) == 20
        assert len(result_ids(second)) == 5
        assert not set(result_ids(first)) & set(result_ids(second))
        assert '<strong class="result-count">25</strong>' in first.content.decode()
        assert 'href="?q=%E9%98%B2%E6%B1%9B&amp;page=2" rel="next"' in first.content.decode()

    def test_a_page_number_out_of_range_shows_the_last_page(self, client, township):
        response = client.get("/search/", {"q": "统战", "page": "999"})
        assert response.status_code == 200
        assert len(result_ids(response)) == 4


class TestBreadcrumb:
    def test_the_search_page_is_the_current_place_after_the_home_page(self, client, township):
        page = client.get("/search/", {"q": "统战"}).content.decode()
        crumb = page.split('<nav class="breadcrumb" aria-label="当前位置">')[1].split("</nav>")[0]
        assert crumb == (
            '<span>当前位置:</span><a href="/">首页</a>'
            '<span class="crumb-sep" aria-hidden="true">&gt;</span><span aria-current="page">站内搜索</span>'
        )


class TestHighlighting:
    def test_the_query_words_are_marked_in_title_and_snippet(self, client, township):
        page = client.get("/search/", {"q": "统战 会议"}).content.decode()
        assert "苏力德苏木召开<mark>统战</mark>工作<mark>会议</mark>" in page
        assert "<mark>会议</mark>强调" in page
        assert "做好新时代<mark>统战</mark>工作" in page

    def test_the_whole_word_is_marked_not_only_its_parts(self, client, township):
        page = client.get("/search/", {"q": "民族团结"}).content.decode()
        assert "<mark>民族团结</mark>进步创建示范单位" in page

    def test_other_words_are_not_marked(self, client, township):
        page = client.get("/search/", {"q": "教育"}).content.decode()
        assert page.count("<mark>") == 1
        assert "<mark>教育</mark>培训" in page

    def test_latin_words_are_marked_only_as_whole_words(self, client, make_article):
        make_article("Art and article", body="<p>An art class.</p>")
        page = client.get("/search/", {"q": "art"}).content.decode()
        assert "<mark>Art</mark> and article" in page
        assert "An <mark>art</mark> class." in page

    def test_the_snippet_starts_near_the_first_match_in_a_long_body(self, client, make_article):
        make_article("长文", body="<p>" + "前言内容。" * 100 + "这里谈到防汛抗旱的安排。</p>")
        page = client.get("/search/", {"q": "防汛抗旱"}).content.decode()
        assert '<p class="search-snippet">…' in page
        assert "这里谈到<mark>防汛抗旱</mark>的安排" in page

    def test_article_text_is_escaped_around_the_marks(self, client, make_article):
        make_article("统战 <b>粗体</b> & 更多", body="<p>统战 &lt;script&gt;alert(1)&lt;/script&gt;</p>")
        page = client.get("/search/", {"q": "统战"}).content.decode()
        assert "<mark>统战</mark> &lt;b&gt;粗体&lt;/b&gt; &amp; 更多" in page
        assert "<mark>统战</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page


class TestFilters:
    def test_a_column_includes_its_sub_columns(self, search, ids):
        assert set(search("统战", column="gongkai")) == {
            ids["united_front"],
            ids["unity_list"],
            ids["briefing_new"],
            ids["briefing_old"],
        }
        assert search("统战", column="tongzhi") == [ids["unity_list"]]
        assert search("乡村振兴", column="dongtai") == []
        assert search("乡村振兴", column="yaowen") == [ids["revitalisation"]]

    def test_a_date_range_counts_whole_days_in_beijing_time(self, search, ids):
        assert search("统战", start="2024-06-07", end="2024-06-07") == [ids["united_front"]]
        assert set(search("统战", start="2023-01-01", end="2023-12-31")) == {ids["unity_list"], ids["briefing_old"]}
        assert search("统战", start="2024-06-08") == []
        assert set(search("统战", end="2023-11-20")) == {ids["unity_list"], ids["briefing_old"]}

    def test_filters_are_kept_when_paging(self, client, make_article, columns):
        for n in range(21):
            make_article(f"秸秆禁烧通知{n}", column=columns["notices"], published_at=beijing(2024, 1, 1 + n, 8, 0))
        page = client.get("/search/", {"q": "秸秆", "column": "tongzhi", "sort": "date"}).content.decode()
        assert 'href="?q=%E7%A7%B8%E7%A7%86&amp;column=tongzhi&amp;sort=date&amp;page=2"' in page
        assert '<option value="tongzhi" selected>' in page
        nav = page.split('aria-label="搜索结果分页"')[1].split("</nav>")[0]
        assert "第 1 / 2 页<" in nav
        assert 'href="?q=%E7%A7%B8%E7%A7%86&amp;column=tongzhi&amp;sort=date&amp;page=2">尾页' in nav

    @pytest.mark.parametrize(
        "params, message",
        [
            ({"start": "2024-13-40"}, "请输入正确的日期"),
            ({"end": "昨天"}, "请输入正确的日期"),
            ({"start": "2024-06-08", "end": "2024-06-07"}, "起始日期不能晚于截止日期"),
            ({"column": "no-such-column"}, "没有这个栏目"),
            ({"sort": "views"}, "排序方式只能是按相关度或按时间"),
        ],
    )
    def test_bad_filters_get_a_clear_message_and_a_400(self, client, township, params, message):
        response = client.get("/search/", {"q": "统战", **params})
        assert response.status_code == 400
        assert message in response.content.decode()

    def test_the_last_possible_end_date_is_accepted(self, search, ids):
        assert ids["united_front"] in search("统战", end="9999-12-31")


class TestQueries:
    def test_a_results_page_reads_a_bounded_number_of_queries(self, client, township, django_assert_max_num_queries):
        client.get("/")  # column tree and settings warmed, as on a live site
        with django_assert_max_num_queries(6):
            response = client.get("/search/", {"q": "统战 会议", "column": "gongkai", "sort": "relevance"})
        assert len(result_ids(response)) == 1


class TestVeryCommonWords:
    def test_at_most_a_thousand_results_are_listed_and_the_page_says_so(self, client, make_article, monkeypatch):
        from search import results

        monkeypatch.setattr(results, "MAX_RESULTS", 3)
        for n in range(5):
            make_article(f"防汛抗旱第{n}期", published_at=beijing(2024, 1, 1 + n, 8, 0))
        page = client.get("/search/", {"q": "防汛"}).content.decode()
        assert '<strong class="result-count">3</strong>' in page
        assert "超过 3 条,只列出前 3 条" in page

    def test_with_a_quoted_phrase_fewer_are_counted_and_listed(self, client, make_article, monkeypatch):
        from search import results

        monkeypatch.setattr(results, "MAX_PHRASE_RESULTS", 2)
        for n in range(5):
            make_article(f"防汛抗旱第{n}期", published_at=beijing(2024, 1, 1 + n, 8, 0))
        response = client.get("/search/", {"q": '"防汛抗旱"'})
        assert len(result_ids(response)) == 2
        assert "超过 2 条,只列出前 2 条" in response.content.decode()

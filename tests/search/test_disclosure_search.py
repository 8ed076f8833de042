"""政务公开 in 站内搜索: a 主题分类 filter, and a 文号 typed finds exactly its document."""

from datetime import date

import pytest

from news.editorial.disclosure import SubjectCategory
from search.query import SearchQuery

from ..conftest import beijing

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(make_article, columns):
    def document(title, number, subject, published_at, **fields):
        return make_article(
            title,
            column=columns["notices"],
            document_number=number,
            subject=subject,
            published_at=published_at,
            written_on=date(2024, 1, 2),
            body=fields.pop("body", "<p>请各嘎查认真贯彻落实。</p>"),
            **fields,
        )

    return {
        "fire": document(
            "关于做好草原防火工作的通知", "苏政发〔2024〕12号", SubjectCategory.AGRICULTURE, beijing(2024, 3, 5, 10, 0)
        ),
        "fire_123": document(
            "关于做好草原防火宣传的通知", "苏政发〔2024〕123号", SubjectCategory.AGRICULTURE, beijing(2024, 3, 6, 10, 0)
        ),
        "school": document(
            "关于做好学校安全工作的通知", "苏政发〔2023〕12号", SubjectCategory.SCIENCE, beijing(2023, 9, 1, 10, 0)
        ),
        "unnumbered": make_article(
            "苏木镇开展草原防火演练", body="<p>草原防火演练。</p>", published_at=beijing(2024, 4, 1, 9, 0)
        ),
    }


class TestTheQueryReadsADocumentNumber:
    def test_a_document_number_is_kept_whole_with_its_brackets_made_one_kind(self):
        query = SearchQuery.parse("苏政发[2024]12号")
        assert query.document_numbers == ["苏政发〔2024〕12号"] and query.terms == []
        assert query.is_searchable

    def test_words_beside_it_are_still_words(self):
        query = SearchQuery.parse("草原 苏政发（２０２４）12号")
        assert query.document_numbers == ["苏政发〔2024〕12号"]
        assert [term.word for term in query.terms] == ["草原"]


class TestExactDocumentNumber:
    def test_a_document_number_finds_only_its_own_document(self, search, documents):
        assert search("苏政发〔2024〕12号") == [documents["fire"].pk]
        assert search("苏政发〔2024〕123号") == [documents["fire_123"].pk]
        assert search("苏政发〔2023〕12号") == [documents["school"].pk]

    @pytest.mark.parametrize(
        "typed",
        [
            "苏政发[2024]12号",
            "苏政发(2024)12号",
            "苏政发【2024】12号",
            " 苏政发 〔2024〕 12号 ",
            "苏政发（２０２４）１２号",
        ],
    )
    def test_brackets_spaces_and_full_width_digits_do_not_matter(self, search, documents, typed):
        assert search(typed) == [documents["fire"].pk]

    def test_a_document_number_nobody_issued_finds_nothing(self, client, documents):
        page = client.get("/search/", {"q": "苏政发〔2024〕99号"}).content.decode()
        assert '<strong class="result-count">0</strong>' in page

    def test_a_document_number_and_a_word_must_both_match(self, search, documents):
        assert search("防火 苏政发〔2024〕12号") == [documents["fire"].pk]
        assert search("学校 苏政发〔2024〕12号") == []

    def test_a_withdrawn_or_draft_document_is_not_found_by_its_number(self, search, make_article, columns):
        from news.models import ArticleStatus

        make_article("草稿", column=columns["notices"], status=ArticleStatus.DRAFT, document_number="苏政发〔2024〕7号")
        assert search("苏政发〔2024〕7号") == []

    def test_the_words_of_a_document_number_are_indexed(self, search, documents):
        assert set(search("苏政发")) == {documents["fire"].pk, documents["fire_123"].pk, documents["school"].pk}


class TestSubjectFilter:
    def test_the_filter_keeps_the_articles_of_that_subject(self, search, documents):
        found = search("通知", subject=SubjectCategory.AGRICULTURE.value)
        assert set(found) == {documents["fire"].pk, documents["fire_123"].pk}
        assert search("通知", subject=SubjectCategory.SCIENCE.value) == [documents["school"].pk]

    def test_articles_without_a_subject_are_left_out_by_the_filter(self, search, documents):
        assert documents["unnumbered"].pk in search("草原防火")
        assert documents["unnumbered"].pk not in search("草原防火", subject=SubjectCategory.AGRICULTURE.value)

    def test_an_unknown_subject_is_a_clear_400(self, client, documents):
        response = client.get("/search/", {"q": "通知", "subject": "nonsense"})
        assert response.status_code == 400
        assert "主题分类:没有这个主题分类。" in response.content.decode()

    def test_the_filter_is_offered_with_every_catalogue_subject(self, client, documents):
        page = client.get("/search/", {"q": "通知"}).content.decode()
        assert '<option value="agriculture">农业、林业、水利</option>' in page
        assert page.count("<option") >= len(SubjectCategory.choices) + 1

    def test_a_chosen_subject_opens_the_filters(self, client, documents):
        page = client.get("/search/", {"q": "通知", "subject": "science"}).content.decode()
        assert '<details class="search-filters-box" open>' in page

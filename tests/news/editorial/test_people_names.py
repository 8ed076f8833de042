"""Staff appear to each other by name (张编辑), not by sign-in name (bianji2);
an account without a name falls back to its sign-in name."""

import pytest
from django.urls import reverse

from news.editorial.people import person_name
from news.editorial.services import ConcurrentEditError, article_save
from news.models import Article

from ...conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(staff):
    editor = staff["editor"]
    editor.last_name, editor.first_name = "张", "编辑"
    editor.save()
    return editor


class TestPersonName:
    def test_family_name_comes_first_without_a_space(self, zhang):
        assert person_name(zhang) == "张编辑"

    def test_a_whole_name_in_one_field_is_used_as_it_is(self, staff):
        staff["reviewer"].first_name = "李审核"
        assert person_name(staff["reviewer"]) == "李审核"

    def test_a_latin_name_reads_given_name_first(self, staff):
        staff["reviewer"].first_name, staff["reviewer"].last_name = "Anna", "Li"
        assert person_name(staff["reviewer"]) == "Anna Li"

    def test_an_account_without_a_name_shows_its_sign_in_name(self, staff):
        assert person_name(staff["auditor"]) == "auditor"

    def test_nobody_is_the_system(self):
        assert person_name(None) == "系统"


class TestNamesInTheAdmin:
    def test_the_article_page_and_the_list_name_the_editor(self, make_draft, zhang, staff):
        article = make_draft(title="有名字的稿件")
        client = client_for(staff["reviewer"])
        page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert page.count("张编辑") >= 2  # 创建人 and 最后修改人
        assert ">editor<" not in page
        listing = client.get(reverse("admin:news_article_changelist")).content.decode()
        assert '<td class="field-updated_by_name">张编辑</td>' in listing

    def test_the_welcome_line_names_the_person(self, zhang):
        page = client_for(zhang).get(reverse("admin:index")).content.decode()
        assert '<strong class="user-name">张编辑</strong>' in page

    def test_a_refused_stale_save_names_who_saved_in_between(self, make_draft, zhang, staff):
        article = make_draft(title="稿件")
        stale = article.version
        fresh = Article.objects.get(pk=article.pk)
        article_save(article=fresh, actor=zhang, expected_version=stale)
        with pytest.raises(ConcurrentEditError) as refused:
            article_save(article=Article.objects.get(pk=article.pk), actor=staff["admin"], expected_version=stale)
        assert "张编辑 已于" in refused.value.messages[0]

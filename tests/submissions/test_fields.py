"""The fields 信息报送 added to columns, sites and articles."""

import pytest
from django.core.exceptions import ValidationError

from news.demo import demo_load
from news.models import Column
from submissions.services import submission_accept, submission_send
from tests.submissions.conftest import BANNER_HOST

pytestmark = pytest.mark.django_db


class TestAcceptingColumns:
    def test_a_banner_column_may_accept_submissions(self, target):
        target.full_clean()

    def test_a_township_column_may_not(self, columns):
        column = columns["news"]
        column.accepts_submissions = True
        with pytest.raises(ValidationError) as error:
            column.full_clean()
        assert error.value.message_dict["accepts_submissions"] == ["只有旗级门户的栏目可以接收报送。"]

    def test_the_column_admin_refuses_it_with_the_message(self, admin_client, columns):
        column = columns["news"]
        data = {
            "name": column.name,
            "slug": column.slug,
            "parent": column.parent_id,
            "column_type": column.column_type,
            "order": 1,
            "in_navigation": "on",
            "accepts_submissions": "on",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        }
        response = admin_client.post(f"/admin/news/column/{column.pk}/change/", data)
        assert "只有旗级门户的栏目可以接收报送" in response.content.decode()
        column.refresh_from_db()
        assert not column.accepts_submissions


class TestTheCopysPage:
    @pytest.fixture
    def copy(self, people, original, target):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        return submission_accept(submission=submission, actor=people["banner_reviewer"]).copy

    def test_来源_links_to_the_original(self, client, copy, original):
        page = client.get(f"/article/{copy.pk}/", HTTP_HOST=BANNER_HOST).content.decode()
        assert (
            f'来源:<a href="https://www.example.gov.cn/article/{original.pk}/" class="article-original">'
            "乌审旗苏力德苏木人民政府</a>" in page
        )

    def test_the_copy_is_reached_by_the_banners_path_prefix_too(self, client, copy):
        assert client.get(f"/site/wsq/article/{copy.pk}/").status_code == 200

    def test_the_copys_page_keeps_the_article_page_query_budget(self, client, copy, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            assert client.get(f"/article/{copy.pk}/", HTTP_HOST=BANNER_HOST).status_code == 200

    def test_an_ordinary_article_has_no_original_link(self, client, original):
        assert "article-original" not in client.get(f"/article/{original.pk}/").content.decode()


class TestDemo:
    def test_the_demo_opens_the_banners_乡镇动态_for_submissions(self, banner):
        column = Column.objects.create(site=banner, name="乡镇动态", slug="xiangzhen-dongtai")
        demo_load()
        column.refresh_from_db()
        assert column.accepts_submissions

    def test_a_township_column_of_that_slug_stays_closed(self, site):
        column = Column.objects.create(site=site, name="乡镇动态", slug="xiangzhen-dongtai")
        demo_load()
        column.refresh_from_db()
        assert not column.accepts_submissions


def test_banner_reviewers_must_use_two_factor_sign_in(db):
    """报送审核 decides what the banner's portal publishes, like 审核."""
    from django.contrib.auth.models import Group, User

    from staff.two_factor import two_factor_required

    reviewer = User.objects.create_user("banner_reviewer_2fa", password="pw-12345678", is_staff=True)
    reviewer.groups.add(Group.objects.get_or_create(name="报送审核")[0])
    assert two_factor_required(reviewer)

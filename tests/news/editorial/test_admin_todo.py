"""The admin home's 待办 counts what waits for this person in their own
columns; the article list's 状态 filter finds 已退回 and 定时发布."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.editorial.services import article_reject, article_submit
from news.models import ArticleStatus
from news.templatetags.admin_todo import waiting_for

from ...conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(make_draft, make_article, staff):
    """Two submitted in 公开, one in 政务要闻 (another township), one returned."""
    for title in ("待审一", "待审二"):
        article_submit(article=make_draft(title=title), actor=staff["editor"])
    article_submit(
        article=make_draft(title="别的乡镇", column="headlines", user=staff["other_editor"]),
        actor=staff["other_editor"],
    )
    returned = make_draft(title="被退回")
    article_submit(article=returned, actor=staff["editor"])
    article_reject(article=returned, actor=staff["reviewer"], remark="请补充人数。")
    make_article(title="定时的", published_at=timezone.now() + timedelta(days=1))
    make_draft(title="普通草稿")
    return returned


class TestWaitingFor:
    def test_the_reviewer_counts_submissions_in_their_columns_only(self, desk, staff):
        assert ("待审核", 2) in [(label, count) for label, count, url in waiting_for(staff["reviewer"])]

    def test_the_editor_counts_returned_articles_and_is_not_shown_the_review_queue(self, desk, staff):
        rows = {label: count for label, count, url in waiting_for(staff["editor"])}
        assert rows == {"已退回待修改": 1}

    def test_the_reviewers_home_page_shows_the_count(self, desk, staff):
        page = client_for(staff["reviewer"]).get(reverse("admin:index")).content.decode()
        assert 'href="/admin/news/article/?state=submitted"' in page
        assert '<strong class="todo-count">2</strong>' in page


class TestStateFilter:
    @pytest.mark.parametrize(
        "state, titles",
        [
            ("returned", {"被退回"}),
            ("draft", {"普通草稿"}),
            ("scheduled", {"定时的"}),
            ("submitted", {"待审一", "待审二"}),
        ],
    )
    def test_each_state_lists_its_articles(self, desk, staff, state, titles):
        response = client_for(staff["reviewer"]).get(reverse("admin:news_article_changelist"), {"state": state})
        listed = {article.title for article in response.context["cl"].result_list}
        assert listed == titles

    def test_a_returned_article_shows_as_returned_with_the_remark(self, desk, staff):
        page = client_for(staff["editor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert '<span class="state-returned">已退回</span>' in page and "请补充人数。" in page
        assert desk.status == ArticleStatus.DRAFT

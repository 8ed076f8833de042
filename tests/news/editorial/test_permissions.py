"""Who may do what, through the admin and by direct POST: each group × each
action, and the columns a township's staff may touch."""

import pytest
from django.urls import reverse

from news.editorial.services import article_publish, article_submit, article_trash
from news.models import Article, ArticleStatus, AuditEntry

from ...conftest import change_form_data, client_for

pytestmark = pytest.mark.django_db
S = ArticleStatus

# What each action needs the article to be in, and what it leaves.
SETUP = {
    "submit": (S.DRAFT, False),
    "approve": (S.SUBMITTED, False),
    "reject": (S.SUBMITTED, False),
    "publish": (S.DRAFT, False),
    "withdraw": (S.PUBLISHED, False),
    "trash": (S.DRAFT, False),
    "restore": (S.DRAFT, True),
}
RESULT = {
    "submit": S.SUBMITTED,
    "approve": S.PUBLISHED,
    "reject": S.DRAFT,
    "publish": S.PUBLISHED,
    "withdraw": S.WITHDRAWN,
    "trash": S.DRAFT,
    "restore": S.DRAFT,
}
ALLOWED = {
    "editor": {"submit", "trash", "restore"},
    "reviewer": {"submit", "approve", "reject", "publish", "withdraw", "trash", "restore"},
    "auditor": set(),
}
MATRIX = [(group, action, action in ALLOWED[group]) for group in ALLOWED for action in SETUP]


@pytest.fixture
def article_in_state(make_draft, staff):
    def make(state, trashed=False, **kwargs):
        article = make_draft(**kwargs)
        if state in (S.SUBMITTED,):
            article_submit(article=article, actor=staff["editor"])
        if state == S.PUBLISHED:
            article_publish(article=article, actor=staff["reviewer"])
        if trashed:
            article_trash(article=article, actor=staff["editor"])
        return article

    return make


def workflow_url(article, action):
    return reverse("admin:news_article_workflow", args=[article.pk, action])


class TestWorkflowPermissionMatrix:
    @pytest.mark.parametrize("group,action,allowed", MATRIX)
    def test_a_direct_post_does_the_action_only_for_groups_allowed_it(
        self, group, action, allowed, staff, article_in_state
    ):
        state, trashed = SETUP[action]
        article = article_in_state(state, trashed)
        response = client_for(staff[group]).post(workflow_url(article, action), {"remark": "理由"})
        article.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert article.status == RESULT[action]
            assert article.is_trashed == (action == "trash")
        else:
            assert response.status_code == 403
            assert (article.status, article.is_trashed) == (state, trashed)

    @pytest.mark.parametrize("group,action,allowed", [row for row in MATRIX if row[1] != "restore"])
    def test_the_article_page_shows_a_button_only_for_actions_the_user_may_take(
        self, group, action, allowed, staff, article_in_state
    ):
        article = article_in_state(SETUP[action][0])
        page = client_for(staff[group]).get(reverse("admin:news_article_change", args=[article.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        # A button of the edit form where the page is editable, a link where it is read-only.
        offered = workflow_url(article, action) in html or f'name="_workflow" value="{action}"' in html
        assert offered == allowed

    def test_the_editor_is_not_offered_the_approve_action_in_the_list(self, staff, article_in_state):
        article_in_state(S.SUBMITTED)
        editor_page = client_for(staff["editor"]).get(reverse("admin:news_article_changelist")).content.decode()
        reviewer_page = client_for(staff["reviewer"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "approve_selected" not in editor_page and "submit_selected" in editor_page
        assert "approve_selected" in reviewer_page
        assert "delete_selected" not in reviewer_page  # deleting is the 回收站's trash action

    def test_the_approve_list_action_posted_by_an_editor_is_refused(self, staff, article_in_state):
        article = article_in_state(S.SUBMITTED)
        response = client_for(staff["editor"]).post(
            reverse("admin:news_article_changelist"), {"action": "approve_selected", "_selected_action": [article.pk]}
        )
        article.refresh_from_db()
        assert article.status == S.SUBMITTED
        assert response.status_code in (200, 302)  # the admin ignores an action it did not offer

    def test_the_approve_list_action_publishes_for_a_reviewer(self, staff, article_in_state):
        article = article_in_state(S.SUBMITTED)
        client_for(staff["reviewer"]).post(
            reverse("admin:news_article_changelist"), {"action": "approve_selected", "_selected_action": [article.pk]}
        )
        article.refresh_from_db()
        assert article.is_public

    def test_only_superusers_may_purge_from_the_trash(self, staff, article_in_state):
        article = article_in_state(S.DRAFT, trashed=True)
        url = reverse("admin:news_trashedarticle_delete", args=[article.pk])
        for group in ("editor", "reviewer", "auditor"):
            assert client_for(staff[group]).post(url, {"post": "yes"}).status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()
        assert client_for(staff["admin"]).post(url, {"post": "yes"}).status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()
        assert AuditEntry.objects.filter(action="purge", object_id=str(article.pk)).exists()


class TestEditingPermissions:
    @pytest.mark.parametrize("group,allowed", [("editor", True), ("reviewer", True), ("auditor", False)])
    def test_editing_a_draft_by_post(self, group, allowed, staff, make_draft):
        article = make_draft()
        url = reverse("admin:news_article_change", args=[article.pk])
        response = client_for(staff[group]).post(url, change_form_data(article, title="改过的标题"))
        article.refresh_from_db()
        assert (article.title == "改过的标题") == allowed
        assert response.status_code == (302 if allowed else 403)

    @pytest.mark.parametrize("group,allowed", [("editor", True), ("reviewer", True), ("auditor", False)])
    def test_adding_an_article_by_post(self, group, allowed, staff, columns):
        article = Article(column=columns["news"], title="新稿件", body="<p>内容</p>")
        response = client_for(staff[group]).post(reverse("admin:news_article_add"), change_form_data(article))
        assert Article.objects.filter(title="新稿件").exists() == allowed
        assert response.status_code == (302 if allowed else 403)

    def test_an_editor_cannot_change_a_submitted_article(self, staff, article_in_state):
        article = article_in_state(S.SUBMITTED)
        url = reverse("admin:news_article_change", args=[article.pk])
        client = client_for(staff["editor"])
        assert 'name="_save"' not in client.get(url).content.decode()
        response = client.post(url, change_form_data(article, title="偷偷改"))
        article.refresh_from_db()
        assert response.status_code == 403 and article.title != "偷偷改"

    def test_an_editor_cannot_change_a_published_article_but_a_reviewer_can(self, staff, article_in_state):
        article = article_in_state(S.PUBLISHED)
        url = reverse("admin:news_article_change", args=[article.pk])
        assert client_for(staff["editor"]).post(url, change_form_data(article, title="编辑改")).status_code == 403
        assert client_for(staff["reviewer"]).post(url, change_form_data(article, title="审核改")).status_code == 302
        article.refresh_from_db()
        assert article.title == "审核改" and article.is_public

    def test_clearing_the_time_of_a_published_article_is_refused_with_a_message(self, staff, article_in_state):
        article = article_in_state(S.PUBLISHED)
        url = reverse("admin:news_article_change", args=[article.pk])
        data = change_form_data(article, published_at_0="", published_at_1="")
        response = client_for(staff["reviewer"]).post(url, data)
        assert response.status_code == 200
        assert "已发布的文章必须有发布时间" in response.content.decode()

    def test_an_editor_cannot_make_a_draft_public_by_posting_a_status(self, staff, make_draft):
        article = make_draft()
        url = reverse("admin:news_article_change", args=[article.pk])
        client_for(staff["editor"]).post(url, change_form_data(article, status="published", index_number="X/1"))
        article.refresh_from_db()
        assert article.status == S.DRAFT and article.index_number is None


class TestColumnScope:
    def test_the_list_shows_only_the_users_columns(self, staff, make_draft):
        mine = make_draft("本苏木的稿件")
        make_draft("别的单位的稿件", column="headlines", user=staff["other_editor"])
        page = client_for(staff["editor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert mine.title in page and "别的单位的稿件" not in page

    def test_auditors_see_every_column(self, staff, make_draft):
        make_draft("本苏木的稿件")
        make_draft("别的单位的稿件", column="headlines", user=staff["other_editor"])
        page = client_for(staff["auditor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "本苏木的稿件" in page and "别的单位的稿件" in page

    def test_another_columns_article_page_is_refused(self, staff, make_draft):
        theirs = make_draft(column="headlines", user=staff["other_editor"])
        client = client_for(staff["editor"])
        assert client.get(reverse("admin:news_article_change", args=[theirs.pk])).status_code == 403
        response = client.post(
            reverse("admin:news_article_change", args=[theirs.pk]), change_form_data(theirs, title="x")
        )
        assert response.status_code == 403

    def test_another_columns_article_cannot_be_submitted_or_trashed_by_post(self, staff, make_draft):
        theirs = make_draft(column="headlines", user=staff["other_editor"])
        client = client_for(staff["editor"])
        for action in ("submit", "trash"):
            assert client.post(workflow_url(theirs, action), {"remark": "x"}).status_code == 403
        theirs.refresh_from_db()
        assert theirs.status == S.DRAFT and not theirs.is_trashed

    def test_the_column_choice_lists_only_the_users_columns(self, staff, columns):
        page = client_for(staff["editor"]).get(reverse("admin:news_article_add")).content.decode()
        assert "苏木镇动态" in page and "政务要闻" not in page

    def test_posting_a_new_article_into_another_column_saves_nothing(self, staff, columns):
        article = Article(column=columns["headlines"], title="越权稿件", body="<p>x</p>")
        client_for(staff["editor"]).post(reverse("admin:news_article_add"), change_form_data(article))
        assert not Article.objects.filter(title="越权稿件").exists()

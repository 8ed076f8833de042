"""The 回收站: deleting moves an article there; it can be restored; published
articles must be withdrawn first; only superusers purge."""

import pytest
from django.test import Client
from django.urls import reverse

from news.editorial.services import WorkflowError, article_publish, article_restore, article_trash, article_withdraw
from news.models import Article, ArticleStatus

from ...conftest import client_for

pytestmark = pytest.mark.django_db


class TestMovingToTheTrash:
    def test_a_trashed_draft_leaves_the_article_list_and_appears_in_the_trash(self, make_draft, staff):
        article = article_trash(article=make_draft(title="要删的稿件"), actor=staff["editor"])
        assert article.is_trashed and article.trashed_by == staff["editor"]
        client = client_for(staff["editor"])
        assert "要删的稿件" not in client.get(reverse("admin:news_article_changelist")).content.decode()
        assert "要删的稿件" in client.get(reverse("admin:news_trashedarticle_changelist")).content.decode()

    def test_a_published_article_must_be_withdrawn_first(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        with pytest.raises(WorkflowError, match="请先撤稿"):
            article_trash(article=article, actor=staff["reviewer"])
        assert Article.objects.published().count() == 1
        article_withdraw(article=article, actor=staff["reviewer"], remark="下线")
        assert article_trash(article=article, actor=staff["reviewer"]).is_trashed

    def test_the_delete_button_of_a_published_article_is_refused_with_a_message(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        client = client_for(staff["reviewer"])
        delete = client.get(reverse("admin:news_article_delete", args=[article.pk]), follow=True)
        assert "已发布的文章请先撤稿再删除" in delete.content.decode()
        assert 'type="submit"' not in delete.content.decode().split('id="content-main"')[1]
        response = client.post(reverse("admin:news_article_workflow", args=[article.pk, "trash"]))
        assert response.status_code == 400
        assert "已发布的文章请先撤稿再删除" in response.content.decode()
        article.refresh_from_db()
        assert not article.is_trashed

    def test_a_trashed_article_is_never_public_and_cannot_be_edited(self, make_draft, staff):
        article = article_trash(article=make_draft(), actor=staff["editor"])
        assert (
            client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk])).status_code == 302
        )
        assert Client().get(article.get_absolute_url()).status_code == 404

    def test_the_trash_is_scoped_to_the_users_columns(self, make_draft, staff):
        article_trash(
            article=make_draft(title="别处的", column="headlines", user=staff["other_editor"]),
            actor=staff["other_editor"],
        )
        page = client_for(staff["editor"]).get(reverse("admin:news_trashedarticle_changelist")).content.decode()
        assert "别处的" not in page


class TestRestoring:
    def test_restoring_brings_the_article_back_as_it_was(self, make_draft, staff):
        article = article_trash(article=make_draft(title="找回来"), actor=staff["editor"])
        article = article_restore(article=article, actor=staff["editor"])
        assert not article.is_trashed and article.status == ArticleStatus.DRAFT
        page = client_for(staff["editor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "找回来" in page

    def test_the_restore_list_action_in_the_trash(self, make_draft, staff):
        article = article_trash(article=make_draft(), actor=staff["editor"])
        client_for(staff["editor"]).post(
            reverse("admin:news_trashedarticle_changelist"),
            {"action": "restore_selected", "_selected_action": [article.pk]},
        )
        article.refresh_from_db()
        assert not article.is_trashed

    def test_an_auditor_cannot_restore(self, make_draft, staff):
        article = article_trash(article=make_draft(), actor=staff["editor"])
        client_for(staff["auditor"]).post(
            reverse("admin:news_trashedarticle_changelist"),
            {"action": "restore_selected", "_selected_action": [article.pk]},
        )
        article.refresh_from_db()
        assert article.is_trashed


class TestPurging:
    def test_only_superusers_see_the_purge_action(self, make_draft, staff):
        article_trash(article=make_draft(), actor=staff["editor"])
        url = reverse("admin:news_trashedarticle_changelist")
        assert "delete_selected" not in client_for(staff["reviewer"]).get(url).content.decode()
        assert "delete_selected" in client_for(staff["admin"]).get(url).content.decode()

    def test_a_superuser_purges_from_the_list_and_the_revisions_go_too(self, make_draft, staff):
        from reversion.models import Version

        article = article_trash(article=make_draft(), actor=staff["editor"])
        client_for(staff["admin"]).post(
            reverse("admin:news_trashedarticle_changelist"),
            {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
        )
        assert not Article.objects.filter(pk=article.pk).exists()
        assert not Version.objects.get_for_object_reference(Article, article.pk).exists()

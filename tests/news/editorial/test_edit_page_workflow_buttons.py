"""提交审核 and the other workflow buttons on the edit page are buttons of the
edit form: what is typed is saved first, or, if the form has an error, kept
on the page and no step runs."""

import pytest
from django.urls import reverse
from reversion.models import Version

from news.editorial.services import article_reject, article_submit
from news.models import Article, ArticleStatus

from ...conftest import change_form_data, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned_draft(make_draft, staff):
    article = article_submit(article=make_draft(title="旧标题", body="<p>旧正文。</p>"), actor=staff["editor"])
    article_reject(article=article, actor=staff["reviewer"], remark="请改标题")
    return Article.objects.get(pk=article.pk)


def press(client, article, button, **changes):
    data = change_form_data(article, **changes)
    del data["_save"]
    data["_workflow"] = button
    return client.post(reverse("admin:news_article_change", args=[article.pk]), data)


class TestAWorkflowButtonSavesTheFormFirst:
    def test_submitting_saves_the_typed_title_and_body_then_asks_for_confirmation(self, returned_draft, staff):
        response = press(client_for(staff["editor"]), returned_draft, "submit", title="新标题", body="<p>新正文。</p>")
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:news_article_workflow", args=[returned_draft.pk, "submit"])
        article = Article.objects.get(pk=returned_draft.pk)
        assert article.title == "新标题" and article.body == "<p>新正文。</p>"
        assert article.status == ArticleStatus.DRAFT  # the step itself waits for the confirmation

    def test_the_confirmed_submission_is_the_saved_text(self, returned_draft, staff):
        client = client_for(staff["editor"])
        press(client, returned_draft, "submit", title="新标题", body="<p>新正文。</p>")
        client.post(reverse("admin:news_article_workflow", args=[returned_draft.pk, "submit"]), {"remark": ""})
        article = Article.objects.get(pk=returned_draft.pk)
        assert article.status == ArticleStatus.SUBMITTED and article.title == "新标题"

    def test_the_confirmation_page_says_the_edits_were_saved(self, returned_draft, staff):
        client = client_for(staff["editor"])
        response = press(client, returned_draft, "submit", title="新标题")
        html = client.get(response["Location"]).content.decode()
        assert "已保存您的修改" in html and "确认提交审核" in html

    def test_an_untouched_form_adds_no_empty_revision(self, returned_draft, staff):
        before = Version.objects.get_for_object(returned_draft).count()
        assert press(client_for(staff["editor"]), returned_draft, "submit").status_code == 302
        assert Version.objects.get_for_object(returned_draft).count() == before


class TestAFormWithAnErrorRunsNothing:
    def test_an_empty_title_keeps_the_typed_body_on_the_page_and_submits_nothing(self, returned_draft, staff):
        response = press(
            client_for(staff["editor"]), returned_draft, "submit", title="", body="<p>打了一半的正文。</p>"
        )
        html = response.content.decode()
        assert response.status_code == 200 and "这个字段是必填项" in html
        assert "打了一半的正文" in html
        article = Article.objects.get(pk=returned_draft.pk)
        assert article.status == ArticleStatus.DRAFT and article.title == "旧标题"

    def test_a_stale_form_is_refused_and_the_step_does_not_run(self, returned_draft, staff):
        stale = Article.objects.get(pk=returned_draft.pk)
        client_for(staff["reviewer"]).post(
            reverse("admin:news_article_change", args=[stale.pk]), change_form_data(stale, title="审核人改的")
        )
        response = press(client_for(staff["editor"]), stale, "submit", title="编辑改的")
        assert response.status_code == 200 and "保存被拒绝" in response.content.decode()
        article = Article.objects.get(pk=stale.pk)
        assert article.title == "审核人改的" and article.status == ArticleStatus.DRAFT


class TestButtonsFollowPermissions:
    def test_a_step_the_user_may_not_take_is_refused_after_saving(self, returned_draft, staff):
        client = client_for(staff["editor"])
        response = press(client, returned_draft, "publish", title="新标题")
        assert response["Location"] == reverse("admin:news_article_change", args=[returned_draft.pk])
        article = Article.objects.get(pk=returned_draft.pk)
        assert article.status == ArticleStatus.DRAFT and article.title == "新标题"

    def test_the_edit_page_shows_buttons_of_the_form_not_links(self, returned_draft, staff):
        html = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[returned_draft.pk]))
        html = html.content.decode()
        assert '<button type="submit" class="button" name="_workflow" value="submit">提交审核</button>' in html
        assert reverse("admin:news_article_workflow", args=[returned_draft.pk, "submit"]) not in html

    def test_the_admins_own_delete_link_is_replaced_by_the_trash_button(self, returned_draft, staff):
        html = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[returned_draft.pk]))
        html = html.content.decode()
        assert 'class="deletelink"' not in html
        assert 'name="_workflow" value="trash">移入回收站</button>' in html

    def test_a_read_only_page_keeps_plain_links(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        html = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk]))
        html = html.content.decode()
        assert 'name="_workflow"' not in html
        assert reverse("admin:news_article_workflow", args=[article.pk, "trash"]) in html

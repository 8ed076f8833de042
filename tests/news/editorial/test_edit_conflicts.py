"""After a refused save (someone else saved in between) the editor sees the
other person's text beside their own and may keep theirs (save over, with the
new version number) or open the latest; nothing typed is lost."""

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article, AuditEntry

from ...conftest import change_form_data, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(make_draft, staff):
    """The reviewer saved while the editor was typing; the editor's save was refused."""
    article = make_draft(title="原标题", body="<p>原正文。</p>")
    url = reverse("admin:news_article_change", args=[article.pk])
    typed = change_form_data(article, title="编辑的标题", body="<p>编辑的正文。</p>")
    client_for(staff["reviewer"]).post(url, change_form_data(article, title="审核人的标题"))
    editor = client_for(staff["editor"])
    response = editor.post(url, typed)
    return article, url, typed, editor, response


class TestTheRefusalShowsBothTexts:
    def test_the_other_persons_title_is_shown_beside_the_typed_one(self, refused):
        article, url, typed, editor, response = refused
        html = response.content.decode()
        assert response.status_code == 200 and "保存被拒绝" in html
        assert "审核人的标题" in html and "编辑的标题" in html
        assert "标题(对方改过)" in html
        assert "编辑的正文" in html  # the typed body stays in the form

    def test_the_keep_mine_button_carries_the_new_version_number(self, refused):
        article, url, typed, editor, response = refused
        article.refresh_from_db()
        assert f'name="_keep_mine" value="{article.version}"' in response.content.decode()

    def test_saving_again_without_choosing_is_refused_again(self, refused):
        article, url, typed, editor, response = refused
        again = editor.post(url, typed)
        assert again.status_code == 200 and "保存被拒绝" in again.content.decode()


class TestKeepMine:
    def test_keep_mine_saves_the_typed_text_over_the_other_change(self, refused):
        article, url, typed, editor, response = refused
        article.refresh_from_db()
        kept = editor.post(url, {**typed, "_keep_mine": str(article.version)})
        assert kept.status_code == 302 and kept["Location"] == url
        saved = Article.objects.get(pk=article.pk)
        assert saved.title == "编辑的标题" and saved.body == "<p>编辑的正文。</p>"
        assert saved.version == article.version + 1

    def test_the_other_persons_version_stays_in_the_revisions(self, refused):
        article, url, typed, editor, response = refused
        article.refresh_from_db()
        editor.post(url, {**typed, "_keep_mine": str(article.version)})
        versions = list(Version.objects.get_for_object(article))
        assert versions[0].revision.comment == "修改(覆盖了并发的修改)"
        assert versions[1].field_dict["title"] == "审核人的标题"
        edits = AuditEntry.objects.filter(action="edit", object_id=str(article.pk))
        assert sorted(edits.values_list("username", flat=True)) == ["editor", "reviewer"]

    def test_keep_mine_from_an_older_refusal_is_refused_when_a_third_save_came_in(self, refused, staff):
        article, url, typed, editor, response = refused
        article.refresh_from_db()
        seen = article.version
        client_for(staff["admin"]).post(url, change_form_data(article, title="第三人的标题"))
        again = editor.post(url, {**typed, "_keep_mine": str(seen)})
        html = again.content.decode()
        assert again.status_code == 200 and "第三人的标题" in html and "编辑的标题" in html
        assert Article.objects.get(pk=article.pk).title == "第三人的标题"

    def test_a_made_up_version_number_does_not_get_through(self, refused):
        article, url, typed, editor, response = refused
        again = editor.post(url, {**typed, "_keep_mine": "999"})
        assert again.status_code == 200
        assert Article.objects.get(pk=article.pk).title == "审核人的标题"


class TestReload:
    def test_the_latest_version_opens_in_a_new_window_so_the_form_stays(self, refused):
        article, url, typed, editor, response = refused
        html = response.content.decode()
        assert f'href="{url}" target="_blank"' in html and "在新窗口打开最新版本" in html

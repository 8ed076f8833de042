"""Nothing lost: every save is a revision, revisions can be compared and
restored, and a second editor's stale save is refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.editorial.services import ConcurrentEditError, WorkflowError, article_revert, article_save, article_submit
from news.models import Article, AuditEntry, Column
from news.templatetags.people import person_name

from ...conftest import change_form_data, client_for

pytestmark = pytest.mark.django_db


def versions_of(article):
    return list(Version.objects.get_for_object(article))  # newest first


def edit(article, user, **changes):
    fresh = Article.objects.get(pk=article.pk)
    expected = fresh.version
    for name, value in changes.items():
        setattr(fresh, name, value)
    return article_save(article=fresh, actor=user, expected_version=expected)


class TestEverySaveIsARevision:
    def test_creating_editing_and_submitting_each_leave_a_revision(self, make_draft, staff):
        article = make_draft(title="初稿")
        edit(article, staff["editor"], title="二稿")
        article_submit(article=Article.objects.get(pk=article.pk), actor=staff["editor"])
        versions = versions_of(article)
        assert [v.revision.comment for v in versions] == ["提交审核", "修改", "新建"]
        assert [v.field_dict["title"] for v in versions] == ["二稿", "二稿", "初稿"]
        assert all(v.revision.user == staff["editor"] for v in versions)

    def test_the_revision_list_shows_each_save(self, make_draft, staff):
        article = make_draft(title="初稿")
        edit(article, staff["editor"], title="二稿")
        page = client_for(staff["editor"]).get(reverse("admin:news_article_revisions", args=[article.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count("与当前内容对比") == 2 and "新建" in html and "修改" in html


class TestDiff:
    def test_the_diff_shows_changed_title_body_and_metadata_side_by_side(self, make_draft, staff):
        article = make_draft(title="初稿标题", body="<p>第一段。</p><p>第二段。</p>", author="张三")
        edit(article, staff["editor"], title="改后标题", body="<p>第一段。</p><p>第二段改了。</p>", author="李四")
        first = versions_of(article)[-1]
        page = client_for(staff["editor"]).get(reverse("admin:news_article_revision", args=[article.pk, first.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert "初稿标题" in html and "改后标题" in html
        assert "张三" in html and "李四" in html and "作者(有改动)" in html
        assert '<tr class="changed">' in html and "<ins>改了</ins>" in html
        assert "栏目(有改动)" not in html

    def test_two_earlier_revisions_can_be_compared(self, make_draft, staff):
        article = make_draft(title="一稿")
        edit(article, staff["editor"], title="二稿")
        edit(article, staff["editor"], title="三稿")
        third, second, first = versions_of(article)
        url = reverse("admin:news_article_revision", args=[article.pk, first.pk]) + f"?to={second.pk}"
        html = client_for(staff["editor"]).get(url).content.decode()
        assert "一稿" in html and "二稿" in html and "<td>三稿</td>" not in html

    def test_each_side_says_when_and_by_whom_it_was_saved_or_that_it_is_the_current_content(self, make_draft, staff):
        article = make_draft(title="一稿")
        edit(article, staff["editor"], title="二稿")
        second, first = versions_of(article)
        client = client_for(staff["editor"])
        url = reverse("admin:news_article_revision", args=[article.pk, first.pk])

        def side(version):
            saved = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
            number = version.field_dict["version"]
            return f"{saved} {person_name(version.revision.user)} 保存的版本(版本 {number},{version.revision.comment})"

        against_current = client.get(url).content.decode()
        current = Article.objects.get(pk=article.pk)
        assert f"左:{side(first)}。<br>" in against_current
        assert (
            f"右:当前内容(版本 {current.version},{person_name(current.updated_by)} 最后修改)。</p>" in against_current
        )
        against_second = client.get(f"{url}?to={second.pk}").content.decode()
        assert f"右:{side(second)}。</p>" in against_second

    def test_the_text_diff_shows_the_words_and_the_rendered_versions_show_the_markup(self, make_draft, staff):
        article = make_draft(body="<p>原文</p>")
        edit(article, staff["editor"], body="<p><strong>加粗</strong></p>")
        first = versions_of(article)[-1]
        html = (
            client_for(staff["editor"])
            .get(reverse("admin:news_article_revision", args=[article.pk, first.pk]))
            .content.decode()
        )
        assert "&lt;strong&gt;" not in html and "&lt;p&gt;" not in html
        assert "<del>原文</del>" in html and "<ins>加粗</ins>" in html
        assert '<td class="rendered-new"><p><strong>加粗</strong></p></td>' in html

    def test_a_stored_revision_with_a_script_is_rendered_sanitised(self, make_draft, staff):
        import json

        article = make_draft(body="<p>原文</p>")
        edit(article, staff["editor"], body="<p>新文</p>")
        first = versions_of(article)[-1]
        data = json.loads(first.serialized_data)
        data[0]["fields"]["body"] = '<p>旧</p><script>alert(1)</script><img src=x onerror="alert(2)">'
        Version.objects.filter(pk=first.pk).update(serialized_data=json.dumps(data))
        html = (
            client_for(staff["editor"])
            .get(reverse("admin:news_article_revision", args=[article.pk, first.pk]))
            .content.decode()
        )
        assert "<script>alert(1)" not in html and "onerror" not in html
        assert '<img src="x">' in html


class TestRestore:
    def test_restoring_an_earlier_revision_brings_back_its_content_as_a_new_revision(self, make_draft, staff):
        article = make_draft(title="初稿", body="<p>原来的正文</p>")
        edit(article, staff["editor"], title="改坏了", body="<p>误删</p>")
        first = versions_of(article)[-1]
        response = client_for(staff["editor"]).post(
            reverse("admin:news_article_revision_revert", args=[article.pk, first.pk])
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "初稿" and article.body == "<p>原来的正文</p>"
        assert len(versions_of(article)) == 3
        assert versions_of(article)[0].revision.comment.startswith("恢复到")
        assert AuditEntry.objects.filter(action="revert", object_id=str(article.pk)).exists()

    def test_restoring_does_not_change_the_workflow_state(self, make_draft, staff):
        article = make_draft(title="初稿")
        first = versions_of(article)[-1]
        article = article_submit(article=article, actor=staff["editor"])
        article_revert(article=article, version=first, actor=staff["reviewer"])
        article.refresh_from_db()
        assert article.status == "submitted"

    def test_an_auditor_may_look_but_not_restore(self, make_draft, staff):
        article = make_draft(title="初稿")
        edit(article, staff["editor"], title="二稿")
        first = versions_of(article)[-1]
        client = client_for(staff["auditor"])
        page = client.get(reverse("admin:news_article_revision", args=[article.pk, first.pk])).content.decode()
        assert "恢复到左侧版本" not in page
        response = client.post(reverse("admin:news_article_revision_revert", args=[article.pk, first.pk]))
        article.refresh_from_db()
        assert response.status_code == 403 and article.title == "二稿"

    def test_a_revision_of_another_article_cannot_be_restored_into_this_one(self, make_draft, staff):
        mine = make_draft(title="我的")
        other = make_draft(title="别人的")
        url = reverse("admin:news_article_revision_revert", args=[mine.pk, versions_of(other)[0].pk])
        assert client_for(staff["editor"]).post(url).status_code == 404
        mine.refresh_from_db()
        assert mine.title == "我的"


class TestRestoringChecksTheColumn:
    """A revision saved in another column moves the article back there: that
    needs the right to work in that column, like moving it by hand."""

    def moved_into_my_column(self, make_draft, staff):
        article = make_draft(title="别处写的", column="headlines", user=staff["admin"])
        edit(article, staff["admin"], column_id=Column.objects.get(slug="dongtai").pk)
        article.refresh_from_db()
        assert article.column.slug == "dongtai"
        return article, versions_of(article)[-1]

    def test_an_editor_cannot_restore_a_revision_from_a_column_they_may_not_manage(self, make_draft, staff):
        article, first = self.moved_into_my_column(make_draft, staff)
        with pytest.raises(PermissionDenied, match="栏目"):
            article_revert(article=article, version=first, actor=staff["editor"])
        article.refresh_from_db()
        assert article.column.slug == "dongtai" and len(versions_of(article)) == 2

    def test_the_admin_refuses_it_with_403_and_keeps_the_article_where_it_is(self, make_draft, staff):
        article, first = self.moved_into_my_column(make_draft, staff)
        url = reverse("admin:news_article_revision_revert", args=[article.pk, first.pk])
        assert client_for(staff["editor"]).post(url).status_code == 403
        article.refresh_from_db()
        assert article.column.slug == "dongtai"
        assert not AuditEntry.objects.filter(action="revert").exists()

    def test_someone_working_in_both_columns_may_restore_it(self, make_draft, staff):
        article, first = self.moved_into_my_column(make_draft, staff)
        article_revert(article=article, version=first, actor=staff["admin"])
        article.refresh_from_db()
        assert article.column.slug == "yaowen"

    def test_a_revision_whose_column_is_gone_is_refused_with_a_message(self, make_draft, staff, columns):
        gone = Column.objects.create(name="已撤销栏目", slug="chexiao", parent=columns["public"])
        article = make_draft(title="旧栏目的稿件", column="news")
        edit(article, staff["editor"], column_id=gone.pk)
        edit(article, staff["editor"], column_id=columns["news"].pk)
        in_gone = versions_of(article)[1]
        gone.delete()
        with pytest.raises(WorkflowError, match="栏目已经不存在"):
            article_revert(article=article, version=in_gone, actor=staff["editor"])


class TestConcurrentEdits:
    def test_the_second_save_from_the_same_starting_version_is_refused(self, make_draft, staff):
        article = make_draft(title="原标题")
        first_copy = Article.objects.get(pk=article.pk)
        second_copy = Article.objects.get(pk=article.pk)
        first_copy.title = "甲的修改"
        article_save(article=first_copy, actor=staff["editor"], expected_version=article.version)
        second_copy.title = "乙的修改"
        with pytest.raises(ConcurrentEditError, match="editor"):
            article_save(article=second_copy, actor=staff["reviewer"], expected_version=article.version)
        article.refresh_from_db()
        assert article.title == "甲的修改"

    def test_in_the_admin_the_second_editor_sees_why_and_a_link_to_the_other_change(self, make_draft, staff):
        article = make_draft(title="原标题")
        url = reverse("admin:news_article_change", args=[article.pk])
        stale = change_form_data(article, title="乙的修改")
        assert client_for(staff["editor"]).post(url, change_form_data(article, title="甲的修改")).status_code == 302
        response = client_for(staff["reviewer"]).post(url, stale)
        html = response.content.decode()
        assert response.status_code == 200
        assert "保存被拒绝" in html and "查看对方的修改" in html
        assert "乙的修改" in html  # the second editor's text is still in the form, not lost
        article.refresh_from_db()
        assert article.title == "甲的修改"
        started = versions_of(article)[-1]
        assert reverse("admin:news_article_revision", args=[article.pk, started.pk]) in html

    def test_a_save_from_the_current_version_goes_through(self, make_draft, staff):
        article = make_draft(title="原标题")
        url = reverse("admin:news_article_change", args=[article.pk])
        client = client_for(staff["editor"])
        client.post(url, change_form_data(article, title="第一次"))
        article.refresh_from_db()
        assert client.post(url, change_form_data(article, title="第二次")).status_code == 302
        article.refresh_from_db()
        assert article.title == "第二次" and article.version == 3

    def test_a_post_without_a_version_is_refused_rather_than_trusted(self, make_draft, staff):
        article = make_draft(title="原标题")
        data = change_form_data(article, title="无版本")
        del data["expected_version"]
        response = client_for(staff["editor"]).post(reverse("admin:news_article_change", args=[article.pk]), data)
        article.refresh_from_db()
        assert response.status_code == 200 and article.title == "原标题"

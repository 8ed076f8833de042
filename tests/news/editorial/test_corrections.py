"""Correcting a published article: a 修订稿 is edited and reviewed while the
published text stays online; approval replaces it (sanitised, re-indexed, the
page cache moved on); rejection returns it; the revisions show both."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.editorial.corrections import (
    correction_approve,
    correction_discard,
    correction_reject,
    correction_save,
    correction_start,
    correction_submit,
)
from news.editorial.services import WordingBlockedError, WorkflowError
from news.models import Article, ArticleCorrection, AuditEntry, Column, CorrectionStatus, Site, WordingRule

from ...conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_article):
    return make_article(title="苏力德苏木召开防火会议", body="<p>会议于6月7日召开。</p>")


def corrected(correction, user, **changes):
    for name, value in changes.items():
        setattr(correction, name, value)
    return correction_save(correction=correction, actor=user, expected_version=correction.version)


def public_text(article):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class TestStartingACorrection:
    def test_it_begins_from_the_published_text_and_changes_nothing_online(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        assert correction.title == published.title and correction.body == published.body
        assert correction.status == CorrectionStatus.DRAFT and correction.base_version == published.version
        assert Article.objects.get(pk=published.pk).version == published.version
        assert AuditEntry.objects.filter(action="edit", object_id=str(published.pk), username="editor").exists()

    def test_starting_twice_gives_the_same_correction(self, published, staff):
        first = correction_start(article=published, actor=staff["editor"])
        assert correction_start(article=published, actor=staff["reviewer"]).pk == first.pk

    def test_a_draft_is_edited_directly_not_corrected(self, make_draft, staff):
        with pytest.raises(WorkflowError, match="只有已发布的文章可以修订"):
            correction_start(article=make_draft(), actor=staff["editor"])

    def test_another_townships_editor_cannot_correct_it(self, published, staff):
        with pytest.raises(PermissionDenied):
            correction_start(article=published, actor=staff["other_editor"])
        assert not ArticleCorrection.objects.exists()


class TestTheLiveArticleWaitsForApproval:
    def test_saving_and_submitting_the_correction_leave_the_public_page_as_it_was(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(
            correction, staff["editor"], title="苏力德苏木召开草原防火会议", body="<p>会议于6月8日召开。</p>"
        )
        correction_submit(correction=correction, actor=staff["editor"])
        html = public_text(published)
        assert "6月7日" in html and "6月8日" not in html
        live = Article.objects.get(pk=published.pk)
        assert live.title == "苏力德苏木召开防火会议" and live.version == published.version

    def test_approval_replaces_the_published_text_and_moves_the_page_cache_on(self, published, staff):
        public_text(published)  # cached for anonymous visitors
        before = Site.objects.default().content_version
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(correction, staff["editor"], body="<p>会议于6月8日召开。</p>")
        correction_submit(correction=correction, actor=staff["editor"])
        article = correction_approve(correction=correction, actor=staff["reviewer"])
        assert article.body == "<p>会议于6月8日召开。</p>" and article.version == published.version + 1
        assert article.status == "published" and article.index_number == published.index_number
        assert Site.objects.get().content_version > before
        assert "6月8日" in public_text(published)
        assert not ArticleCorrection.objects.exists()

    def test_the_correction_is_sanitised_before_it_reaches_the_public_page(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(correction, staff["editor"], body='<p onclick="x()">改正</p><script>alert(1)</script>')
        correction_submit(correction=correction, actor=staff["editor"])
        article = correction_approve(correction=correction, actor=staff["reviewer"])
        assert "<script" not in article.body and "onclick" not in article.body and "改正" in article.body

    def test_an_empty_summary_is_derived_from_the_corrected_body(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        assert correction.summary == ""  # the published one was derived, not written
        correction = corrected(correction, staff["editor"], body="<p>更正后的第一句。</p>")
        correction_submit(correction=correction, actor=staff["editor"])
        assert correction_approve(correction=correction, actor=staff["reviewer"]).summary.startswith("更正后的第一句")


class TestReview:
    @pytest.fixture
    def submitted(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(correction, staff["editor"], title="改后的标题")
        return correction_submit(correction=correction, actor=staff["editor"])

    def test_an_editor_cannot_approve_their_own_correction(self, submitted, staff):
        with pytest.raises(PermissionDenied):
            correction_approve(correction=submitted, actor=staff["editor"])

    def test_a_submitted_correction_is_no_longer_the_editors_to_change(self, submitted, staff):
        with pytest.raises(PermissionDenied):
            corrected(submitted, staff["editor"], title="偷偷再改")

    def test_rejecting_returns_it_with_the_reason_and_the_article_unchanged(self, submitted, published, staff):
        with pytest.raises(WorkflowError, match="必须填写意见"):
            correction_reject(correction=submitted, actor=staff["reviewer"], remark=" ")
        correction = correction_reject(correction=submitted, actor=staff["reviewer"], remark="标题太长")
        assert correction.status == CorrectionStatus.DRAFT and correction.review_remark == "标题太长"
        assert Article.objects.get(pk=published.pk).title == published.title

    def test_discarding_leaves_the_article_as_published(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        correction_discard(correction=corrected(correction, staff["editor"], title="不要了"), actor=staff["editor"])
        assert not ArticleCorrection.objects.exists()
        assert Article.objects.get(pk=published.pk).title == published.title

    def test_a_blocked_word_stops_the_submission(self, published, staff):
        WordingRule.objects.create(phrase="苏木大会", correct_form="苏木人民代表大会", level="block")
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(correction, staff["editor"], body="<p>召开苏木大会。</p>")
        with pytest.raises(WordingBlockedError):
            correction_submit(correction=correction, actor=staff["editor"])

    def test_a_withdrawn_article_cannot_take_an_approved_correction(self, submitted, published, staff):
        from news.editorial.services import article_withdraw

        article_withdraw(article=published, actor=staff["reviewer"], remark="暂时下线")
        with pytest.raises(WorkflowError, match="只有已发布的文章可以修订"):
            correction_approve(correction=submitted, actor=staff["reviewer"])

    def test_a_stale_correction_form_is_refused(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        stale_version = correction.version
        corrected(correction, staff["editor"], title="第一次")
        correction.title = "第二次"
        with pytest.raises(WorkflowError, match="保存被拒绝"):
            correction_save(correction=correction, actor=staff["reviewer"], expected_version=stale_version)


class TestADirectEditAfterTheCorrectionBegan:
    def test_the_correction_page_warns_and_the_approval_records_what_it_replaced(self, published, staff):
        from news.editorial.services import article_save

        correction = correction_start(article=published, actor=staff["editor"])
        live = Article.objects.get(pk=published.pk)
        live.author = "审核人直接补的作者"
        live = article_save(article=live, actor=staff["reviewer"], expected_version=live.version)
        page = client_for(staff["editor"]).get(reverse("admin:news_articlecorrection_change", args=[correction.pk]))
        assert "已发布的文章又被修改过" in page.content.decode()
        correction_submit(correction=correction, actor=staff["editor"])
        correction_approve(correction=correction, actor=staff["reviewer"])
        entry = AuditEntry.objects.get(action="approve", object_id=str(published.pk))
        assert entry.details["replaced_version"] == live.version and entry.details["correction"] == "审核通过"


class TestRevisionsShowBoth:
    def test_the_article_revisions_keep_the_old_text_and_record_the_replacement(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        correction = corrected(correction, staff["editor"], title="改后的标题")
        correction_submit(correction=correction, actor=staff["editor"])
        correction_approve(correction=correction, actor=staff["reviewer"])
        versions = list(Version.objects.get_for_object(published))
        assert versions[0].field_dict["title"] == "改后的标题" and "修订稿审核通过" in versions[0].revision.comment
        assert versions[1].field_dict["title"] == "苏力德苏木召开防火会议"

    def test_the_revisions_page_points_to_a_pending_correction(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        html = client_for(staff["editor"]).get(reverse("admin:news_article_revisions", args=[published.pk]))
        html = html.content.decode()
        assert "待替换的修订稿" in html
        assert reverse("admin:news_articlecorrection_compare", args=[correction.pk]) in html


class TestPurging:
    def test_purging_the_article_removes_its_corrections_revisions_too(self, published, staff):
        from news.editorial.services import article_purge, article_trash, article_withdraw

        correction = correction_start(article=published, actor=staff["editor"])
        correction_submit(correction=corrected(correction, staff["editor"], title="改后"), actor=staff["editor"])
        correction_approve(correction=correction, actor=staff["reviewer"])
        article_withdraw(article=published, actor=staff["reviewer"], remark="下线")
        article_purge(article=article_trash(article=published, actor=staff["reviewer"]), actor=staff["admin"])
        assert not Version.objects.get_for_model(ArticleCorrection).exists()
        assert not Version.objects.get_for_model(Article).exists()


class TestInTheAdmin:
    def test_the_published_articles_page_offers_a_correction_to_its_editor(self, published, staff):
        html = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[published.pk]))
        assert reverse("admin:news_articlecorrection_start", args=[published.pk]) in html.content.decode()

    def test_starting_saving_and_submitting_through_the_admin(self, published, staff):
        client = client_for(staff["editor"])
        start = client.post(reverse("admin:news_articlecorrection_start", args=[published.pk]))
        correction = ArticleCorrection.objects.get()
        url = reverse("admin:news_articlecorrection_change", args=[correction.pk])
        assert start.status_code == 302 and start["Location"] == url
        data = {
            "title": correction.title,
            "subtitle": "",
            "source": correction.source,
            "author": "",
            "summary": "",
            "body": "<p>会议于6月8日召开。</p>",
            "cover_alt": "",
            "expected_version": correction.version,
            "_workflow": "submit",
        }
        response = client.post(url, data)
        assert response["Location"] == reverse("admin:news_articlecorrection_workflow", args=[correction.pk, "submit"])
        assert client.post(response["Location"], {"remark": ""}).status_code == 302
        correction.refresh_from_db()
        assert correction.status == CorrectionStatus.SUBMITTED and "6月8日" in correction.body
        assert "6月7日" in public_text(published)

    def test_the_comparison_shows_the_live_and_the_corrected_text(self, published, staff):
        correction = corrected(
            correction_start(article=published, actor=staff["editor"]), staff["editor"], title="改后的标题"
        )
        html = client_for(staff["editor"]).get(reverse("admin:news_articlecorrection_compare", args=[correction.pk]))
        html = html.content.decode()
        assert "苏力德苏木召开防火会议" in html and "改后的标题" in html and "标题(有改动)" in html

    def test_another_townships_editor_is_refused_the_correction(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        client = client_for(staff["other_editor"])
        assert client.get(reverse("admin:news_articlecorrection_change", args=[correction.pk])).status_code == 403
        url = reverse("admin:news_articlecorrection_workflow", args=[correction.pk, "discard"])
        assert client.post(url).status_code == 403
        assert ArticleCorrection.objects.exists()

    def test_an_editor_is_refused_the_approval_step(self, published, staff):
        correction = correction_start(article=published, actor=staff["editor"])
        url = reverse("admin:news_articlecorrection_workflow", args=[correction.pk, "approve"])
        assert client_for(staff["editor"]).post(url).status_code == 403


class TestReadOnlyPagesShowTheBodyAsRead:
    def test_an_editor_opening_a_published_article_sees_the_body_rendered_not_as_source(self, make_article, staff):
        article = make_article(body="<p>会议于<strong>6月7日</strong>召开。</p>")
        html = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk]))
        html = html.content.decode()
        assert "<strong>6月7日</strong>" in html
        assert "&lt;strong&gt;" not in html and "&lt;p&gt;" not in html


class TestTheCorrectionList:
    def test_each_user_lists_the_corrections_of_their_columns_and_the_auditor_reads_them(self, make_article, staff):
        mine = correction_start(article=make_article(title="本苏木的文章"), actor=staff["editor"])
        correction_start(
            article=make_article(title="要闻栏目的文章", column=Column.objects.get(slug="yaowen")),
            actor=staff["other_editor"],
        )
        listing = reverse("admin:news_articlecorrection_changelist")
        html = client_for(staff["editor"]).get(listing).content.decode()
        assert "本苏木的文章" in html and "要闻栏目的文章" not in html
        auditor = client_for(staff["auditor"])
        assert "要闻栏目的文章" in auditor.get(listing).content.decode()
        page = auditor.get(reverse("admin:news_articlecorrection_change", args=[mine.pk]))
        assert page.status_code == 200 and 'name="_workflow"' not in page.content.decode()

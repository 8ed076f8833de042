"""Each workflow transition, through the service functions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from news.editorial.services import (
    WorkflowError,
    article_approve,
    article_publish,
    article_reject,
    article_submit,
    article_withdraw,
)
from news.models import Article, ArticleStatus, AuditEntry

pytestmark = pytest.mark.django_db
S = ArticleStatus


def actions_on(article):
    return list(AuditEntry.objects.filter(object_id=str(article.pk)).order_by("id").values_list("action", flat=True))


class TestDraftToSubmitted:
    def test_an_editor_submits_a_draft_for_review(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        assert article.status == S.SUBMITTED
        assert not Article.objects.published().exists()

    def test_a_submitted_article_cannot_be_submitted_again(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        with pytest.raises(WorkflowError, match="只有草稿或已撤稿"):
            article_submit(article=article, actor=staff["editor"])

    def test_an_auditor_cannot_submit(self, make_draft, staff):
        with pytest.raises(PermissionDenied):
            article_submit(article=make_draft(), actor=staff["auditor"])


class TestSubmittedToPublished:
    def test_a_reviewer_approves_and_the_article_is_public_with_an_index_number(self, make_draft, staff, site):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        article = article_approve(article=article, actor=staff["reviewer"])
        assert article.status == S.PUBLISHED
        assert article.index_number.startswith(f"{site.index_prefix}/")
        assert list(Article.objects.published()) == [article]
        assert actions_on(article) == ["create", "submit", "approve", "publish"]

    def test_an_editor_cannot_approve_even_their_own_submission(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        with pytest.raises(PermissionDenied):
            article_approve(article=article, actor=staff["editor"])
        article.refresh_from_db()
        assert article.status == S.SUBMITTED

    def test_an_editor_cannot_publish_a_draft_directly(self, make_draft, staff):
        with pytest.raises(PermissionDenied):
            article_publish(article=make_draft(), actor=staff["editor"])
        assert not Article.objects.published().exists()

    def test_a_draft_cannot_be_approved_without_being_submitted(self, make_draft, staff):
        with pytest.raises(WorkflowError, match="只有待审核"):
            article_approve(article=make_draft(), actor=staff["reviewer"])

    def test_a_reviewer_may_publish_a_draft_directly(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        assert article.is_public

    def test_approving_with_a_future_time_schedules_the_article(self, make_draft, staff):
        later = timezone.now() + timedelta(hours=2)
        article = article_submit(article=make_draft(published_at=later), actor=staff["editor"])
        article = article_approve(article=article, actor=staff["reviewer"])
        assert article.status == S.PUBLISHED and article.is_scheduled
        assert not Article.objects.published().exists()


class TestRejection:
    def test_a_reviewer_sends_a_submission_back_to_draft_with_a_remark(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        article = article_reject(article=article, actor=staff["reviewer"], remark="第二段时间有误")
        assert article.status == S.DRAFT
        assert article.review_remark == "第二段时间有误"
        entry = AuditEntry.objects.get(action="reject")
        assert entry.remark == "第二段时间有误" and entry.user == staff["reviewer"]

    def test_rejecting_without_a_remark_is_refused(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        with pytest.raises(WorkflowError, match="必须填写意见"):
            article_reject(article=article, actor=staff["reviewer"], remark="   ")
        article.refresh_from_db()
        assert article.status == S.SUBMITTED

    def test_resubmitting_clears_the_old_remark(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        article_reject(article=article, actor=staff["reviewer"], remark="请补充图片")
        article = article_submit(article=article, actor=staff["editor"])
        assert article.review_remark == ""


class TestWithdrawal:
    def test_a_reviewer_withdraws_a_published_article_and_it_leaves_the_site(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        number = article.index_number
        article = article_withdraw(article=article, actor=staff["reviewer"], remark="信息有误")
        assert article.status == S.WITHDRAWN
        assert article.index_number == number
        assert not Article.objects.published().exists()

    def test_withdrawing_needs_a_reason(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        with pytest.raises(WorkflowError):
            article_withdraw(article=article, actor=staff["reviewer"], remark="")

    def test_an_editor_cannot_withdraw(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        with pytest.raises(PermissionDenied):
            article_withdraw(article=article, actor=staff["editor"], remark="想撤")

    def test_a_withdrawn_article_goes_through_review_again_and_keeps_its_index_number(self, make_draft, staff):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        number = article.index_number
        article_withdraw(article=article, actor=staff["reviewer"], remark="修改后重发")
        article = article_submit(article=article, actor=staff["editor"])
        article = article_approve(article=article, actor=staff["reviewer"])
        assert article.is_public and article.index_number == number

    def test_a_draft_cannot_be_withdrawn(self, make_draft, staff):
        with pytest.raises(WorkflowError, match="只有已发布"):
            article_withdraw(article=make_draft(), actor=staff["reviewer"], remark="x")


class TestColumns:
    def test_staff_cannot_act_on_another_townships_column(self, make_draft, staff):
        article = make_draft(column="headlines", user=staff["other_editor"])
        with pytest.raises(PermissionDenied, match="栏目"):
            article_submit(article=article, actor=staff["editor"])

    def test_an_assigned_column_includes_the_columns_below_it(self, make_draft, staff):
        article = make_draft(column="notices")  # 通知公告 is under 公开
        assert article_submit(article=article, actor=staff["editor"]).status == S.SUBMITTED

    def test_staff_without_assigned_columns_can_create_nothing(self, make_staff, make_draft):
        loner = make_staff("loner", "编辑")
        with pytest.raises(PermissionDenied):
            make_draft(user=loner)

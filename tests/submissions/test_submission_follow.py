"""An accepted original is edited or withdrawn: the banner's copy is updated
(and withdrawn) when the banner says 直接更新, else flagged for its reviewers.
The follow-up runs after the township's save is committed."""

import pytest
from django.core.exceptions import PermissionDenied

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_trash, article_withdraw
from news.models import Article, ArticleStatus, AuditAction, AuditEntry, SubmissionUpdates
from submissions.models import OriginalChange, SubmissionStatus
from submissions.services import SubmissionError, submission_accept, submission_flag_clear, submission_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(people, original, target):
    submission = submission_send(article=original, column=target, actor=people["editor"])
    return submission_accept(submission=submission, actor=people["banner_reviewer"])


def edit(article, committed, **changes):
    article = Article.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    with committed(execute=True):
        article_save(article=article, actor=SYSTEM)


def withdraw(article, committed):
    with committed(execute=True):
        article_withdraw(article=Article.objects.get(pk=article.pk), actor=SYSTEM, remark="数据有误")


@pytest.fixture
def updates(banner):
    banner.submission_updates = SubmissionUpdates.UPDATE
    banner.save()


class TestUpdateMode:
    def test_an_edit_of_the_original_updates_the_copy(
        self, updates, accepted, original, django_capture_on_commit_callbacks
    ):
        edit(
            original, django_capture_on_commit_callbacks, title="苏力德苏木开展草原防火应急演练", body="<p>新正文。</p>"
        )
        copy = Article.objects.get(pk=accepted.copy_id)
        assert copy.title == "苏力德苏木开展草原防火应急演练"
        assert copy.body == "<p>新正文。</p>"
        assert copy.is_public
        accepted.refresh_from_db()
        assert accepted.original_changed == ""

    def test_the_update_is_audited_on_the_banner_site(
        self, updates, accepted, original, banner, django_capture_on_commit_callbacks
    ):
        edit(original, django_capture_on_commit_callbacks, title="新标题")
        entry = AuditEntry.objects.get(action=AuditAction.SUBMISSION_FOLLOW)
        assert entry.site == banner
        assert entry.details["fields"] == ["title"]

    def test_a_withdrawal_of_the_original_withdraws_the_copy(
        self, updates, accepted, original, django_capture_on_commit_callbacks
    ):
        withdraw(original, django_capture_on_commit_callbacks)
        copy = Article.objects.get(pk=accepted.copy_id)
        assert copy.status == ArticleStatus.WITHDRAWN

    def test_a_save_that_changes_nothing_the_copy_shows_leaves_it_alone(
        self, updates, accepted, original, django_capture_on_commit_callbacks
    ):
        version = Article.objects.get(pk=accepted.copy_id).version
        edit(original, django_capture_on_commit_callbacks, source="另一个来源")
        assert Article.objects.get(pk=accepted.copy_id).version == version


class TestFlagMode:
    def test_flag_is_the_default(self, banner):
        assert banner.submission_updates == SubmissionUpdates.FLAG

    def test_an_edit_of_the_original_flags_the_submission_and_leaves_the_copy(
        self, accepted, original, django_capture_on_commit_callbacks
    ):
        edit(original, django_capture_on_commit_callbacks, title="新标题")
        accepted.refresh_from_db()
        assert accepted.original_changed == OriginalChange.CHANGED
        assert Article.objects.get(pk=accepted.copy_id).title == "苏力德苏木开展草原防火演练"

    def test_a_withdrawal_of_the_original_flags_it_and_the_copy_stays_public(
        self, accepted, original, django_capture_on_commit_callbacks
    ):
        withdraw(original, django_capture_on_commit_callbacks)
        accepted.refresh_from_db()
        assert accepted.original_changed == OriginalChange.WITHDRAWN
        assert Article.objects.get(pk=accepted.copy_id).is_public

    def test_a_reviewer_clears_the_flag_and_only_a_later_edit_raises_it_again(
        self, people, accepted, original, django_capture_on_commit_callbacks
    ):
        edit(original, django_capture_on_commit_callbacks, title="新标题")
        submission_flag_clear(submission=accepted, actor=people["banner_reviewer"])
        accepted.refresh_from_db()
        assert accepted.original_changed == ""
        edit(original, django_capture_on_commit_callbacks, source="另一个来源")  # nothing the copy shows
        accepted.refresh_from_db()
        assert accepted.original_changed == ""
        edit(original, django_capture_on_commit_callbacks, body="<p>又改了。</p>")
        accepted.refresh_from_db()
        assert accepted.original_changed == OriginalChange.CHANGED

    def test_clearing_needs_a_flag(self, people, accepted):
        with pytest.raises(SubmissionError, match="没有需要处理的原文变更"):
            submission_flag_clear(submission=accepted, actor=people["banner_reviewer"])

    def test_a_township_editor_cannot_clear_the_flag(
        self, people, accepted, original, django_capture_on_commit_callbacks
    ):
        edit(original, django_capture_on_commit_callbacks, title="新标题")
        with pytest.raises(PermissionDenied):
            submission_flag_clear(submission=accepted, actor=people["editor"])


class TestPendingSubmissions:
    def test_a_pending_submission_of_a_withdrawn_original_is_withdrawn(
        self, people, original, target, django_capture_on_commit_callbacks
    ):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        withdraw(original, django_capture_on_commit_callbacks)
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.WITHDRAWN

    def test_an_original_moved_to_the_trash_after_withdrawal_keeps_the_copy_withdrawn(
        self, updates, accepted, original, django_capture_on_commit_callbacks
    ):
        withdraw(original, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            article_trash(article=Article.objects.get(pk=original.pk), actor=SYSTEM)
        assert Article.objects.get(pk=accepted.copy_id).status == ArticleStatus.WITHDRAWN

    def test_the_township_save_is_committed_before_the_copy_follows(
        self, updates, accepted, original, django_capture_on_commit_callbacks
    ):
        article = Article.objects.get(pk=original.pk)
        article.title = "新标题"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article_save(article=article, actor=SYSTEM)
            assert Article.objects.get(pk=accepted.copy_id).title != "新标题"
        assert len(callbacks) >= 1


class TestFailures:
    def test_a_failing_follow_up_leaves_the_townships_save_committed(
        self, updates, accepted, original, monkeypatch, django_capture_on_commit_callbacks
    ):
        from submissions import services

        def broken(**kwargs):
            raise RuntimeError("the banner's copy could not be written")

        monkeypatch.setattr(services, "submission_follow", broken)
        edit(original, django_capture_on_commit_callbacks, title="新标题")
        assert Article.objects.get(pk=original.pk).title == "新标题"
        assert Article.objects.get(pk=accepted.copy_id).title == "苏力德苏木开展草原防火演练"

import pytest
from django.core.exceptions import PermissionDenied

from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from news.models import ArticleStatus, AuditAction, AuditEntry, Column
from submissions.models import Submission, SubmissionStatus
from submissions.services import SubmissionError, submission_accept, submission_return, submission_send

pytestmark = pytest.mark.django_db


class TestSending:
    def test_a_township_editor_sends_a_published_article_to_the_banner(self, people, original, target, site):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        assert submission.status == SubmissionStatus.PENDING
        assert submission.from_site == site
        assert submission.column == target
        assert submission.submitted_by == people["editor"]
        assert submission.title == original.title

    def test_sending_is_audited_with_the_township_site(self, people, original, target, site):
        submission_send(article=original, column=target, actor=people["editor"])
        entry = AuditEntry.objects.get(action=AuditAction.SUBMISSION_SEND)
        assert entry.site == site
        assert entry.user == people["editor"]
        assert entry.details["to_column"] == "乡镇动态"


class TestSendingRefused:
    def test_an_unpublished_article_cannot_be_sent(self, people, make_article, target):
        draft = make_article(title="草稿", status=ArticleStatus.DRAFT)
        with pytest.raises(SubmissionError, match="只有已发布的文章可以报送"):
            submission_send(article=draft, column=target, actor=people["editor"])

    def test_a_withdrawn_article_cannot_be_sent(self, people, original, target):
        article_withdraw(article=original, actor=SYSTEM, remark="有误")
        with pytest.raises(SubmissionError, match="只有已发布的文章可以报送"):
            submission_send(article=original, column=target, actor=people["editor"])

    def test_a_column_that_does_not_accept_submissions_is_refused(self, people, original, banner):
        closed = Column.objects.create(site=banner, name="旗内要闻", slug="yaowen")
        with pytest.raises(SubmissionError, match="不接收报送"):
            submission_send(article=original, column=closed, actor=people["editor"])

    def test_a_column_of_a_township_site_is_refused_even_if_flagged(self, people, original, site):
        own = Column.objects.create(site=site, name="本站", slug="benzhan")
        Column.objects.filter(pk=own.pk).update(accepts_submissions=True)  # past the model's validation
        own.refresh_from_db()
        with pytest.raises(SubmissionError, match="不接收报送"):
            submission_send(article=original, column=own, actor=people["editor"])

    def test_the_same_article_is_not_sent_twice_to_the_same_column_while_open(self, people, original, target):
        submission_send(article=original, column=target, actor=people["editor"])
        with pytest.raises(SubmissionError, match="正在审核或已被采用"):
            submission_send(article=original, column=target, actor=people["editor"])
        assert Submission.objects.count() == 1

    def test_an_accepted_article_is_not_sent_again(self, people, original, target):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        submission_accept(submission=submission, actor=people["banner_reviewer"])
        with pytest.raises(SubmissionError, match="正在审核或已被采用"):
            submission_send(article=original, column=target, actor=people["editor"])

    def test_a_returned_article_may_be_sent_again(self, people, original, target):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        submission_return(submission=submission, actor=people["banner_reviewer"], remark="请补充图片")
        again = submission_send(article=original, column=target, actor=people["editor"])
        assert again.status == SubmissionStatus.PENDING

    def test_the_banners_copy_cannot_be_sent(self, people, original, target, banner, make_staff):
        submission = submission_send(article=original, column=target, actor=people["editor"])
        copy = submission_accept(submission=submission, actor=people["banner_reviewer"]).copy
        other = Column.objects.create(site=banner, name="其他", slug="qita", accepts_submissions=True)
        with pytest.raises(SubmissionError, match="不能再次报送"):
            submission_send(article=copy, column=other, actor=SYSTEM)

    def test_staff_who_do_not_work_in_the_column_are_refused(self, people, original, target, site):
        from news.models import SiteMembership

        SiteMembership.objects.get_or_create(site=site, user=people["other_editor"])
        with pytest.raises(PermissionDenied):
            submission_send(article=original, column=target, actor=people["other_editor"])

    def test_staff_who_are_not_members_of_the_township_site_are_refused(self, people, original, target):
        from news.models import SiteMembership

        SiteMembership.objects.filter(user=people["editor"]).delete()
        with pytest.raises(PermissionDenied):
            submission_send(article=original, column=target, actor=people["editor"])

    def test_staff_without_the_submit_permission_are_refused(self, people, original, target, site):
        from news.models import SiteMembership

        SiteMembership.objects.get_or_create(site=site, user=people["auditor"])
        with pytest.raises(PermissionDenied):
            submission_send(article=original, column=target, actor=people["auditor"])

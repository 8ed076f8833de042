import pytest
from django.core.exceptions import PermissionDenied

from news.models import Article, AuditAction, AuditEntry
from submissions.models import SubmissionStatus
from submissions.services import SubmissionError, submission_accept, submission_return, submission_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(people, original, target):
    return submission_send(article=original, column=target, actor=people["editor"])


class TestAccepting:
    def test_accepting_publishes_a_copy_in_the_target_column(self, people, sent, original, target):
        submission = submission_accept(submission=sent, actor=people["banner_reviewer"])
        copy = submission.copy
        assert submission.status == SubmissionStatus.ACCEPTED
        assert submission.decided_by == people["banner_reviewer"]
        assert copy.column == target
        assert copy.is_public
        assert (copy.title, copy.body, copy.author) == (original.title, original.body, "茜沁")

    def test_the_copy_names_the_township_as_its_source_and_links_to_the_original(self, people, sent, original):
        copy = submission_accept(submission=sent, actor=people["banner_reviewer"]).copy
        assert copy.source == "乌审旗苏力德苏木人民政府"
        assert copy.original_url == f"https://www.example.gov.cn/article/{original.pk}/"

    def test_the_copy_gets_a_revision_and_an_index_number_like_any_published_article(self, people, sent):
        copy = submission_accept(submission=sent, actor=people["banner_reviewer"]).copy
        assert copy.index_number
        assert copy.version >= 1

    def test_accepting_is_audited_with_the_banner_site(self, people, sent, banner):
        submission_accept(submission=sent, actor=people["banner_reviewer"])
        entry = AuditEntry.objects.get(action=AuditAction.SUBMISSION_ACCEPT)
        assert entry.site == banner
        assert entry.user == people["banner_reviewer"]

    def test_the_copy_appears_on_the_banner_site_and_not_on_the_township(self, people, sent, client):
        from tests.submissions.conftest import BANNER_HOST

        copy = submission_accept(submission=sent, actor=people["banner_reviewer"]).copy
        response = client.get(f"/article/{copy.pk}/", HTTP_HOST=BANNER_HOST)
        assert response.status_code == 200
        assert f'href="{copy.original_url}"' in response.content.decode()
        assert client.get(f"/article/{copy.pk}/").status_code == 404

    def test_a_submission_is_accepted_once(self, people, sent):
        submission_accept(submission=sent, actor=people["banner_reviewer"])
        with pytest.raises(SubmissionError, match="只有待审核的报送可以处理"):
            submission_accept(submission=sent, actor=people["banner_reviewer"])
        assert Article.objects.filter(source="乌审旗苏力德苏木人民政府", column__site__is_platform=True).count() == 1

    def test_an_original_withdrawn_meanwhile_cannot_be_accepted(self, people, sent, original):
        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_withdraw

        article_withdraw(article=original, actor=SYSTEM, remark="有误")  # its follow-up runs after commit only
        with pytest.raises(SubmissionError, match="原文已不再公开"):
            submission_accept(submission=sent, actor=people["banner_reviewer"])

    def test_a_reviewer_of_a_township_site_cannot_accept(self, people, sent):
        with pytest.raises(PermissionDenied):
            submission_accept(submission=sent, actor=people["township_reviewer"])

    def test_a_township_editor_cannot_accept(self, people, sent):
        with pytest.raises(PermissionDenied):
            submission_accept(submission=sent, actor=people["editor"])

    def test_a_superuser_may_accept(self, people, sent):
        assert submission_accept(submission=sent, actor=people["admin"]).status == SubmissionStatus.ACCEPTED


class TestReturning:
    def test_returning_keeps_the_remark_for_the_township(self, people, sent):
        submission = submission_return(submission=sent, actor=people["banner_reviewer"], remark=" 请补充图片 ")
        assert submission.status == SubmissionStatus.RETURNED
        assert submission.remark == "请补充图片"
        assert submission.copy is None

    def test_returning_needs_a_remark(self, people, sent):
        with pytest.raises(SubmissionError, match="必须填写意见"):
            submission_return(submission=sent, actor=people["banner_reviewer"], remark="  ")
        sent.refresh_from_db()
        assert sent.status == SubmissionStatus.PENDING

    def test_returning_is_audited_with_the_banner_site(self, people, sent, banner):
        submission_return(submission=sent, actor=people["banner_reviewer"], remark="请补充图片")
        entry = AuditEntry.objects.get(action=AuditAction.SUBMISSION_RETURN)
        assert (entry.site, entry.remark) == (banner, "请补充图片")

    def test_an_accepted_submission_cannot_be_returned(self, people, sent):
        submission_accept(submission=sent, actor=people["banner_reviewer"])
        with pytest.raises(SubmissionError, match="只有待审核的报送可以处理"):
            submission_return(submission=sent, actor=people["banner_reviewer"], remark="晚了")

    def test_a_township_editor_cannot_return(self, people, sent):
        with pytest.raises(PermissionDenied):
            submission_return(submission=sent, actor=people["editor"], remark="不行")
        sent.refresh_from_db()
        assert sent.status == SubmissionStatus.PENDING

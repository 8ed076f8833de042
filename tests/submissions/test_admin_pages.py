import pytest

from news.models import Article, Column, SiteMembership
from submissions.models import Submission, SubmissionStatus
from submissions.services import submission_accept, submission_return, submission_send
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def send_url(article):
    return f"/admin/submissions/submission/send/{article.pk}/"


def decide_url(submission):
    return f"/admin/submissions/submission/{submission.pk}/decide/"


@pytest.fixture
def sent(people, original, target):
    return submission_send(article=original, column=target, actor=people["editor"])


class TestSendButton:
    def test_the_change_page_of_a_published_article_offers_报送_to_its_township_editor(self, people, original):
        page = client_for(people["editor"]).get(f"/admin/news/article/{original.pk}/change/").content.decode()
        assert f'href="{send_url(original)}"' in page

    def test_a_draft_has_no_报送_button(self, people, make_draft):
        draft = make_draft()
        page = client_for(people["editor"]).get(f"/admin/news/article/{draft.pk}/change/").content.decode()
        assert "submission-send-link" not in page

    def test_staff_of_another_column_get_no_button(self, people, original, site):
        SiteMembership.objects.get_or_create(site=site, user=people["other_editor"])
        response = client_for(people["other_editor"]).get(f"/admin/news/article/{original.pk}/change/")
        assert "submission-send-link" not in response.content.decode()


class TestSendPage:
    def test_it_offers_only_columns_that_accept_submissions(self, people, original, target, banner):
        Column.objects.create(site=banner, name="旗内要闻", slug="yaowen")
        page = client_for(people["editor"]).get(send_url(original)).content.decode()
        assert "乌审旗人民政府 - 乡镇动态" in page
        assert "旗内要闻" not in page

    def test_sending_creates_a_pending_submission_and_returns_to_the_article(self, people, original, target):
        response = client_for(people["editor"]).post(send_url(original), {"column": target.pk})
        assert response.status_code == 302
        assert response["Location"] == f"/admin/news/article/{original.pk}/change/"
        assert Submission.objects.get().status == SubmissionStatus.PENDING

    def test_a_column_that_is_not_offered_is_a_form_error(self, people, original, banner):
        closed = Column.objects.create(site=banner, name="旗内要闻", slug="yaowen")
        response = client_for(people["editor"]).post(send_url(original), {"column": closed.pk})
        assert response.status_code == 400
        assert "请选择一个接收报送的栏目" in response.content.decode()
        assert not Submission.objects.exists()

    def test_sending_twice_is_refused_with_a_message(self, people, original, target, sent):
        response = client_for(people["editor"]).post(send_url(original), {"column": target.pk})
        assert response.status_code == 400
        assert "正在审核或已被采用" in response.content.decode()

    def test_the_page_shows_the_banners_remark_on_a_returned_submission(self, people, original, sent):
        submission_return(submission=sent, actor=people["banner_reviewer"], remark="请补充现场图片")
        page = client_for(people["editor"]).get(send_url(original)).content.decode()
        assert "已退回" in page and "请补充现场图片" in page

    def test_staff_who_may_not_send_get_403(self, people, original, site):
        SiteMembership.objects.get_or_create(site=site, user=people["other_editor"])
        assert client_for(people["other_editor"]).get(send_url(original)).status_code == 403
        assert client_for(people["other_editor"]).post(send_url(original), {"column": 1}).status_code == 403

    def test_a_missing_article_is_404(self, people):
        assert client_for(people["editor"]).get("/admin/submissions/submission/send/999999/").status_code == 404


class TestTheList:
    def test_the_township_sees_its_submissions_with_the_remark(self, people, sent):
        submission_return(submission=sent, actor=people["banner_reviewer"], remark="请补充现场图片")
        page = client_for(people["editor"]).get("/admin/submissions/submission/").content.decode()
        assert "苏力德苏木开展草原防火演练" in page
        assert "请补充现场图片" in page
        assert "submission-decide" not in page

    def test_the_banner_reviewer_sees_pending_submissions_first_with_a_处理_link(
        self, people, sent, make_article, target
    ):
        older = make_article(title="较早的报送")
        done = submission_send(article=older, column=target, actor=people["editor"])
        submission_accept(submission=done, actor=people["banner_reviewer"])
        page = client_for(people["banner_reviewer"]).get("/admin/submissions/submission/").content.decode()
        assert page.index("苏力德苏木开展草原防火演练") < page.index("较早的报送")
        assert f'href="{decide_url(sent)}"' in page
        assert "按月统计" in page

    def test_staff_of_other_sites_see_nothing(self, people, sent):
        page = client_for(people["township_reviewer"]).get("/admin/submissions/submission/").content.decode()
        assert "苏力德苏木开展草原防火演练" not in page

    def test_an_auditor_cannot_open_the_list(self, people):
        assert client_for(people["auditor"]).get("/admin/submissions/submission/").status_code == 403


class TestDecidePage:
    def test_the_reviewer_reads_the_original_and_accepts(self, people, sent):
        client = client_for(people["banner_reviewer"])
        page = client.get(decide_url(sent)).content.decode()
        assert "6月7日,苏力德苏木组织开展演练。" in page
        response = client.post(decide_url(sent), {"action": "accept"})
        assert response.status_code == 302
        sent.refresh_from_db()
        assert sent.status == SubmissionStatus.ACCEPTED
        assert Article.objects.get(pk=sent.copy_id).is_public

    def test_returning_without_a_remark_is_a_400_with_the_reason(self, people, sent):
        response = client_for(people["banner_reviewer"]).post(decide_url(sent), {"action": "return", "remark": ""})
        assert response.status_code == 400
        assert "退回必须填写理由" in response.content.decode()
        sent.refresh_from_db()
        assert sent.status == SubmissionStatus.PENDING

    def test_returning_with_a_remark(self, people, sent):
        response = client_for(people["banner_reviewer"]).post(
            decide_url(sent), {"action": "return", "remark": "请补充现场图片"}
        )
        assert response.status_code == 302
        sent.refresh_from_db()
        assert (sent.status, sent.remark) == (SubmissionStatus.RETURNED, "请补充现场图片")

    def test_accepting_twice_is_a_400(self, people, sent):
        client = client_for(people["banner_reviewer"])
        client.post(decide_url(sent), {"action": "accept"})
        response = client.post(decide_url(sent), {"action": "accept"})
        assert response.status_code == 400
        assert "只有待审核的报送可以处理" in response.content.decode()

    def test_an_unknown_action_is_a_400(self, people, sent):
        response = client_for(people["banner_reviewer"]).post(decide_url(sent), {"action": "delete"})
        assert response.status_code == 400
        assert "没有这个操作" in response.content.decode()

    def test_the_township_editor_cannot_decide(self, people, sent):
        assert client_for(people["editor"]).post(decide_url(sent), {"action": "accept"}).status_code == 403
        sent.refresh_from_db()
        assert sent.status == SubmissionStatus.PENDING

    def test_a_reviewer_of_another_site_gets_404(self, people, sent):
        assert client_for(people["township_reviewer"]).get(decide_url(sent)).status_code == 404

    def test_a_flagged_submission_is_cleared_from_its_page(self, people, sent):
        submission_accept(submission=sent, actor=people["banner_reviewer"])
        Submission.objects.filter(pk=sent.pk).update(original_changed="changed")
        client = client_for(people["banner_reviewer"])
        assert "原文已修改" in client.get(decide_url(sent)).content.decode()
        assert client.post(decide_url(sent), {"action": "clear"}).status_code == 302
        sent.refresh_from_db()
        assert sent.original_changed == ""

"""Every staff page outside the admin asks what the admin asks: an active
staff account, past its second factor where its group requires one
(staff.access.staff_required)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from archive.models import ExportJob
from news.models import ArticleStatus
from tests.conftest import client_for
from tests.media_files import DOCUMENTS, attach, photo_upload

pytestmark = pytest.mark.django_db


def password_only(user):
    """A session of `user` signed in with the password, no code (yet)."""
    TOTPDevice.objects.get_or_create(user=user, name="身份验证器", confirmed=True)
    client = Client()
    client.force_login(user)
    return client


def destaffed(user):
    """`user` signed in, then their staff status removed by an administrator."""
    client = client_for(user)
    User.objects.filter(pk=user.pk).update(is_staff=False)
    return client


def resident(db):
    client = Client()
    client.force_login(User.objects.create_user("resident", password="resident-password-123"))
    return client


@pytest.fixture
def draft(make_draft):
    return make_draft()


@pytest.fixture
def views(staff, draft):
    """Per staff view: (method, url, data, who may use it, who must use two factors)."""
    job = ExportJob.objects.create(user=staff["admin"], fmt="csv")
    attachment = attach(draft, "草稿附件.pdf", DOCUMENTS["pdf"], "pdf")
    return {
        "preview": ("get", reverse("news:article_preview", args=[draft.pk]), None, "reviewer"),
        "image upload": ("post", "/admin/editor/image-upload/", lambda: {"upload": photo_upload()}, "reviewer"),
        "export": ("get", reverse("admin:archive_export"), None, "admin"),
        "export job": ("get", reverse("admin:archive_export_job", args=[job.pk]), None, "admin"),
        "export download": ("get", reverse("admin:archive_export_download", args=[job.pk]), None, "admin"),
        "attachment of a draft": ("get", attachment.get_absolute_url(), None, "reviewer"),
    }


def request(client, spec):
    method, url, data, _ = spec
    return getattr(client, method)(url, data() if data else {})


VIEWS = ["preview", "image upload", "export", "export job", "export download", "attachment of a draft"]


class TestStaffViewsRefuse:
    @pytest.mark.parametrize("view", VIEWS)
    def test_anonymous_visitors(self, views, view):
        assert request(Client(), views[view]).status_code in (302, 403, 404)

    @pytest.mark.parametrize("view", VIEWS)
    def test_signed_in_residents(self, views, view, db):
        assert request(resident(db), views[view]).status_code in (302, 403, 404)

    @pytest.mark.parametrize("view", VIEWS)
    def test_an_account_whose_staff_status_was_removed(self, views, view, staff):
        client = destaffed(staff[views[view][3]])
        assert request(client, views[view]).status_code in (403, 404)

    @pytest.mark.parametrize("view", VIEWS)
    def test_a_password_only_session_of_someone_who_must_use_two_factors(self, views, view, staff):
        response = request(password_only(staff[views[view][3]]), views[view])
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response.url.startswith(reverse("admin:login"))


class TestStaffViewsAllow:
    @pytest.mark.parametrize("view", ["preview", "image upload", "export", "export job", "attachment of a draft"])
    def test_the_same_staff_past_their_second_factor(self, views, view, staff):
        assert request(client_for(staff[views[view][3]]), views[view]).status_code == 200

    def test_the_download_of_an_export_not_made_yet_is_not_found_rather_than_refused(self, views, staff):
        assert request(client_for(staff["admin"]), views["export download"]).status_code == 404

    def test_the_preview_sends_a_password_only_session_to_sign_in_with_the_code(self, views, staff):
        response = request(password_only(staff["reviewer"]), views["preview"])
        assert response.status_code == 302 and response.url.startswith("/admin/login/?next=/preview/")


class TestAttachmentsOfUnpublishedArticles:
    def test_a_reviewer_downloads_the_attachment_of_a_submitted_article(self, make_draft, staff):
        from news.editorial.services import article_submit

        article = article_submit(article=make_draft(), actor=staff["editor"])
        attachment = attach(article, "待审附件.pdf", DOCUMENTS["pdf"], "pdf")
        response = client_for(staff["reviewer"]).get(attachment.get_absolute_url())
        assert response.status_code == 200 and b"".join(response.streaming_content) == DOCUMENTS["pdf"]
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    def test_staff_of_another_column_do_not_find_it(self, draft, staff):
        attachment = attach(draft, "草稿附件.pdf", DOCUMENTS["pdf"], "pdf")
        assert client_for(staff["other_editor"]).get(attachment.get_absolute_url()).status_code == 404

    def test_residents_still_download_attachments_of_public_articles(self, make_article):
        attachment = attach(make_article(status=ArticleStatus.PUBLISHED), "公开.pdf", DOCUMENTS["pdf"], "pdf")
        response = Client().get(attachment.get_absolute_url())
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")

    def test_the_admin_links_the_current_file_to_the_download_view(self, draft, staff):
        attachment = attach(draft, "草稿附件.pdf", DOCUMENTS["pdf"], "pdf")
        page = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[draft.pk])).content.decode()
        assert f'href="{attachment.get_absolute_url()}"' in page
        assert f'href="/media/{attachment.file.name}"' not in page


class TestAdminPagesShareTheRule:
    """The admin's own pages (网站体检 among them) go through admin_view,
    which asks the same staff.access rule."""

    @pytest.fixture
    def health_url(self):
        return reverse("admin:health_sitehealth_changelist")

    def test_the_site_health_page_sends_a_password_only_superuser_to_sign_in(self, staff, health_url):
        response = password_only(staff["admin"]).get(health_url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))

    def test_the_site_health_page_refuses_a_destaffed_superuser(self, staff, health_url):
        response = destaffed(staff["admin"]).get(health_url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))

    def test_the_site_health_page_opens_for_a_verified_superuser(self, staff, health_url):
        assert client_for(staff["admin"]).get(health_url).status_code == 200

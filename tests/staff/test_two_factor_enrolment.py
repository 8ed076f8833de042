"""Binding an authenticator: never trust-on-first-use for somebody who has only
the password. A first authenticator of whoever must use two factors is bound
only through an administrator's one-time link."""

import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import AuditEntry
from staff.enrolment import enrolment_link_issue
from staff.forms import INVALID_LOGIN
from staff.models import EnrolmentLink
from tests.conftest import PASSWORD, client_for, current_code

pytestmark = pytest.mark.django_db
SETUP = "/admin/two-factor/"


def login(client, username, token=""):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD, "otp_token": token})


def link_path(token):
    return f"/admin/two-factor/link/{token}/"


def shown_device(client):
    """Open the setup page; the unconfirmed device whose secret it showed."""
    page = client.get(SETUP)
    assert page.status_code == 200 and "两步验证二维码" in page.content.decode()
    return TOTPDevice.objects.get(pk=client.session["staff_enrolment_device"])


class TestPasswordAloneCannotEnrol:
    def test_a_reviewer_signed_in_with_the_password_alone_sees_no_secret(self, staff):
        client = Client()
        assert login(client, "reviewer").url == SETUP
        page = client.get(SETUP)
        assert page.status_code == 403
        assert "请联系网站管理员" in page.content.decode() and "两步验证二维码" not in page.content.decode()
        assert not TOTPDevice.objects.filter(user=staff["reviewer"]).exists()

    def test_posting_a_code_without_a_link_binds_nothing(self, staff):
        client = Client()
        login(client, "reviewer")
        planted = TOTPDevice.objects.create(user=staff["reviewer"], name="攻击者", confirmed=False)
        assert client.post(SETUP, {"token": current_code(planted)}).status_code == 403
        planted.refresh_from_db()
        assert not planted.confirmed

    def test_the_login_form_refuses_an_unconfirmed_device(self, staff):
        # An authenticator the real reviewer confirmed, and one an attacker
        # started (never confirmed) while knowing only the password.
        TOTPDevice.objects.create(user=staff["reviewer"], name="本人", confirmed=True)
        planted = TOTPDevice.objects.create(user=staff["reviewer"], name="攻击者", confirmed=False)
        client = Client()
        response = client.post(
            "/admin/login/?next=/admin/",
            {
                "username": "reviewer",
                "password": PASSWORD,
                "otp_token": current_code(planted),
                "otp_device": planted.persistent_id,
            },
        )
        assert response.status_code == 200 and INVALID_LOGIN in response.content.decode()
        assert client.get("/admin/").status_code == 302


class TestFreshSecretEveryVisit:
    def test_each_visit_shows_a_new_secret_and_keeps_only_that_unconfirmed_device(self, staff):
        client = Client()
        client.get(link_path(enrolment_link_issue(user=staff["reviewer"])))
        login(client, "reviewer")
        first = shown_device(client)
        second = shown_device(client)
        assert first.key != second.key
        assert list(TOTPDevice.objects.filter(user=staff["reviewer"])) == [second]

    def test_a_secret_noted_on_an_earlier_visit_does_not_enrol(self, staff):
        client = Client()
        client.get(link_path(enrolment_link_issue(user=staff["reviewer"])))
        login(client, "reviewer")
        noted = shown_device(client)
        shown_device(client)  # the reviewer's own visit
        client.post(SETUP, {"token": current_code(noted)})
        assert not TOTPDevice.objects.filter(user=staff["reviewer"], confirmed=True).exists()

    def test_a_page_left_open_too_long_shows_a_new_secret(self, staff):
        client = Client()
        login(client, "editor")  # not required to use two factors: enrols without a link
        device = shown_device(client)
        with time_machine.travel(timezone.now() + timedelta(minutes=11)):
            response = client.post(SETUP, {"token": current_code(device)})
        assert response.status_code == 302 and response.url == SETUP
        assert not TOTPDevice.objects.filter(user=staff["editor"], confirmed=True).exists()

    def test_enrolling_removes_every_other_unconfirmed_device(self, staff):
        client = Client()
        login(client, "editor")
        device = shown_device(client)
        TOTPDevice.objects.create(user=staff["editor"], name="旧的", confirmed=False)
        client.post(SETUP, {"token": current_code(device)})
        assert list(TOTPDevice.objects.filter(user=staff["editor"])) == [device]


class TestEnrolmentLinks:
    def test_the_reviewer_enrols_with_the_link_password_and_code(self, staff):
        client = Client()
        response = client.get(link_path(enrolment_link_issue(user=staff["reviewer"], issued_by=staff["admin"])))
        assert response.status_code == 302 and response.url.startswith("/admin/login/")
        assert login(client, "reviewer").url == SETUP
        device = shown_device(client)
        assert client.post(SETUP, {"token": current_code(device)}).url == "/admin/"
        assert client.get("/admin/").status_code == 200
        assert TOTPDevice.objects.get(user=staff["reviewer"]).confirmed

    def test_only_a_digest_of_the_link_is_stored(self, staff):
        token = enrolment_link_issue(user=staff["reviewer"])
        link = EnrolmentLink.objects.get()
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in link.token_hash

    def test_a_link_works_once(self, staff):
        token = enrolment_link_issue(user=staff["reviewer"])
        first = Client()
        first.get(link_path(token))
        login(first, "reviewer")
        first.post(SETUP, {"token": current_code(shown_device(first))})
        TOTPDevice.objects.filter(user=staff["reviewer"]).delete()  # say the phone was lost
        second = Client()
        response = second.get(link_path(token))
        assert response.status_code == 403 and "无效、已经用过或已经过期" in response.content.decode()
        login(second, "reviewer")
        assert second.get(SETUP).status_code == 403

    def test_a_link_expires_after_72_hours(self, staff):
        token = enrolment_link_issue(user=staff["reviewer"])
        with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
            assert Client().get(link_path(token)).status_code == 403

    def test_a_new_link_replaces_an_unused_one(self, staff):
        old = enrolment_link_issue(user=staff["reviewer"])
        enrolment_link_issue(user=staff["reviewer"])
        assert Client().get(link_path(old)).status_code == 403

    def test_a_link_made_for_somebody_else_does_not_enrol(self, staff, make_staff):
        make_staff("reviewer2", "审核", ["public"])
        client = Client()
        client.get(link_path(enrolment_link_issue(user=staff["reviewer"])))
        login(client, "reviewer2")
        assert client.get(SETUP).status_code == 403

    def test_a_wrong_code_right_after_another_asks_to_wait(self, staff):
        client = Client()
        client.get(link_path(enrolment_link_issue(user=staff["reviewer"])))
        login(client, "reviewer")
        device = shown_device(client)
        client.post(SETUP, {"token": "000000" if current_code(device) != "000000" else "111111"})
        response = client.post(SETUP, {"token": current_code(device)})
        assert response.status_code == 400 and "请等待 1 秒后" in response.content.decode()


class TestIssuingLinks:
    def test_a_superuser_issues_links_from_the_users_list(self, staff):
        response = client_for(staff["admin"]).post(
            "/admin/auth/user/", {"action": "enrolment_links_issue", "_selected_action": [staff["reviewer"].pk]}
        )
        page = response.content.decode()
        assert response.status_code == 200 and "http://testserver/admin/two-factor/link/" in page
        token = page.split("/admin/two-factor/link/")[1].split("/")[0]
        assert (
            EnrolmentLink.objects.get(user=staff["reviewer"]).token_hash == hashlib.sha256(token.encode()).hexdigest()
        )

    def test_staff_who_may_change_users_but_are_no_superusers_cannot_issue_links(self, staff):
        from django.contrib.auth.models import Permission

        manager = staff["editor"]
        manager.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="auth", codename__endswith="_user")
        )
        client = client_for(manager)
        assert "签发两步验证绑定链接" not in client.get("/admin/auth/user/").content.decode()
        client.post(
            "/admin/auth/user/", {"action": "enrolment_links_issue", "_selected_action": [staff["reviewer"].pk]}
        )
        assert not EnrolmentLink.objects.exists()

    def test_issuing_and_using_a_link_are_in_the_audit_log(self, staff):
        token = enrolment_link_issue(user=staff["reviewer"], issued_by=staff["admin"])
        client = Client()
        client.get(link_path(token))
        login(client, "reviewer")
        client.post(SETUP, {"token": current_code(shown_device(client))})
        issued = AuditEntry.objects.get(action="enrolment_link")
        assert (issued.username, issued.object_repr) == ("admin", "reviewer")
        used = AuditEntry.objects.get(action="enrolment")
        assert (used.username, used.details["link"]) == ("reviewer", EnrolmentLink.objects.get().pk)

    def test_the_first_superuser_gets_a_link_from_the_command_line(self, staff):
        out = io.StringIO()
        call_command("two_factor_link", "admin", "--site", "https://www.example.gov.cn", stdout=out)
        assert out.getvalue().startswith("https://www.example.gov.cn/admin/two-factor/link/")
        assert EnrolmentLink.objects.filter(user=staff["admin"]).exists()

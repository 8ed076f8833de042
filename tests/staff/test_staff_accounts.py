"""Staff accounts: password rules, idle timeout, two-factor sign-in, the admin's address."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.enrolment import enrolment_link_issue
from staff.forms import INVALID_LOGIN
from staff.passwords import CharacterClassesValidator
from tests.settings_env import manage

pytestmark = pytest.mark.django_db
PASSWORD = "Sulide-2024-news"


def code_of(device, offset=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


def login(client, username, password=PASSWORD, token=""):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "otp_token": token})


@pytest.fixture
def superuser():
    return User.objects.create_superuser("chief", "chief@example.gov.cn", PASSWORD)


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    return user


def link_for(user):
    """The path of a one-time enrolment link an administrator made for `user`."""
    return f"/admin/two-factor/link/{enrolment_link_issue(user=user)}/"


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


class TestPasswordRules:
    @pytest.mark.parametrize("password", ["Short1!", "alllowercaseletters", "alllowercase123456", "12345678901234"])
    def test_weak_passwords_are_refused(self, password):
        with pytest.raises(ValidationError):
            validate_password(password)

    @pytest.mark.parametrize("password", ["Sulide-2024-news", "苏力德苏木news2024", "Grassland#Herders"])
    def test_long_passwords_mixing_three_kinds_of_characters_are_accepted(self, password):
        validate_password(password)

    def test_the_message_says_in_chinese_what_is_missing(self):
        with pytest.raises(ValidationError) as error:
            CharacterClassesValidator(min_classes=3).validate("onlylowercaseletters")
        assert "至少 3 类" in error.value.messages[0]

    def test_twelve_characters_is_the_minimum(self):
        with pytest.raises(ValidationError, match="12"):
            validate_password("Ab1!Ab1!Ab1")


class TestIdleTimeout:
    def test_sessions_expire_after_thirty_idle_minutes_by_default(self, settings):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is True

    def test_the_timeout_is_configurable(self):
        code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
        assert manage("shell", "-v", "0", "-c", code, SESSION_IDLE_MINUTES="10").stdout.strip() == "600"

    def test_each_request_pushes_the_expiry_back_to_thirty_minutes_ahead(self, client, editor, site):
        login(client, "editor")
        session = Session.objects.get(pk=client.session.session_key)
        Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
        assert client.get("/admin/").status_code == 200
        expires = Session.objects.get(pk=session.pk).expire_date
        assert timedelta(minutes=29) < expires - timezone.now() <= timedelta(minutes=30)

    def test_an_idle_session_is_signed_out(self, client, editor, site):
        login(client, "editor")
        Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
        assert client.get("/admin/").url.startswith("/admin/login/")


class TestTwoFactorForSuperusers:
    def test_a_superuser_without_an_authenticator_is_sent_to_ask_for_an_enrolment_link(self, client, superuser, site):
        response = login(client, "chief")
        assert response.status_code == 302 and response.url == "/admin/two-factor/"
        assert client.get("/admin/").status_code == 302  # nothing until enrolled
        page = client.get("/admin/two-factor/")
        assert page.status_code == 403
        assert "管理员签发的一次性绑定链接" in page.content.decode() and "两步验证二维码" not in page.content.decode()

    def test_enrolling_through_the_link_with_the_code_from_the_app_opens_the_admin(self, client, superuser, site):
        client.get(link_for(superuser))
        login(client, "chief")
        assert "两步验证二维码" in client.get("/admin/two-factor/").content.decode()
        device = TOTPDevice.objects.get(user=superuser)
        response = client.post("/admin/two-factor/", {"token": code_of(device)})
        assert response.status_code == 302 and response.url == "/admin/"
        assert client.get("/admin/").status_code == 200
        device.refresh_from_db()
        assert device.confirmed

    def test_a_wrong_code_does_not_enrol(self, client, superuser, site):
        client.get(link_for(superuser))
        login(client, "chief")
        client.get("/admin/two-factor/")
        device = TOTPDevice.objects.get(user=superuser)
        response = client.post("/admin/two-factor/", {"token": code_of(device, offset=5)})
        assert response.status_code == 400 and "动态验证码不正确" in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed

    def test_an_enrolled_superuser_cannot_sign_in_with_the_password_alone(self, client, superuser, site):
        enrolled(superuser)
        response = login(client, "chief")
        assert response.status_code == 200
        assert INVALID_LOGIN in response.content.decode()
        assert client.get("/admin/").status_code == 302

    def test_an_enrolled_superuser_signs_in_with_password_and_code(self, client, superuser, site):
        device = enrolled(superuser)
        assert login(client, "chief", token=code_of(device)).status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_a_wrong_code_is_refused(self, client, superuser, site):
        device = enrolled(superuser)
        response = login(client, "chief", token=code_of(device, offset=10))
        assert INVALID_LOGIN in response.content.decode()
        assert client.get("/admin/").status_code == 302

    def test_an_enrolled_user_cannot_add_a_device_with_the_password_alone(self, client, superuser, site):
        enrolled(superuser)
        client.force_login(superuser)
        assert client.get("/admin/two-factor/").url.startswith("/admin/login/")


class TestTwoFactorForGroups:
    def test_reviewers_must_use_two_factor(self, client, editor, site):
        editor.groups.add(Group.objects.get_or_create(name="审核")[0])
        assert login(client, "editor").url == "/admin/two-factor/"

    def test_the_groups_come_from_settings(self, client, editor, site, settings):
        settings.STAFF_TWO_FACTOR_GROUPS = ["编辑"]
        editor.groups.add(Group.objects.get_or_create(name="编辑")[0])
        assert login(client, "editor").url == "/admin/two-factor/"

    def test_other_staff_sign_in_with_the_password_until_they_enrol(self, client, editor, site):
        assert login(client, "editor").url == "/admin/"
        assert client.get("/admin/").status_code == 200

    def test_other_staff_may_enrol_of_their_own_accord_without_a_link(self, client, editor, site):
        login(client, "editor")
        assert "两步验证二维码" in client.get("/admin/two-factor/").content.decode()
        device = TOTPDevice.objects.get(user=editor)
        assert client.post("/admin/two-factor/", {"token": code_of(device)}).url == "/admin/"

    def test_staff_who_enrolled_of_their_own_accord_need_the_code_too(self, client, editor, site):
        enrolled(editor)
        assert login(client, "editor").status_code == 200
        assert client.get("/admin/").status_code == 302


class TestAdminAddress:
    def test_the_admin_url_comes_from_admin_url(self):
        code = "from django.urls import reverse; print(reverse('admin:index'), reverse('admin:login'))"
        result = manage("shell", "-v", "0", "-c", code, ADMIN_URL="manage-7c2f/")
        assert result.stdout.split() == ["/manage-7c2f/", "/manage-7c2f/login/"]

    def test_an_empty_admin_url_is_refused(self):
        result = manage("check", ADMIN_URL="/")
        assert result.returncode != 0 and "ADMIN_URL" in result.stderr

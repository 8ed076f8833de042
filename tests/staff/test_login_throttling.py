"""Repeated failed logins (a wrong password or a wrong code) lock that user
name from that address for a while; the answer never tells which was wrong."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import AuditEntry
from staff.forms import INVALID_LOGIN
from tests.conftest import PASSWORD, current_code

pytestmark = pytest.mark.django_db


def attempt(client, password, username="editor"):
    return client.post(reverse("admin:login") + "?next=/admin/", {"username": username, "password": password})


class TestLockout:
    def test_after_the_failure_limit_even_the_right_password_is_refused_with_a_chinese_message(self, staff, settings):
        client = Client(REMOTE_ADDR="10.0.0.5")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, "wrong-password").status_code == 200  # the form again, with its error
        locked = attempt(client, "wrong-password")
        assert locked.status_code == 429
        assert "登录已暂时锁定" in locked.content.decode()
        assert "30 分钟后再试" in locked.content.decode()
        again = attempt(client, PASSWORD)
        assert again.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_fewer_failures_than_the_limit_still_let_the_user_in(self, staff, settings):
        client = Client(REMOTE_ADDR="10.0.0.6")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "wrong-password")
        assert attempt(client, PASSWORD).status_code == 302
        assert int(client.session["_auth_user_id"]) == staff["editor"].pk

    def test_the_lockout_is_per_address_and_user_name(self, staff, settings):
        attacker = Client(REMOTE_ADDR="10.0.0.7")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(attacker, "wrong-password")
        colleague = Client(REMOTE_ADDR="10.0.0.8")
        assert attempt(colleague, PASSWORD).status_code == 302
        assert attempt(attacker, PASSWORD, username="reviewer").status_code == 302

    def test_failed_attempts_are_in_the_audit_log(self, staff, settings):
        client = Client(REMOTE_ADDR="10.0.0.9")
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            attempt(client, "wrong-password")
        assert (
            AuditEntry.objects.filter(action="login_failed", username="editor").count() >= settings.AXES_FAILURE_LIMIT
        )


class TestRotatingAddresses:
    """An attacker who moves to a new address before each pair lockout still
    locks the account once LOGIN_ACCOUNT_FAILURE_LIMIT failures add up."""

    @staticmethod
    def from_address(n):
        return Client(REMOTE_ADDR=f"10.3.{n // 250}.{n % 250 + 1}")

    def test_failures_for_one_user_name_from_as_many_addresses_lock_the_account(self, staff, settings):
        limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        for n in range(limit - 1):
            assert attempt(self.from_address(n), "wrong-password").status_code == 200
        assert attempt(self.from_address(limit - 1), "wrong-password").status_code == 429
        newcomer = self.from_address(limit)
        assert attempt(newcomer, PASSWORD).status_code == 429  # the right password, from a fresh address
        assert "_auth_user_id" not in newcomer.session

    def test_the_lockout_page_says_the_whole_account_is_locked(self, staff, settings):
        limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        for n in range(limit):
            attempt(self.from_address(n), "wrong-password")
        page = attempt(self.from_address(limit), PASSWORD).content.decode()
        assert "登录已暂时锁定" in page
        assert f"从多个地址共 {limit} 次登录失败" in page and "在任何地址都无法登录" in page
        assert "请 30 分钟后再试" in page

    def test_a_users_own_typos_from_one_address_lock_only_that_address(self, staff, settings):
        assert settings.AXES_FAILURE_LIMIT < settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        office = self.from_address(0)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(office, "wrong-password")
        page = attempt(office, PASSWORD)
        assert page.status_code == 429
        assert f"在本机连续 {settings.AXES_FAILURE_LIMIT} 次" in page.content.decode()
        assert attempt(self.from_address(1), PASSWORD).status_code == 302

    def test_other_accounts_are_not_locked(self, staff, settings):
        for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            attempt(self.from_address(n), "wrong-password")
        assert attempt(self.from_address(0), PASSWORD, username="reviewer").status_code == 302

    def test_the_account_opens_again_after_the_cooloff_time(self, staff, settings):
        for n in range(settings.LOGIN_ACCOUNT_FAILURE_LIMIT):
            attempt(self.from_address(n), "wrong-password")
        with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
            assert attempt(self.from_address(0), PASSWORD).status_code == 302

    def test_every_attempt_locked_or_not_is_in_the_audit_log(self, staff, settings):
        limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        for n in range(limit + 2):
            attempt(self.from_address(n), "wrong-password")
        failed = AuditEntry.objects.filter(action="login_failed", username="editor")
        assert failed.count() == limit + 2
        assert set(failed.values_list("ip_address", flat=True)) == {
            self.from_address(n).defaults["REMOTE_ADDR"] for n in range(limit + 2)
        }


class TestBehindTheProxy:
    """As deployed (nginx in front, TRUSTED_PROXY_COUNT=1) every peer is
    127.0.0.1 and nginx appends the real client address to X-Forwarded-For."""

    NGINX = "127.0.0.1"
    ATTACKER = "203.0.113.9"
    COLLEAGUE = "198.51.100.4"

    @staticmethod
    def through_nginx(client_address, claimed=""):
        """A client behind nginx: whatever X-Forwarded-For it sent, then its real address."""
        forwarded = f"{claimed}, {client_address}" if claimed else client_address
        return Client(REMOTE_ADDR=TestBehindTheProxy.NGINX, HTTP_X_FORWARDED_FOR=forwarded)

    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

    def test_failures_from_elsewhere_do_not_lock_out_a_colleague_behind_the_same_nginx(self, staff, settings):
        attacker = self.through_nginx(self.ATTACKER)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(attacker, "wrong-password")
        assert attempt(attacker, PASSWORD).status_code == 429
        assert attempt(self.through_nginx(self.COLLEAGUE), PASSWORD).status_code == 302

    def test_a_forged_forwarded_entry_does_not_choose_the_locked_address(self, staff, settings):
        # The attacker claims to be the colleague: nginx still appends the real address.
        attacker = self.through_nginx(self.ATTACKER, claimed=self.COLLEAGUE)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(attacker, "wrong-password")
        assert attempt(self.through_nginx(self.COLLEAGUE), PASSWORD).status_code == 302
        assert attempt(self.through_nginx(self.ATTACKER, claimed="192.0.2.77"), PASSWORD).status_code == 429

    def test_the_audit_log_records_the_real_client_not_nginx_or_the_forged_entry(self, staff, settings):
        attempt(self.through_nginx(self.ATTACKER, claimed=self.COLLEAGUE), "wrong-password")
        attempt(self.through_nginx(self.COLLEAGUE), PASSWORD)
        failed = AuditEntry.objects.get(action="login_failed", username="editor")
        assert failed.ip_address == self.ATTACKER
        assert AuditEntry.objects.get(action="login").ip_address == self.COLLEAGUE


def enrolled(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def wrong_code(device):
    return "000000" if current_code(device) != "000000" else "111111"


def sign_in(client, password, token, username="reviewer"):
    return client.post(
        reverse("admin:login") + "?next=/admin/", {"username": username, "password": password, "otp_token": token}
    )


class TestTwoFactorLogins:
    def test_a_right_password_with_a_wrong_code_gets_the_same_answer_as_a_wrong_password(self, staff):
        device = enrolled(staff["reviewer"])
        wrong_password = sign_in(Client(), "wrong-password", current_code(device)).content.decode()
        wrong_code_page = sign_in(Client(), PASSWORD, wrong_code(device)).content.decode()
        no_code_page = sign_in(Client(), PASSWORD, "").content.decode()
        for page in (wrong_password, wrong_code_page, no_code_page):
            assert INVALID_LOGIN in page
            assert "请输入身份验证器中的 6 位动态验证码" not in page

    def test_wrong_codes_count_toward_the_lockout(self, staff, settings):
        device = enrolled(staff["reviewer"])
        client = Client(REMOTE_ADDR="10.0.1.5")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            with time_machine.travel(timezone.now() + timedelta(minutes=1)):  # past django-otp's wait
                assert sign_in(client, PASSWORD, wrong_code(device)).status_code == 200
        locked = sign_in(client, PASSWORD, wrong_code(device))
        assert locked.status_code == 429 and "登录已暂时锁定" in locked.content.decode()
        assert sign_in(client, PASSWORD, current_code(device)).status_code == 429
        assert "_auth_user_id" not in client.session
        assert (
            AuditEntry.objects.filter(action="login_failed", username="reviewer").count() >= settings.AXES_FAILURE_LIMIT
        )

    def test_both_factors_right_sign_in_and_verify_the_session(self, staff):
        device = enrolled(staff["reviewer"])
        client = Client()
        assert sign_in(client, PASSWORD, current_code(device)).status_code == 302
        assert client.get("/admin/").status_code == 200


class TestCodeRightAfterAWrongOne:
    def test_the_right_code_too_soon_after_a_wrong_one_says_how_long_to_wait(self, staff):
        device = enrolled(staff["reviewer"])
        client = Client()
        with time_machine.travel(timezone.now(), tick=False) as clock:
            sign_in(client, PASSWORD, wrong_code(device))  # the next try waits a second
            clock.shift(1)
            sign_in(client, PASSWORD, wrong_code(device))  # and now two seconds
            response = sign_in(client, PASSWORD, current_code(device))
        assert response.status_code == 200
        page = response.content.decode()
        assert "请等待 2 秒后" in page and "不正确或已过期" not in page

    def test_after_the_wait_the_right_code_signs_in(self, staff):
        device = enrolled(staff["reviewer"])
        client = Client()
        sign_in(client, PASSWORD, wrong_code(device))
        with time_machine.travel(timezone.now() + timedelta(seconds=2)):
            assert sign_in(client, PASSWORD, current_code(device)).status_code == 302

    def test_a_wrong_code_during_the_wait_tells_nothing_more(self, staff):
        device = enrolled(staff["reviewer"])
        client = Client()
        sign_in(client, PASSWORD, wrong_code(device))
        page = sign_in(client, PASSWORD, wrong_code(device)).content.decode()
        assert INVALID_LOGIN in page and "请等待" not in page

"""Repeated failed logins lock that user name from that address for a while."""
import pytest
from django.test import Client
from django.urls import reverse

from news.models import AuditEntry

from .conftest import PASSWORD

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
        assert AuditEntry.objects.filter(action="login_failed", username="editor").count() >= settings.AXES_FAILURE_LIMIT


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

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

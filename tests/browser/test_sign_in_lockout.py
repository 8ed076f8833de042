"""A staff member who types a wrong password too often sees, in Chinese, that
signing in is locked for a while (staff/lockout.py), and even the right
password is refused until then."""

import pytest
from django.test import Client

from staff.forms import INVALID_LOGIN

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, password):
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


class TestLockoutPage:
    def test_too_many_wrong_passwords_show_the_lockout_page_and_the_right_one_is_refused(
        self, page, live_server, staff, settings, screenshot
    ):
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(page, "wrong-password")
            assert page.locator(".errornote").inner_text() == INVALID_LOGIN  # the form again
        sign_in(page, "wrong-password")
        heading = page.get_by_role("heading", name="登录已暂时锁定")
        heading.wait_for()
        alert = page.get_by_role("alert").inner_text()
        assert "“editor”" in alert and f"连续 {settings.AXES_FAILURE_LIMIT} 次" in alert
        assert "请 30 分钟后再试" in alert
        assert page.locator("#site-name").inner_text() == "政府网站内容管理"
        screenshot(page, "locked")

        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        sign_in(page, PASSWORD)
        page.get_by_role("heading", name="登录已暂时锁定").wait_for()
        assert page.url.startswith(f"{live_server.url}/admin/login/")


class TestAccountLockoutPage:
    def test_guesses_from_many_addresses_lock_the_account_and_the_page_says_so(
        self, page, live_server, staff, settings, screenshot
    ):
        limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        for n in range(limit):  # an attacker moving to a new address for every guess
            Client(REMOTE_ADDR=f"10.4.0.{n + 1}").post(
                "/admin/login/?next=/admin/", {"username": "editor", "password": "wrong-password"}
            )
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        sign_in(page, PASSWORD)  # the user, from an address that never failed
        page.get_by_role("heading", name="登录已暂时锁定").wait_for()
        alert = page.get_by_role("alert").inner_text()
        assert "“editor”" in alert and f"从多个地址共 {limit} 次登录失败" in alert
        assert "在任何地址都无法登录" in alert and "请 30 分钟后再试" in alert
        assert page.url.startswith(f"{live_server.url}/admin/login/")
        screenshot(page, "account-locked")

"""An administrator issues a one-time enrolment link; the reviewer follows it,
signs in with the password, adds the authenticator and from then on signs in
with password and code. Without a link the reviewer is told to ask."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..conftest import PASSWORD
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def code_from_secret(secret, steps_ahead=0):
    """The code an authenticator app shows after the secret was typed in by
    hand (the page's grouped base32 text); `steps_ahead` for the next one."""
    text = secret.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{totp(key, 30, 0, 6, steps_ahead):06d}"


def sign_in(page, live_server, username, code=""):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    if code:
        page.get_by_label("动态验证码").fill(code)
    page.get_by_role("button", name="登录").click()


class TestEnrolmentLink:
    def test_an_administrator_issues_a_link_and_the_reviewer_enrols_with_it(
        self, browser, live_server, staff, screenshot
    ):
        admin_context, admin = log_in(browser, live_server, "admin")
        admin.goto(f"{live_server.url}/admin/auth/user/")
        admin.get_by_role("row", name="reviewer").get_by_role("checkbox").check()
        admin.get_by_label("动作").select_option(label="签发两步验证绑定链接")
        admin.get_by_role("button", name="执行").click()
        link = admin.get_by_label("reviewer 的绑定链接").input_value()
        screenshot(admin, "links")
        assert link.startswith(f"{live_server.url}/admin/two-factor/link/")
        admin_context.close()

        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(link)
        assert "请先用账号 reviewer 的密码登录" in page.locator(".messagelist").inner_text()
        sign_in(page, live_server, "reviewer")
        page.wait_for_url(f"{live_server.url}/admin/two-factor/")
        assert page.get_by_role("img", name="两步验证二维码").is_visible()
        screenshot(page, "scan")
        secret = page.locator(".otp-secret").inner_text()
        page.get_by_label("动态验证码").fill(code_from_secret(secret))
        page.get_by_role("button", name="确认绑定").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        assert "两步验证已启用" in page.locator(".messagelist").inner_text()
        assert TOTPDevice.objects.get(user=staff["reviewer"]).confirmed

        # Signed out, the reviewer signs in again with password and code.
        page.get_by_role("button", name="注销").click()
        page.goto(f"{live_server.url}/admin/")
        sign_in(page, live_server, "reviewer", code_from_secret(secret, steps_ahead=1))
        page.wait_for_url(f"{live_server.url}/admin/")
        assert page.get_by_role("heading", name="管理首页").is_visible()
        # The link was for one use only.
        assert page.goto(link).status == 403
        context.close()

    def test_a_reviewer_without_a_link_is_told_to_ask_the_administrator(self, page, live_server, staff, screenshot):
        page.goto(f"{live_server.url}/admin/")
        sign_in(page, live_server, "reviewer")
        page.wait_for_url(f"{live_server.url}/admin/two-factor/")
        assert "请联系网站管理员" in page.locator("#content-main").inner_text()
        assert page.get_by_role("img", name="两步验证二维码").count() == 0
        screenshot(page, "ask")

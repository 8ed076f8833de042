"""A 站点管理员 adds a column and a staff member to their own site in the
admin, reaches their site's public pages from the admin home, and is
refused another site's settings."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Column, ColumnType

from ..conftest import PASSWORD, current_code

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Xinren-Mima-2026-long"


def signed_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    device = TOTPDevice.objects.create(user=User.objects.get(username=username), name="身份验证器", confirmed=True)
    page.fill("#id_otp_token", current_code(device))  # site admins must use two factors
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


class TestSiteAdministrator:
    def test_a_site_admin_adds_a_column_and_a_staff_member_to_their_site(
        self, page, live_server, site, columns, galutu, site_admins
    ):
        signed_in(page, live_server, "site_admin")
        sites = page.locator("#admin-sites")
        assert sites.get_by_role("link", name=site.site_name).get_attribute("href") == "/site/main/"
        assert sites.get_by_role("link", name="嘎鲁图镇人民政府").count() == 0

        page.goto(f"{live_server.url}/admin/news/column/add/")
        site_choice = page.locator("#id_site")
        options = [text for text in site_choice.locator("option").all_inner_texts() if text.strip("-")]
        assert options == [site.site_name]
        page.get_by_label("栏目名称").fill("乡村振兴")
        page.get_by_label("网址标识").fill("xiangcun")
        page.get_by_label("栏目类型").select_option(value=ColumnType.NEWS)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url(f"{live_server.url}/admin/news/column/")
        assert page.locator("#result_list").get_by_role("link", name="乡村振兴").is_visible()
        assert page.locator("#result_list").get_by_text("嘎鲁图动态").count() == 0
        assert Column.objects.get(slug="xiangcun").site == site

        page.goto(f"{live_server.url}/admin/auth/user/add/")
        page.get_by_label("用户名").fill("xinren")
        page.locator("#id_password1").fill(NEW_PASSWORD)
        page.locator("#id_password2").fill(NEW_PASSWORD)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url(f"{live_server.url}/admin/auth/user/*/change/")
        assert page.locator("#id_is_superuser").count() == 0
        assert page.locator("#id_user_permissions").count() == 0
        user = User.objects.get(username="xinren")
        assert user.is_staff and [m.site for m in user.site_memberships.all()] == [site]

        page.goto(f"{live_server.url}/admin/auth/user/")
        assert page.locator("#result_list").get_by_role("link", name="xinren").is_visible()
        assert page.get_by_role("link", name="galutu_editor").count() == 0
        refused = page.goto(f"{live_server.url}/admin/news/site/{galutu['site'].pk}/change/")
        assert refused.status == 403

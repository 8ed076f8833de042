"""What an outside review found a 站点管理员 could still do to other sites,
each reproduced: take another site's host name, take over an account that
also works on another site, edit another site's columns through the list,
and what staff with no site see."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from news.models import Column, ColumnType, Site, SiteMembership
from news.public.sites import site_key_for_host
from tests.admin_forms import page_form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


def list_edit(column, *, order):
    """The column list's in-place edit of one row, as the page posts it."""
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(column.pk),
        "form-0-order": str(order),
        "form-0-in_navigation": "on",
        "_save": "保存",
    }


@pytest.fixture
def admin_a(site_admins):
    return client_for(site_admins["home_admin"])


class TestHostNames:
    def test_a_site_admin_cannot_claim_another_sites_domain(self, admin_a, site, galutu):
        page = admin_a.get(url("news_site_change", site.pk))
        data = page_form_data(page, extra_domains="galutu.example.gov.cn", domain="galutu.example.gov.cn")
        admin_a.post(url("news_site_change", site.pk), data)
        site.refresh_from_db()
        assert "galutu" not in site.domain + site.extra_domains
        assert site_key_for_host("galutu.example.gov.cn") == "galutu"
        assert "<title>嘎鲁图镇人民政府" in Client(HTTP_HOST="galutu.example.gov.cn").get("/").content.decode()

    def test_even_a_superuser_cannot_give_one_host_name_to_two_sites(self, admin_client, site, galutu):
        page = admin_client.get(url("news_site_change", site.pk))
        response = admin_client.post(
            url("news_site_change", site.pk), page_form_data(page, extra_domains="GALUTU.example.gov.cn")
        )
        assert response.status_code == 200
        assert "已属于站点「嘎鲁图镇人民政府」" in response.content.decode()

    @pytest.mark.parametrize("key", ["Upper", "_nginx", "under_score", "-dash"])
    def test_a_site_key_is_lower_case_letters_digits_and_dashes(self, admin_client, key):
        page = admin_client.get(url("news_site_add"))
        data = page_form_data(page, key=key, site_name="新站", domain="new.example.gov.cn", organiser="新站")
        response = admin_client.post(url("news_site_add"), data)
        assert response.status_code == 200 and not Site.objects.filter(key=key).exists()


class TestSharedAccounts:
    def test_an_account_that_also_works_on_another_site_is_refused(self, admin_a, site, site_admins):
        other_admin = site_admins["other_admin"]
        SiteMembership.objects.create(site=site, user=other_admin)
        for view in ("auth_user_change", "auth_user_password_change"):
            assert admin_a.get(url(view, other_admin.pk)).status_code == 403
        response = admin_a.post(
            url("auth_user_password_change", other_admin.pk),
            {"password1": "taken-over-123!", "password2": "taken-over-123!"},
        )
        other_admin.refresh_from_db()
        assert response.status_code == 403 and not other_admin.check_password("taken-over-123!")

    def test_a_site_admin_cannot_give_themselves_a_group(self, admin_a, site_admins):
        me = site_admins["home_admin"]
        assert admin_a.get(url("auth_user_change", me.pk)).status_code == 403
        admin_a.post(
            url("auth_user_change", me.pk), {"username": me.username, "groups": [Group.objects.get(name="审计").pk]}
        )
        assert not me.groups.filter(name="审计").exists()


class TestColumnList:
    def test_the_list_cannot_edit_columns_of_a_site_they_only_belong_to(self, admin_a, site_admins, galutu):
        SiteMembership.objects.create(site=galutu["site"], user=site_admins["home_admin"])
        column = galutu["news"]
        response = admin_a.post(url("news_column_changelist"), list_edit(column, order=99))
        column.refresh_from_db()
        assert response.status_code == 403 and column.order != 99

    def test_the_list_still_edits_their_own_sites_columns(self, admin_a, site):
        column = Column.objects.create(site=site, name="本站栏目", slug="benzhan", column_type=ColumnType.NEWS)
        assert admin_a.post(url("news_column_changelist"), list_edit(column, order=7)).status_code == 302
        column.refresh_from_db()
        assert column.order == 7


class TestNoSite:
    def test_staff_with_no_membership_get_no_sites_archive_or_health(self, site_admins):
        auditor = site_admins["other_auditor"]
        SiteMembership.objects.filter(user=auditor).delete()
        client = client_for(auditor)
        assert client.get(url("archive_export")).status_code == 403
        health = client.get(url("health_sitehealth_changelist"))
        assert "乌审旗苏力德苏木" not in health.content.decode()


class TestAuditLog:
    def test_a_made_up_site_filter_is_not_a_server_error(self, admin_client):
        assert admin_client.get(url("news_auditentry_changelist") + "?site=abc").status_code == 200

    def test_entries_naming_no_site_are_for_superusers_only(self, admin_a, admin_client):
        from news.audit import audit_record
        from news.models import AuditAction

        entry = audit_record(user=None, action=AuditAction.LOGIN_FAILED, username="someone")
        assert entry.site_id is None
        assert entry not in admin_a.get(url("news_auditentry_changelist")).context["cl"].result_list
        assert entry in admin_client.get(url("news_auditentry_changelist")).context["cl"].result_list


class TestPrefixAddresses:
    def test_a_site_key_without_its_slash_goes_to_its_home_page(self, client, galutu):
        response = client.get("/site/galutu?x=1")
        assert response.status_code == 301 and response["Location"] == "/site/galutu/?x=1"

    def test_a_preference_switch_without_next_returns_to_the_sites_own_home(self, client, galutu):
        response = client.get("/site/galutu/preferences/font/large/")
        assert response["Location"] == "/site/galutu/"

"""站点管理员 (SiteMembership.is_site_admin) in the admin: they manage their own
site's settings, columns and staff, and nothing of another site (403 on every
direct URL); they cannot raise anyone, themselves included, above that."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Max
from django.urls import reverse

from news.models import AuditEntry, Column, ColumnAccess, ColumnType, Site, SiteMembership
from tests.admin_forms import page_form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(site_admins):
    """The default site's site admin, signed in."""
    return client_for(site_admins["home_admin"])


def unsafe_group():
    """A group a site admin may not give. Its id is given: on PostgreSQL a
    database restored by an earlier transactional test leaves the id
    sequence behind the restored rows."""
    top = Group.objects.aggregate(top=Max("pk"))["top"] or 0
    return Group.objects.create(pk=top + 1, name="系统管理")


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


class TestSiteSettings:
    def test_a_site_admin_changes_their_own_sites_settings(self, admin_a, site):
        page = admin_a.get(url("news_site_change", site.pk))
        assert page.status_code == 200
        response = admin_a.post(url("news_site_change", site.pk), page_form_data(page, contact="0477-7654321"))
        assert response.status_code == 302
        site.refresh_from_db()
        assert site.contact == "0477-7654321"

    @pytest.mark.parametrize("view", ["news_site_change", "news_site_history", "news_site_delete"])
    def test_another_sites_settings_are_refused(self, admin_a, galutu, view):
        assert admin_a.get(url(view, galutu["site"].pk)).status_code == 403

    def test_posting_another_sites_settings_changes_nothing(self, admin_a, site, galutu):
        page = admin_a.get(url("news_site_change", site.pk))
        response = admin_a.post(url("news_site_change", galutu["site"].pk), page_form_data(page, contact="越权"))
        galutu["site"].refresh_from_db()
        assert response.status_code == 403 and galutu["site"].contact != "越权"

    def test_the_sites_list_shows_their_site_only(self, admin_a, site, galutu):
        listed = list(admin_a.get(url("news_site_changelist")).context["cl"].result_list)
        assert listed == [site]

    def test_a_site_admin_cannot_add_or_delete_sites(self, admin_a, site):
        assert admin_a.get(url("news_site_add")).status_code == 403
        assert admin_a.post(url("news_site_delete", site.pk), {"post": "yes"}).status_code == 403
        assert Site.objects.filter(pk=site.pk).exists()

    def test_the_key_and_the_platform_mark_stay_as_they_are(self, admin_a, site):
        page = admin_a.get(url("news_site_change", site.pk))
        admin_a.post(url("news_site_change", site.pk), page_form_data(page, key="hijack", is_platform="on"))
        site.refresh_from_db()
        assert site.key == "main" and not site.is_platform

    def test_the_change_is_audited_naming_the_site(self, admin_a, site):
        page = admin_a.get(url("news_site_change", site.pk))
        admin_a.post(url("news_site_change", site.pk), page_form_data(page, contact="0477-1111111"))
        entry = AuditEntry.objects.get(action="edit", object_type="news.site")
        assert entry.site == site and entry.username == "site_admin"

    def test_a_superuser_adds_a_site(self, staff):
        client = client_for(staff["admin"])
        page = client.get(url("news_site_add"))
        data = page_form_data(
            page, key="wushen", site_name="乌审召镇人民政府", domain="wushen.example.gov.cn", organiser="乌审召镇"
        )
        assert client.post(url("news_site_add"), data).status_code == 302
        assert Site.objects.filter(key="wushen").exists()


class TestColumns:
    def test_the_column_list_shows_their_sites_columns_only(self, admin_a, columns, galutu):
        listed = set(admin_a.get(url("news_column_changelist")).context["cl"].result_list)
        assert listed == set(columns.values())

    @pytest.mark.parametrize("view", ["news_column_change", "news_column_history", "news_column_delete"])
    def test_another_sites_column_is_refused(self, admin_a, galutu, view):
        assert admin_a.get(url(view, galutu["news"].pk)).status_code == 403

    def test_a_new_column_defaults_to_their_site_and_is_made_there(self, admin_a, site, columns):
        page = admin_a.get(url("news_column_add"))
        assert page.context["adminform"].form.initial["site"] == site.pk
        data = page_form_data(page, name="乡村振兴", slug="xiangcun", column_type=ColumnType.NEWS, order="5")
        assert admin_a.post(url("news_column_add"), data).status_code == 302
        assert Column.objects.get(slug="xiangcun").site == site

    def test_another_site_cannot_be_picked_for_a_new_column(self, admin_a, galutu):
        page = admin_a.get(url("news_column_add"))
        assert "嘎鲁图镇人民政府" not in page.content.decode()
        data = page_form_data(
            page, name="越权栏目", slug="yuequan", column_type=ColumnType.NEWS, site=galutu["site"].pk
        )
        response = admin_a.post(url("news_column_add"), data)
        assert response.status_code == 200 and "site" in response.context["adminform"].form.errors
        assert not Column.objects.filter(slug="yuequan").exists()

    def test_another_sites_column_cannot_be_the_parent(self, staff, site, galutu):
        client = client_for(staff["admin"])
        page = client.get(url("news_column_add"))
        data = page_form_data(
            page, name="错挂栏目", slug="cuogua", column_type=ColumnType.NEWS, site=site.pk, parent=galutu["news"].pk
        )
        response = client.post(url("news_column_add"), data)
        assert "上级栏目必须属于同一站点" in response.content.decode()
        assert not Column.objects.filter(slug="cuogua").exists()

    def test_an_action_on_another_sites_column_is_refused(self, admin_a, columns, galutu):
        data = {"action": "delete_selected", "_selected_action": [columns["news"].pk, galutu["news"].pk]}
        assert admin_a.post(url("news_column_changelist"), data).status_code == 403
        assert Column.objects.filter(pk=galutu["news"].pk).exists()

    def test_reviewers_are_named_among_their_sites_staff_only(self, admin_a, staff, columns, site_admins):
        page = admin_a.get(url("news_column_change", columns["news"].pk))
        inline = page.context["inline_admin_formsets"][0].formset
        offered = {user.username for user in inline.empty_form.fields["users"].queryset}
        assert "reviewer" in offered and "galutu_editor" not in offered and "admin" not in offered

    def test_an_editor_of_the_site_may_not_change_columns(self, staff, columns):
        page = client_for(staff["editor"]).get(url("news_column_change", columns["news"].pk))
        assert 'name="_save"' not in page.content.decode()


class TestStaff:
    def test_the_users_list_shows_members_of_their_site_but_no_superuser(self, admin_a, staff, site_admins):
        listed = {user.username for user in admin_a.get(url("auth_user_changelist")).context["cl"].result_list}
        assert {"editor", "reviewer", "auditor"} <= listed
        # Not a superuser, not another site's, and not themselves (nobody gives themselves a group).
        assert "admin" not in listed and "galutu_editor" not in listed and "site_admin" not in listed

    @pytest.mark.parametrize("view", ["auth_user_change", "auth_user_history", "auth_user_password_change"])
    def test_another_sites_user_is_refused(self, admin_a, site_admins, view):
        assert admin_a.get(url(view, site_admins["other_editor"].pk)).status_code == 403

    def test_a_superusers_page_is_refused(self, admin_a, staff):
        assert admin_a.get(url("auth_user_change", staff["admin"].pk)).status_code == 403

    def test_a_site_admin_switches_a_member_off_and_renames_them(self, admin_a, staff):
        editor = staff["editor"]
        page = admin_a.get(url("auth_user_change", editor.pk))
        admin_a.post(url("auth_user_change", editor.pk), page_form_data(page, is_active=None, last_name="张"))
        editor.refresh_from_db()
        assert not editor.is_active and editor.last_name == "张"

    def test_a_site_admin_cannot_make_anyone_a_superuser_or_give_permissions(self, admin_a, staff):
        me = staff["editor"]
        page = admin_a.get(url("auth_user_change", me.pk))
        assert "is_superuser" not in page.content.decode() and "user_permissions" not in page.content.decode()
        permission = Permission.objects.get(codename="delete_site")
        data = page_form_data(page, is_superuser="on", user_permissions=[str(permission.pk)])
        admin_a.post(url("auth_user_change", me.pk), data)
        me.refresh_from_db()
        assert not me.is_superuser and not me.user_permissions.exists()

    def test_a_site_admin_gives_only_the_safe_groups(self, admin_a, staff):
        unsafe = unsafe_group()
        editor = staff["editor"]
        page = admin_a.get(url("auth_user_change", editor.pk))
        response = admin_a.post(url("auth_user_change", editor.pk), page_form_data(page, groups=[str(unsafe.pk)]))
        assert response.status_code == 200 and "groups" in response.context["adminform"].form.errors
        assert not editor.groups.filter(pk=unsafe.pk).exists()

    def test_groups_a_site_admin_may_not_give_are_kept_when_they_save(self, admin_a, staff):
        unsafe = unsafe_group()
        editor = staff["editor"]
        editor.groups.add(unsafe)
        page = admin_a.get(url("auth_user_change", editor.pk))
        admin_a.post(url("auth_user_change", editor.pk), page_form_data(page, first_name="改名"))
        assert editor.groups.filter(pk=unsafe.pk).exists()

    def test_a_site_admin_cannot_give_another_sites_membership(self, admin_a, staff, galutu):
        editor = staff["editor"]
        page = admin_a.get(url("auth_user_change", editor.pk))
        data = page_form_data(
            page,
            **{"site_memberships-TOTAL_FORMS": "2", "site_memberships-1-site": str(galutu["site"].pk)},
            **{"site_memberships-1-is_site_admin": "on"},
        )
        response = admin_a.post(url("auth_user_change", editor.pk), data)
        assert response.status_code == 200
        assert not SiteMembership.objects.filter(user=editor, site=galutu["site"]).exists()

    def test_a_member_of_another_site_too_is_a_superusers_to_change(self, admin_a, staff, galutu):
        """Password, groups and two-factor are the whole account's: changing
        them would reach the other site."""
        SiteMembership.objects.create(user=staff["editor"], site=galutu["site"])
        assert admin_a.get(url("auth_user_change", staff["editor"].pk)).status_code == 403

    def test_a_site_admin_cannot_give_another_sites_column(self, admin_a, staff, galutu):
        editor = staff["editor"]
        page = admin_a.get(url("auth_user_change", editor.pk))
        data = page_form_data(
            page, **{"column_access-TOTAL_FORMS": "2", "column_access-1-column": str(galutu["news"].pk)}
        )
        response = admin_a.post(url("auth_user_change", editor.pk), data)
        assert response.status_code == 200
        assert not ColumnAccess.objects.filter(user=editor, column=galutu["news"]).exists()

    def test_a_user_added_by_a_site_admin_is_staff_of_their_site(self, admin_a, site):
        page = admin_a.get(url("auth_user_add"))
        data = page_form_data(
            page, username="xinren", password1="Xinren-Mima-2026-long", password2="Xinren-Mima-2026-long"
        )
        data["usable_password"] = "true"
        assert admin_a.post(url("auth_user_add"), data).status_code == 302
        user = User.objects.get(username="xinren")
        assert user.is_staff and list(user.site_memberships.values_list("site_id", flat=True)) == [site.pk]

    def test_a_staff_change_is_audited_naming_the_site_acted_for(self, admin_a, staff, site):
        page = admin_a.get(url("auth_user_change", staff["editor"].pk))
        admin_a.post(url("auth_user_change", staff["editor"].pk), page_form_data(page, first_name="改名"))
        entry = AuditEntry.objects.get(action="edit", object_type="auth.user")
        assert entry.site == site and entry.object_id == str(staff["editor"].pk)

    def test_a_superuser_sees_every_user_and_gives_any_site(self, staff, site_admins, galutu):
        client = client_for(staff["admin"])
        listed = {user.username for user in client.get(url("auth_user_changelist")).context["cl"].result_list}
        assert {"galutu_editor", "editor", "admin"} <= listed
        page = client.get(url("auth_user_change", staff["editor"].pk))
        data = page_form_data(
            page, **{"site_memberships-TOTAL_FORMS": "2", "site_memberships-1-site": str(galutu["site"].pk)}
        )
        assert client.post(url("auth_user_change", staff["editor"].pk), data).status_code == 302
        assert SiteMembership.objects.filter(user=staff["editor"], site=galutu["site"]).exists()


class TestArticles:
    def test_a_site_admin_is_refused_another_sites_article(self, admin_a, site_admins, galutu):
        from news.editorial.services import article_save
        from news.models import Article

        article = article_save(
            article=Article(title="嘎鲁图镇的稿件", column=galutu["news"], body="<p>正文。</p>"),
            actor=site_admins["other_editor"],
        )
        assert admin_a.get(url("news_article_change", article.pk)).status_code == 403
        assert admin_a.get(url("news_article_history", article.pk)).status_code == 403


class TestColumnAccessList:
    def test_members_see_their_sites_column_access_only(self, staff, site_admins):
        page = client_for(staff["auditor"]).get(url("news_columnaccess_changelist"))
        listed = {access.user.username for access in page.context["cl"].result_list}
        assert "editor" in listed and "galutu_editor" not in listed

    def test_another_sites_column_access_is_refused(self, admin_a, site_admins):
        access = ColumnAccess.objects.get(user=site_admins["other_editor"])
        assert admin_a.get(url("news_columnaccess_change", access.pk)).status_code == 403


class TestAuditEntries:
    def test_a_site_admin_sees_their_sites_entries_only(self, admin_a, site, galutu, columns):
        from news.audit import audit_record

        mine = audit_record(user=None, action="edit", obj=columns["news"])
        theirs = audit_record(user=None, action="edit", obj=galutu["news"])
        page = admin_a.get(url("news_auditentry_changelist"))
        listed = list(page.context["cl"].result_list)
        assert mine in listed and theirs not in listed
        assert admin_a.get(url("news_auditentry_change", theirs.pk)).status_code == 403
        assert admin_a.get(url("news_auditentry_change", mine.pk)).status_code == 200

    def test_entries_naming_no_site_are_seen_by_superusers_only(self, staff, site_admins):
        from news.audit import audit_record

        sign_in = audit_record(user=staff["editor"], action="login")
        for user in (staff["auditor"], site_admins["other_auditor"]):
            page = client_for(user).get(url("news_auditentry_changelist"))
            assert sign_in not in list(page.context["cl"].result_list)
        page = client_for(staff["admin"]).get(url("news_auditentry_changelist"))
        assert sign_in in list(page.context["cl"].result_list)

    def test_the_list_names_the_site_and_filters_by_it(self, staff, site, galutu, columns):
        from news.audit import audit_record

        audit_record(user=None, action="edit", obj=galutu["news"])
        client = client_for(staff["admin"])
        page = client.get(url("news_auditentry_changelist"), {"site": galutu["site"].key})
        assert [entry.site for entry in page.context["cl"].result_list] == [galutu["site"]]
        assert "嘎鲁图镇人民政府" in page.content.decode() and "站点" in page.content.decode()


class TestAdminHome:
    def test_the_home_page_links_every_site_of_the_user(self, staff, site, galutu):
        SiteMembership.objects.create(user=staff["auditor"], site=galutu["site"])
        page = client_for(staff["auditor"]).get(url("index")).content.decode()
        assert 'href="/site/main/"' in page and 'href="/site/galutu/"' in page

    def test_the_home_page_does_not_link_sites_of_others(self, staff, galutu):
        page = client_for(staff["editor"]).get(url("index")).content.decode()
        assert 'href="/site/galutu/"' not in page

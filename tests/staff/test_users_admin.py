"""The users admin (staff/admin.py): each staff member's columns on their own
page, and the 栏目分工 list; signing out is audited (staff/signals.py)."""

import pytest
from django.urls import reverse

from news.models import AuditEntry, ColumnAccess
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


class TestUsersAdmin:
    def test_a_staff_members_page_lists_the_columns_they_work_in(self, staff, columns):
        page = client_for(staff["admin"]).get(reverse("admin:auth_user_change", args=[staff["editor"].pk]))
        assert page.status_code == 200
        inline = page.context["inline_admin_formsets"][-1]
        assert inline.formset.model is ColumnAccess
        assert [form.instance.column for form in inline.formset.initial_forms] == [columns["public"]]
        assert "可管理的栏目" in page.content.decode()

    def test_the_column_access_list_names_who_works_where(self, staff):
        page = client_for(staff["admin"]).get(reverse("admin:news_columnaccess_changelist"), {"q": "other_editor"})
        assert page.status_code == 200
        assert [str(access) for access in page.context["cl"].result_list] == ["other_editor - 政务要闻"]


class TestSignOutAudit:
    def test_signing_out_is_recorded_with_the_user_and_address(self, staff):
        client = client_for(staff["editor"])
        client.post(reverse("admin:logout"), REMOTE_ADDR="10.9.8.7")
        entry = AuditEntry.objects.get(action="logout")
        assert entry.user == staff["editor"] and entry.ip_address == "10.9.8.7"

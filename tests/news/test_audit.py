"""The audit log: every action is recorded with who, when, where from and
why; nobody can change it in the admin; auditors can filter it."""

import pytest
from django.test import Client
from django.urls import reverse

from news.audit import audit_record, client_ip
from news.editorial.actors import SYSTEM
from news.editorial.services import (
    article_approve,
    article_publish,
    article_reject,
    article_restore,
    article_submit,
    article_trash,
    article_withdraw,
)
from news.models import AuditEntry

from ..conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


class TestWhatIsRecorded:
    def test_each_workflow_step_writes_one_entry_with_user_and_remark(self, make_draft, staff):
        article = make_draft()
        article = article_submit(article=article, actor=staff["editor"])
        article = article_reject(article=article, actor=staff["reviewer"], remark="标题不规范")
        article = article_submit(article=article, actor=staff["editor"])
        article = article_approve(article=article, actor=staff["reviewer"], remark="同意")
        article = article_withdraw(article=article, actor=staff["reviewer"], remark="内容过时")
        article = article_trash(article=article, actor=staff["editor"])
        article_restore(article=article, actor=staff["editor"])
        entries = list(AuditEntry.objects.filter(object_id=str(article.pk)).order_by("id"))
        assert [(e.action, e.username) for e in entries] == [
            ("create", "editor"),
            ("submit", "editor"),
            ("reject", "reviewer"),
            ("submit", "editor"),
            ("approve", "reviewer"),
            ("publish", "reviewer"),
            ("withdraw", "reviewer"),
            ("delete", "editor"),
            ("restore", "editor"),
        ]
        assert entries[2].remark == "标题不规范" and entries[6].remark == "内容过时"
        assert entries[5].details["index_number"] == article.index_number
        assert all(e.object_repr == article.title and e.object_type == "news.article" for e in entries)

    def test_an_edit_records_which_fields_changed(self, make_draft, staff):
        from news.editorial.services import article_save
        from news.models import Article

        article = make_draft()
        fresh = Article.objects.get(pk=article.pk)
        fresh.title = "新标题"
        article_save(article=fresh, actor=staff["editor"], expected_version=fresh.version)
        assert AuditEntry.objects.get(action="edit").details["fields"] == ["title"]

    def test_actions_through_the_admin_record_the_client_address(self, make_draft, staff):
        article = make_draft()
        client_for(staff["editor"]).post(
            reverse("admin:news_article_workflow", args=[article.pk, "submit"]), REMOTE_ADDR="10.1.2.3"
        )
        assert AuditEntry.objects.get(action="submit").ip_address == "10.1.2.3"

    def test_a_refused_action_writes_nothing(self, make_draft, staff):
        article = make_draft()
        client_for(staff["editor"]).post(reverse("admin:news_article_workflow", args=[article.pk, "publish"]))
        assert not AuditEntry.objects.filter(action="publish").exists()

    def test_login_and_failed_login_are_recorded(self, staff):
        client = Client(REMOTE_ADDR="10.9.8.7")
        client.post(reverse("admin:login"), {"username": "editor", "password": "wrong-password"})
        client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})
        failed = AuditEntry.objects.get(action="login_failed")
        assert failed.username == "editor" and failed.user is None and failed.ip_address == "10.9.8.7"
        login = AuditEntry.objects.get(action="login")
        assert login.user == staff["editor"] and login.ip_address == "10.9.8.7"

    def test_audit_record_is_there_for_exports(self, staff, make_article):
        article = make_article()
        entry = audit_record(user=staff["auditor"], action="export", obj=article, remark="年度归档", count=1)
        assert entry.get_action_display() == "导出" and entry.details == {"count": 1}

    def test_system_actions_are_recorded_without_a_user(self, make_draft, staff):
        article_publish(article=make_draft(), actor=SYSTEM)
        entry = AuditEntry.objects.get(action="publish")
        assert entry.user is None and entry.ip_address is None


class TestClientAddress:
    def test_the_peer_address_is_used_when_no_proxy_is_trusted(self, rf):
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
        assert client_ip(request) == "10.0.0.1"

    def test_behind_one_trusted_proxy_the_forwarded_address_is_used(self, rf, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
        assert client_ip(request) == "203.0.113.5"  # the left part may be forged by the client


class TestInTheAdmin:
    def test_nobody_can_add_change_or_delete_entries(self, make_draft, staff):
        make_draft()
        entry = AuditEntry.objects.get(action="create")
        for user in (staff["admin"], staff["auditor"]):
            client = client_for(user)
            assert client.get(reverse("admin:news_auditentry_add")).status_code == 403
            response = client.post(reverse("admin:news_auditentry_change", args=[entry.pk]), {"remark": "改"})
            assert response.status_code == 403
            assert (
                client.post(reverse("admin:news_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
                == 403
            )
        entry.refresh_from_db()
        assert entry.remark == ""

    def test_auditors_filter_the_log_by_action(self, make_draft, staff):
        article_submit(article=make_draft(title="甲稿"), actor=staff["editor"])
        make_draft(title="乙稿")
        page = client_for(staff["auditor"]).get(reverse("admin:news_auditentry_changelist") + "?action=submit")
        html = page.content.decode()
        assert page.status_code == 200
        assert "甲稿" in html and "乙稿" not in html

    def test_editors_cannot_read_the_log(self, staff):
        assert client_for(staff["editor"]).get(reverse("admin:news_auditentry_changelist")).status_code == 403

"""Errors in the admin: in Chinese, inside the admin's frame, saying what to do."""

import pytest
from django.urls import reverse

from ...conftest import client_for

pytestmark = pytest.mark.django_db


class TestRefusals:
    def test_an_auditor_sent_to_the_new_article_form_is_told_in_chinese_what_to_do(self, staff, columns):
        response = client_for(staff["auditor"]).get(reverse("admin:news_article_add") + f"?column={columns['news'].pk}")
        page = response.content.decode()
        assert response.status_code == 403
        assert "403 Forbidden" not in page
        assert "没有权限" in page and "请联系本网站的系统管理员" in page
        assert f'href="{reverse("admin:index")}"' in page  # the way back, in the admin's own frame

    def test_an_editor_opening_another_columns_article_is_given_the_reason(self, staff, make_draft):
        article = make_draft(column="headlines", user=staff["other_editor"])
        response = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk]))
        assert response.status_code == 403
        assert "您没有管理此栏目的权限。" in response.content.decode()

    def test_the_public_site_refuses_in_chinese_too(self, site):
        from django.core.exceptions import PermissionDenied
        from django.test import RequestFactory

        from news.public.errors import permission_denied

        response = permission_denied(RequestFactory().get("/article/1/"), PermissionDenied())
        assert response.status_code == 403 and "无权访问" in response.content.decode()


class TestMissingAndBad:
    def test_a_missing_admin_page_says_where_to_look(self, staff):
        response = client_for(staff["editor"]).get(reverse("admin:news_article_revisions", args=[987654]))
        page = response.content.decode()
        assert response.status_code == 404
        assert "管理页面不存在" in page and "回收站" in page

    def test_a_bad_request_to_the_admin_is_answered_in_chinese(self, staff, settings):
        settings.ALLOWED_HOSTS = ["testserver"]
        response = client_for(staff["editor"]).get(reverse("admin:index"), headers={"host": "not-allowed.example"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "请求无效" in page and "系统管理员" in page


class TestNoLinksToRefusals:
    def test_the_article_page_names_its_creator_without_a_link_to_the_staff_account(self, staff, make_draft):
        article = make_draft()
        page = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert "创建人" in page and staff["editor"].username in page
        assert "/admin/auth/user/" not in page

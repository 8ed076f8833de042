"""Editors see in the admin when the public copy of an article was last
written, and which pages wait or failed; 重新写出 queues them again."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import ArticleStatus
from publishing.models import PageFile
from publishing.services import pages_publish_waiting
from publishing.tasks import pages_publish
from tests.conftest import TEST_NOW, client_for

pytestmark = pytest.mark.django_db

LIST = "/admin/publishing/pagefile/"


def public_page_line(client, article):
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    match = re.search(r"<label>公开页面:</label>\s*<div class=\"readonly\">(.*?)</div>", html, re.S)
    return None if match is None else match.group(1).strip()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def article(make_article, committed):
    return committed(lambda: make_article(title="草原防火"))


def article_row(article):
    return PageFile.objects.get(article_id=article.pk, path=f"/article/{article.pk}/")


class TestTheArticlePage:
    def test_a_page_not_written_yet_is_waiting(self, admin_client, article):
        assert public_page_line(admin_client, article).startswith(f"等待写出(自 {TEST_NOW:%Y-%m-%d %H:%M}")

    def test_a_written_page_shows_when(self, admin_client, article, published_tree, time_machine):
        written = TEST_NOW + timedelta(minutes=3)
        time_machine.move_to(written, tick=False)
        pages_publish_waiting()
        assert public_page_line(admin_client, article) == f"已写出 {written:%Y-%m-%d %H:%M:%S}"

    def test_a_failed_writing_shows_its_error(self, admin_client, article, published_tree, monkeypatch):
        def broken(*args, **kwargs):
            raise OSError("磁盘已满")

        monkeypatch.setattr("publishing.services.page_write", broken)
        pages_publish_waiting()
        assert public_page_line(admin_client, article).startswith("写出失败:OSError: 磁盘已满")

    def test_an_unpublished_article_has_no_line(self, admin_client, make_article):
        draft = make_article(title="草稿", status=ArticleStatus.DRAFT)
        scheduled = make_article(title="定时", published_at=timezone.now() + timedelta(days=1))
        for one in (draft, scheduled):
            html = admin_client.get(reverse("admin:news_article_change", args=[one.pk])).content.decode()
            assert "公开页面" not in html


class TestThePageList:
    def test_it_lists_waiting_and_failed_pages_not_written_ones(self, admin_client, article, published_tree):
        pages_publish_waiting()
        written = article_row(article)
        PageFile.objects.create(
            path="/column/broken/",
            queued_at=timezone.now(),
            written_at=timezone.now(),
            error="RuntimeError: 页面返回 500",
        )
        PageFile.objects.create(path="/column/later/?page=3")
        html = admin_client.get(LIST).content.decode()
        assert "/column/broken/" in html and "写出失败:RuntimeError: 页面返回 500" in html
        assert "/column/later/?page=3" in html and "等待写出" in html
        assert written.path not in html
        assert written.path in admin_client.get(LIST, {"state": "written"}).content.decode()
        failed_only = admin_client.get(LIST, {"state": "failed"}).content.decode()
        assert "/column/broken/" in failed_only and "/column/later/" not in failed_only

    def test_nobody_adds_changes_or_deletes_a_row(self, admin_client, article):
        row = article_row(article)
        assert admin_client.get(f"{LIST}add/").status_code == 403
        response = admin_client.post(reverse("admin:publishing_pagefile_change", args=[row.pk]), {"path": "/x/"})
        assert response.status_code == 403
        assert (
            admin_client.post(reverse("admin:publishing_pagefile_delete", args=[row.pk]), {"post": "yes"}).status_code
            == 403
        )
        assert PageFile.objects.filter(pk=row.pk, path=row.path).exists()


class TestRepublish:
    def failed_row(self):
        now = timezone.now() - timedelta(minutes=1)
        return PageFile.objects.create(path="/", queued_at=now, written_at=now, failed_at=now, error="OSError: 满")

    def republish(self, client, row):
        return client.post(LIST, {"action": "republish_selected", "_selected_action": [row.pk]}, follow=True)

    def test_the_selected_pages_are_queued_and_the_worker_asked(self, admin_client, committed, site, published_tree):
        row = self.failed_row()
        response = committed(lambda: self.republish(admin_client, row))
        assert "已重新排入写出队列:1 个页面" in response.content.decode()
        row.refresh_from_db()
        assert PageFile.objects.waiting().filter(pk=row.pk).exists()
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.filter(task_path=pages_publish.module_path).count() == 1
        pages_publish_waiting()
        row.refresh_from_db()
        assert row.error == "" and (published_tree / "main" / "index.html").exists()

    def test_staff_who_may_publish_can_republish(self, staff, site):
        row = self.failed_row()
        response = self.republish(client_for(staff["reviewer"]), row)
        assert response.status_code == 200
        assert PageFile.objects.waiting().filter(pk=row.pk).exists()

    def test_staff_who_may_not_publish_cannot(self, staff, site):
        row = self.failed_row()
        editor = client_for(staff["editor"])
        assert editor.get(LIST).status_code == 403
        self.republish(editor, row)
        assert not PageFile.objects.waiting().filter(pk=row.pk).exists()

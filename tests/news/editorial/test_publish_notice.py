"""Before publishing the admin says what will happen with the 发布时间 (at
once, 定时发布, or at once but backdated), and after it says what happened."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from news.admin.publishing import publish_notice, workflow_done_message
from news.editorial.services import article_submit
from news.models import Article, ArticleStatus

from ...conftest import client_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class TestWhatPublishingWillDo:
    @time_machine.travel(NOW, tick=False)
    def test_no_time_means_now(self):
        assert publish_notice(Article(title="甲")).kind == "now"

    @time_machine.travel(NOW, tick=False)
    def test_a_time_to_come_is_scheduled_and_says_until_when_residents_cannot_see_it(self):
        notice = publish_notice(Article(title="甲", published_at=NOW + timedelta(days=2)))
        assert notice.kind == "scheduled" and "2026-12-02 10:00" in notice.text and "定时发布" in notice.text

    @time_machine.travel(NOW, tick=False)
    def test_a_past_time_says_it_publishes_at_once_but_backdated(self):
        notice = publish_notice(Article(title="甲", published_at=NOW - timedelta(days=30)))
        assert notice.kind == "backdated" and "2026-10-31 10:00" in notice.text and "立即公开" in notice.text

    @time_machine.travel(NOW, tick=False)
    def test_a_time_a_few_minutes_ago_is_just_now(self):
        assert publish_notice(Article(title="甲", published_at=NOW - timedelta(minutes=3))).kind == "now"


class TestWhatPublishingDid:
    @time_machine.travel(NOW, tick=False)
    def test_a_scheduled_publication_never_says_it_was_published_directly(self):
        article = Article(title="甲", published_at=NOW + timedelta(days=2), status=ArticleStatus.PUBLISHED)
        message = workflow_done_message("publish", "直接发布", article)
        assert "已直接发布" not in message and "定时发布" in message and "2026-12-02 10:00" in message

    @time_machine.travel(NOW, tick=False)
    def test_a_backdated_publication_says_its_time(self):
        article = Article(title="甲", published_at=NOW - timedelta(days=30), status=ArticleStatus.PUBLISHED)
        assert "2026-10-31 10:00(早于现在)" in workflow_done_message("approve", "审核通过并发布", article)


class TestTheReviewerIsToldBeforeConfirming:
    @time_machine.travel(NOW, tick=False)
    def test_the_confirmation_page_and_the_article_page_say_it_will_be_backdated(self, make_draft, staff):
        article = make_draft(published_at=NOW - timedelta(days=30))
        article_submit(article=article, actor=staff["editor"])
        client = client_for(staff["reviewer"])
        confirm = client.get(reverse("admin:news_article_workflow", args=[article.pk, "approve"])).content.decode()
        assert "publish-backdated" in confirm and "2026-10-31 10:00,已经过去" in confirm
        change = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert "publish-backdated" in change

    @time_machine.travel(NOW, tick=False)
    def test_the_editor_who_cannot_publish_is_not_shown_the_notice(self, make_draft, staff):
        article = make_draft(published_at=NOW - timedelta(days=30))
        change = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk]))
        assert "publish-notice" not in change.content.decode()


class TestBulkApproval:
    @time_machine.travel(NOW, tick=False)
    def test_bulk_approval_says_which_articles_are_scheduled(self, make_draft, staff):
        later = make_draft(title="定时的稿件", published_at=NOW + timedelta(days=2))
        now = make_draft(title="马上发布的稿件")
        for article in (later, now):
            article_submit(article=article, actor=staff["editor"])
        response = client_for(staff["reviewer"]).post(
            reverse("admin:news_article_changelist"),
            {"action": "approve_selected", "_selected_action": [later.pk, now.pk]},
            follow=True,
        )
        shown = [str(message) for message in response.context["messages"]]
        assert "已审核发布 2 篇文章。" in shown
        assert "《定时的稿件》已审核通过,定时发布:将于 2026-12-02 10:00 在网站上公开。" in shown
        assert not any("马上发布的稿件" in message for message in shown)

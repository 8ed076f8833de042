"""The public page cache's version: what bumps it, and a scheduled
publication showing up once its time has come."""

from datetime import timedelta

import pytest
from django.core import serializers

from news.content_version import content_version_bump
from news.models import Article, Site

from ..conftest import beijing

pytestmark = pytest.mark.django_db


def stored_version():
    return Site.objects.values_list("content_version", flat=True).get()


class TestWhatBumpsIt:
    def test_saving_an_article_bumps_it(self, make_article):
        article = make_article()
        before = stored_version()
        article.title = "新标题"
        article.save()
        assert stored_version() == before + 1

    def test_saving_the_site_settings_bumps_it(self, site):
        before = stored_version()
        site.site_name = "新名称"
        site.save()
        assert stored_version() == before + 1

    def test_a_site_settings_save_never_writes_back_a_version_read_earlier(self, site):
        stale = Site.objects.default()
        content_version_bump()
        bumped = stored_version()
        stale.save()
        assert stored_version() == bumped + 1

    def test_changing_a_column_bumps_it(self, columns):
        before = stored_version()
        columns["news"].name = "新闻动态"
        columns["news"].save()
        assert stored_version() == before + 1

    def test_loading_a_backup_row_does_not_bump_it_row_by_row(self, make_article):
        article = make_article()
        dumped = serializers.serialize("json", [article])
        before = stored_version()
        for obj in serializers.deserialize("json", dumped):
            obj.save()
        assert stored_version() == before


class TestScheduledPublication:
    def test_a_page_request_after_the_scheduled_time_leaves_it_alone(self, client, make_article, time_machine):
        time_machine.move_to(beijing(2024, 6, 7, 9, 0), tick=False)
        make_article(published_at=beijing(2024, 6, 7, 10, 0))
        before = stored_version()
        time_machine.move_to(beijing(2024, 6, 7, 10, 0) + timedelta(seconds=1), tick=False)
        assert client.get("/").status_code == 200
        assert stored_version() == before

    def test_the_publication_task_bumps_it_at_the_scheduled_time(self, make_article, time_machine):
        from publishing.tasks import article_publication_due

        time_machine.move_to(beijing(2024, 6, 7, 9, 0), tick=False)
        article = make_article(published_at=beijing(2024, 6, 7, 10, 0))
        before = stored_version()
        time_machine.move_to(beijing(2024, 6, 7, 10, 0) + timedelta(seconds=1), tick=False)
        article_publication_due.call(article.pk, article.published_at.isoformat())
        assert stored_version() == before + 1
        assert Article.objects.published().count() == 1

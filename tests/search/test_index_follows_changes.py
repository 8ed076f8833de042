"""The index follows every publish, edit, withdrawal and deletion at once."""

import pytest
from django.core.management import call_command

from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish, article_withdraw
from news.models import Article, ArticleStatus
from search.backends import get_backend

from ..conftest import beijing

pytestmark = pytest.mark.django_db


class TestIndexFollowsChanges:
    def test_publishing_a_draft_makes_it_findable(self, search, make_article):
        draft = make_article("防火宣传月活动", status=ArticleStatus.DRAFT)
        assert search("防火") == []
        article_publish(article=draft, published_at=beijing(2024, 4, 1, 8, 0), actor=SYSTEM)
        assert search("防火") == [draft.pk]

    def test_an_edit_is_searchable_at_once_and_the_old_words_are_gone(self, search, make_article):
        article = make_article("防火宣传月活动")
        article.title = "禁牧休牧通告"
        article.body = "<p>草原禁牧。</p>"
        article.save()
        assert search("防火") == []
        assert search("禁牧") == [article.pk]

    def test_withdrawing_removes_it_from_results_and_republishing_brings_it_back(self, search, make_article):
        article = make_article("防火宣传月活动")
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        assert search("防火") == []
        article_publish(article=article, actor=SYSTEM)
        assert search("防火") == [article.pk]

    def test_deleting_removes_it_from_the_index(self, search, make_article):
        article = make_article("防火宣传月活动")
        keep = make_article("防火检查")
        pk = article.pk
        article.delete()
        assert search("防火") == [keep.pk]
        assert indexed_ids() == {keep.pk}
        assert pk not in indexed_ids()

    def test_deleting_through_a_queryset_removes_them_too(self, search, make_article):
        make_article("防火宣传月活动")
        make_article("防火检查")
        Article.objects.all().delete()
        assert indexed_ids() == set()

    def test_a_failed_save_leaves_the_index_as_it_was(self, search, make_article):
        from django.db import transaction

        article = make_article("防火宣传月活动")
        with pytest.raises(RuntimeError), transaction.atomic():
            article.title = "禁牧休牧通告"
            article.save()
            raise RuntimeError("the editor's request failed after saving")
        assert search("防火") == [article.pk]
        assert search("禁牧") == []


class TestRebuildCommand:
    def test_rebuilding_restores_a_lost_index(self, search, township, capsys):
        get_backend().remove(Article.objects.values_list("pk", flat=True))
        assert search("统战") == []
        call_command("rebuild_search_index")
        assert set(search("统战")) == {
            township[name].pk for name in ("united_front", "unity_list", "briefing_new", "briefing_old")
        }
        assert f"已重建搜索索引:{Article.objects.count()} 篇文章" in capsys.readouterr().out

    def test_rebuilding_drops_entries_of_articles_that_no_longer_exist(self, make_article):
        article = make_article("防火宣传月活动")
        Article.objects.filter(pk=article.pk)._raw_delete(Article.objects.db)  # no signals
        assert indexed_ids() == {article.pk}
        call_command("rebuild_search_index", "--batch-size", "1", verbosity=0)
        assert indexed_ids() == set()

    def test_rebuilding_works_in_small_batches(self, search, township):
        call_command("rebuild_search_index", "--batch-size", "2", verbosity=0)
        assert indexed_ids() == set(Article.objects.values_list("pk", flat=True))
        assert search("嘎查村") == [township["education"].pk]

    def test_a_bad_batch_size_is_refused(self):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="批量大小必须是正整数"):
            call_command("rebuild_search_index", "--batch-size", "0")


def indexed_ids():
    from django.db import connection

    table, column = ("search_entry", "article_id") if connection.vendor == "postgresql" else ("search_fts", "rowid")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return {row[0] for row in cursor.fetchall()}

"""The search index tables. Each exists only on its own database (see
migrations/0001_initial.py); they are declared here so Django knows them,
e.g. to empty them with the rest of the database between tests. Written and
read only through search.backends."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """PostgreSQL: one row per article: its tsvectors (title; everything,
    without positions), its date for ordering, its plain text for phrases."""

    article_id = models.BigIntegerField(primary_key=True)
    published_at = models.DateTimeField(null=True)
    title_document = SearchVectorField()
    document = SearchVectorField()
    text = models.TextField(default="")

    class Meta:
        db_table = "search_entry"
        verbose_name = "搜索索引(PostgreSQL)"
        # Django then leaves the table alone elsewhere (e.g. when it
        # serialises a test database for serialized_rollback).
        required_db_vendor = "postgresql"


class FullTextEntry(models.Model):
    """SQLite: a row of the FTS5 table; rowid is the article id."""

    article_id = models.BigIntegerField(primary_key=True, db_column="rowid")
    title = models.TextField()
    body = models.TextField()
    meta = models.TextField()

    class Meta:
        db_table = "search_fts"
        verbose_name = "搜索索引(SQLite)"
        required_db_vendor = "sqlite"

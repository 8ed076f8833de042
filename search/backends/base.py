from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Document:
    """An article as the index sees it: segmented tokens, space-joined."""

    article_id: int
    title: str
    body: str
    meta: str


class SearchBackend:
    """Keeps the index and answers queries. Matching happens in the index;
    what residents may see is decided by the queryset passed in (always built
    on Article.objects.published()), joined to the index in one statement."""

    RELEVANCE = "relevance"
    DATE = "date"

    def index(self, documents):
        raise NotImplementedError

    def remove(self, article_ids):
        raise NotImplementedError

    def remove_orphans(self):
        """Drop entries whose article no longer exists."""
        raise NotImplementedError

    def count(self, queryset, query, *, at_most):
        """How many articles match, counting no further than `at_most`."""
        raise NotImplementedError

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        raise NotImplementedError

    @staticmethod
    def compile(queryset):
        """The queryset as SQL selecting id and published_at, to join on."""
        sql, params = queryset.order_by().values("id", "published_at").query.sql_with_params()
        return sql, list(params)

    @staticmethod
    def fetch(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @staticmethod
    def execute(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    @staticmethod
    def execute_many(sql, rows):
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q

from ..mongolian import has_mongolian


@dataclass(frozen=True)
class Document:
    """An article as the index sees it: segmented tokens, space-joined; its
    date; and its fields as plain normalised text, one a line, for phrases."""

    article_id: int
    title: str
    body: str
    meta: str
    published_at: datetime | None = None
    text: str = ""


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

    def matching_phrases(self, queryset, query):
        """`queryset` narrowed to articles holding each quoted phrase or code
        as typed, not only word by word. A backend that checks phrases in its
        own index returns the queryset as it is. Mongolian phrases are left
        to the index's own phrase matching: stored Mongolian text may hold
        variation selectors that the typed phrase does not."""
        for phrase in query.phrases:
            if has_mongolian(phrase):
                continue
            queryset = queryset.filter(
                Q(title__icontains=phrase)
                | Q(subtitle__icontains=phrase)
                | Q(summary__icontains=phrase)
                | Q(body__icontains=phrase)
                | Q(index_number__icontains=phrase)
                | Q(document_number__icontains=phrase)
                | Q(source__icontains=phrase)
                | Q(author__icontains=phrase)
            )
        return queryset

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

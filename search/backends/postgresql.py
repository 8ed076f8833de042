"""PostgreSQL: tsvectors of the segmented text with the `simple`
configuration (no stemming, no stop words: jieba has done the cutting), the
title weighted A above meta (B) and body (D), a GIN index, ts_rank_cd."""
from .base import SearchBackend

TABLE = "search_entry"
DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'D')"
)


def quote(token):
    """A lexeme in single quotes: nothing typed is read as tsquery syntax."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query):
    terms = []
    for term in query.terms:
        options = ["(" + " & ".join(quote(token) for token in alternative) + ")" for alternative in term.alternatives]
        terms.append("(" + " | ".join(options) + ")")
    return " & ".join(terms)


class PostgresBackend(SearchBackend):
    def index(self, documents):
        self.execute_many(
            f"INSERT INTO {TABLE} (article_id, title_document, document) "
            f"VALUES (%s, to_tsvector('simple', %s), {DOCUMENT}) "
            "ON CONFLICT (article_id) DO UPDATE SET "
            "title_document = EXCLUDED.title_document, document = EXCLUDED.document",
            [(d.article_id, d.title, d.title, d.meta, d.body) for d in documents],
        )

    def remove(self, article_ids):
        article_ids = list(article_ids)
        if article_ids:
            self.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [article_ids])

    def remove_orphans(self):
        self.execute(
            f"DELETE FROM {TABLE} e WHERE NOT EXISTS (SELECT 1 FROM news_article a WHERE a.id = e.article_id)", []
        )

    def _from(self, queryset, query):
        sql, params = self.compile(queryset)
        return (
            f"FROM ({sql}) AS a JOIN {TABLE} AS e ON e.article_id = a.id, to_tsquery('simple', %s) AS q "
            "WHERE e.document @@ q",
            [*params, tsquery(query)],
        )

    def count(self, queryset, query):
        from_sql, params = self._from(queryset, query)
        return self.fetch(f"SELECT COUNT(*) {from_sql}", params)[0][0]

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        from_sql, params = self._from(queryset, query)
        if order == self.RELEVANCE:
            # Articles whose title holds every word first, then cover density, then newer.
            order_sql = "e.title_document @@ q DESC, ts_rank_cd(e.document, q) DESC, a.published_at DESC, a.id DESC"
        else:
            order_sql = "a.published_at DESC, a.id DESC"
        rows = self.fetch(f"SELECT a.id {from_sql} ORDER BY {order_sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [row[0] for row in rows]

"""PostgreSQL: tsvectors of the segmented text with the `simple`
configuration (no stemming, no stop words: jieba has done the cutting), the
title weighted A above meta (B) and body (D), a GIN index, ts_rank_cd."""
from .base import SearchBackend

TABLE = "search_entry"
DOCUMENT = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'D')"
)


NEWEST_FIRST = "a.published_at DESC, a.id DESC"
RANK = "ts_rank_cd(e.document, q) DESC, " + NEWEST_FIRST
TITLE_RANK = "ts_rank_cd(e.title_document, q) DESC, " + NEWEST_FIRST
# Up to this many matches every one is ranked on its whole text.
FULL_RANKING_LIMIT = 2000


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

    def count(self, queryset, query, *, at_most):
        from_sql, params = self._from(queryset, query)
        return self._count(from_sql, params, at_most)

    def _count(self, from_sql, params, at_most):
        return self.fetch(f"SELECT COUNT(*) FROM (SELECT 1 {from_sql} LIMIT %s) AS hits", [*params, at_most])[0][0]

    def _ids(self, from_sql, params, order_sql, limit, offset):
        rows = self.fetch(f"SELECT a.id {from_sql} ORDER BY {order_sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [row[0] for row in rows]

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        from_sql, params = self._from(queryset, query)
        if order == self.DATE:
            return self._ids(from_sql, params, NEWEST_FIRST, limit, offset)
        if self._count(from_sql, params, FULL_RANKING_LIMIT + 1) <= FULL_RANKING_LIMIT:
            # Few enough to rank every match by cover density over title and body.
            return self._ids(from_sql, params, f"e.title_document @@ q DESC, {RANK}", limit, offset)
        # A common word: reading every match's body would take seconds, so rank
        # by tiers read through the indexes: title matches (by how well the
        # title matches), then body-only matches, newer first in each.
        title_sql, title_params = from_sql + " AND e.title_document @@ q", params
        body_sql, body_params = from_sql + " AND NOT (e.title_document @@ q)", params
        ids = self._ids(title_sql, title_params, TITLE_RANK, limit, offset)
        if len(ids) < limit:
            in_titles = len(ids) + offset if ids else self._count(title_sql, title_params, offset)
            ids += self._ids(body_sql, body_params, NEWEST_FIRST, limit - len(ids), max(0, offset - in_titles))
        return ids

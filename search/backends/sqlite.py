"""SQLite: an FTS5 table over the segmented text, ranked with bm25."""

from .. import segmentation
from ..mongolian import has_mongolian
from .base import SearchBackend

TABLE = "search_fts"
# bm25 weights per column: title, body, meta (索引号, 文号, 来源, 作者).
BM25_WEIGHTS = "10.0, 1.0, 2.0"


def quote(token):
    return '"' + token.replace('"', '""') + '"'


def match_expression(query, column=None):
    """Every token quoted: nothing typed is read as FTS5 syntax. A Mongolian
    phrase is an FTS5 phrase of its tokens (a Mongolian word is one token,
    with no shorter words indexed beside it, so its words stay adjacent)."""
    terms = []
    for term in query.terms:
        options = ["(" + " AND ".join(quote(token) for token in alternative) + ")" for alternative in term.alternatives]
        terms.append("(" + " OR ".join(options) + ")")
    for phrase in query.phrases:
        if has_mongolian(phrase):
            terms.append(quote(" ".join(segmentation.tokens(phrase))))
    expression = " AND ".join(terms)
    return f"{{{column}}} : ({expression})" if column else expression


class SqliteBackend(SearchBackend):
    def index(self, documents):
        documents = list(documents)
        self.remove([document.article_id for document in documents])
        self.execute_many(
            f"INSERT INTO {TABLE} (rowid, title, body, meta) VALUES (%s, %s, %s, %s)",
            [(d.article_id, d.title, d.body, d.meta) for d in documents],
        )

    def remove(self, article_ids):
        self.execute_many(f"DELETE FROM {TABLE} WHERE rowid = %s", [(article_id,) for article_id in article_ids])

    def remove_orphans(self):
        self.execute(f"DELETE FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM news_article)", [])

    def _from(self, queryset, query):
        sql, params = self.compile(queryset)
        return (
            f"FROM ({sql}) AS a JOIN {TABLE} ON {TABLE}.rowid = a.id WHERE {TABLE} MATCH %s",
            [*params, match_expression(query)],
        )

    def count(self, queryset, query, *, at_most):
        from_sql, params = self._from(queryset, query)
        return self.fetch(f"SELECT COUNT(*) FROM (SELECT 1 {from_sql} LIMIT %s)", [*params, at_most])[0][0]

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        from_sql, params = self._from(queryset, query)
        if order == self.RELEVANCE:
            # Articles whose title holds every word first, then bm25, then newer.
            order_sql = (
                f"a.id IN (SELECT t.rowid FROM {TABLE} AS t WHERE t.{TABLE} MATCH %s) DESC, "
                f"bm25({TABLE}, {BM25_WEIGHTS}), a.published_at DESC, a.id DESC"
            )
            params.append(match_expression(query, column="title"))
        else:
            order_sql = "a.published_at DESC, a.id DESC"
        rows = self.fetch(f"SELECT a.id {from_sql} ORDER BY {order_sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [row[0] for row in rows]

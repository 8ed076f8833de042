"""PostgreSQL: tsvectors of the segmented text with the `simple` configuration.

Ranking is (title holds every word, newest first): title matches above body
matches, newer above older. Most words a resident types are in thousands of
articles, so a results page is read in two steps:

1. the candidates: the matching entries, found through the GIN index as a
   bitmap (the tsvectors are never read: `simple` lexemes need no recheck),
   ordered by tier and date read from the small entry row, cut to the few
   the page needs (a top-N sort);
2. those candidates joined to the articles residents may see (the queryset
   built on published(), with the column and date filters), and checked for
   the quoted phrases and codes on their stored plain text.

If step 2 leaves the page short (drafts, another column, a phrase not found),
the candidates are read again, more of them, and at last all of them.
"""
from .base import SearchBackend

TABLE = "search_entry"
DOCUMENT = "strip(to_tsvector('simple', concat_ws(' ', %s, %s, %s)))"
# Candidates read beyond what the page needs at first, then this many times more.
CANDIDATE_SLACK = 40
CANDIDATE_GROWTH = 16


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
            f"INSERT INTO {TABLE} (article_id, published_at, title_document, document, text) "
            f"VALUES (%s, %s, to_tsvector('simple', %s), {DOCUMENT}, %s) "
            "ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, "
            "title_document = EXCLUDED.title_document, document = EXCLUDED.document, text = EXCLUDED.text",
            [(d.article_id, d.published_at, d.title, d.title, d.meta, d.body, d.text) for d in documents],
        )

    def remove(self, article_ids):
        article_ids = list(article_ids)
        if article_ids:
            self.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [article_ids])

    def remove_orphans(self):
        self.execute(
            f"DELETE FROM {TABLE} e WHERE NOT EXISTS (SELECT 1 FROM news_article a WHERE a.id = e.article_id)", []
        )

    def matching_phrases(self, queryset, query):
        return queryset  # checked on the entries' plain text, candidates only

    def _visible(self, queryset, query):
        """Candidates `c` joined to what residents may see, holding the phrases."""
        sql, params = self.compile(queryset)
        joins = [f"JOIN ({sql}) AS a ON a.id = c.article_id"]
        if query.phrases:
            checks = " AND ".join("strpos(t.text, %s) > 0" for _ in query.phrases)
            joins.append(f"JOIN {TABLE} AS t ON t.article_id = c.article_id AND {checks}")
            params += query.phrases
        return " ".join(joins), params

    def count(self, queryset, query, *, at_most):
        visible_sql, visible_params = self._visible(queryset, query)
        return self.fetch(
            f"WITH c AS MATERIALIZED (SELECT e.article_id FROM {TABLE} AS e WHERE e.document @@ to_tsquery('simple', %s)) "
            f"SELECT COUNT(*) FROM (SELECT 1 FROM c {visible_sql} LIMIT %s) AS hits",
            [tsquery(query), *visible_params, at_most],
        )[0][0]

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        tier = "e.title_document @@ q" if order == self.RELEVANCE else "false"
        visible_sql, visible_params = self._visible(queryset, query)
        sql = (
            f"WITH c AS MATERIALIZED (SELECT e.article_id, e.published_at, {tier} AS title_match "
            f"FROM {TABLE} AS e, to_tsquery('simple', %s) AS q WHERE e.document @@ q "
            "ORDER BY title_match DESC, e.published_at DESC NULLS LAST, e.article_id DESC LIMIT %s) "
            f"SELECT c.article_id FROM c {visible_sql} "
            "ORDER BY c.title_match DESC, c.published_at DESC NULLS LAST, c.article_id DESC LIMIT %s OFFSET %s"
        )
        candidates = offset + limit + CANDIDATE_SLACK
        while True:
            rows = self.fetch(sql, [tsquery(query), candidates, *visible_params, limit, offset])
            if len(rows) == limit or candidates is None:
                return [row[0] for row in rows]
            # Short: either the last page, or candidates filtered out; read more.
            candidates = candidates * CANDIDATE_GROWTH if candidates < 100_000 else None

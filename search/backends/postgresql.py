"""PostgreSQL: tsvectors of the segmented text with the `simple` configuration.

Ranking is (title holds every word, newest first): title matches above body
matches, newer above older. Most words a resident types are in thousands of
articles, so no statement ever ranks or reads every match's text. Each tier
(titles, then bodies; or everything, sorted by date) is read newest first:

1. walking the newest entries through the (published_at, article_id) index
   and testing each: enough when the words are common, as they mostly are;
2. else the matches found through a GIN index as a bitmap (no tsvector read:
   `simple` lexemes need no recheck), ordered by the date kept in the small
   entry row with a top-N sort, cut to the few the page needs.

Either way the candidates are then joined to the articles residents may see
(the queryset built on published(), with the column and date filters) and
checked for quoted phrases and codes on their stored plain text. If that
leaves the page short, more candidates are read, at last all of them.
"""

from .base import SearchBackend

TABLE = "search_entry"
DOCUMENT = "strip(to_tsvector('simple', concat_ws(' ', %s, %s, %s)))"
# Newest entries tested one by one before the GIN index is used instead.
NEWEST_WALK = 200
# Candidates read beyond what the page needs at first, then this many times more.
CANDIDATE_SLACK = 40
CANDIDATE_GROWTH = 16
NEWEST_FIRST = "{e}.published_at DESC NULLS LAST, {e}.article_id DESC"
EVERYTHING = "{e}.document @@ q"
IN_TITLE = "{e}.title_document @@ q"
IN_BODY_ONLY = "{e}.document @@ q AND NOT {e}.title_document @@ q"


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
        # Unordered and cut at `at_most`: the scan stops after that many.
        return self.fetch(
            self.BY_INDEX
            + f"WITH c AS MATERIALIZED (SELECT e.article_id FROM {TABLE} AS e WHERE e.document @@ to_tsquery('simple', %s)) "
            f"SELECT COUNT(*) FROM (SELECT 1 FROM c {visible_sql} LIMIT %s) AS hits",
            [tsquery(query), *visible_params, at_most],
        )[0][0]

    def ranked_ids(self, queryset, query, *, order, limit, offset):
        visible = self._visible(queryset, query)
        wanted = offset + limit
        if order == self.DATE:
            return self._newest(EVERYTHING, query, visible, wanted)[offset:]
        ids = self._newest(IN_TITLE, query, visible, wanted)
        if len(ids) < wanted:
            ids += self._newest(IN_BODY_ONLY, query, visible, wanted - len(ids))
        return ids[offset:]

    def _newest(self, condition, query, visible, wanted):
        """The ids of the `wanted` newest visible articles meeting `condition`."""
        visible_sql, visible_params = visible
        walked = self.fetch(
            f"SELECT c.article_id FROM (SELECT e.article_id, e.published_at, e.title_document, e.document "
            f"FROM {TABLE} AS e ORDER BY {NEWEST_FIRST.format(e='e')} LIMIT %s) AS c "
            f"CROSS JOIN to_tsquery('simple', %s) AS q {visible_sql} WHERE {condition.format(e='c')} "
            f"ORDER BY {NEWEST_FIRST.format(e='c')} LIMIT %s",
            [NEWEST_WALK, tsquery(query), *visible_params, wanted],
        )
        if len(walked) == wanted:
            return [row[0] for row in walked]
        # OFFSET 0 keeps the planner from walking the date index here too:
        # the matches come from the GIN bitmap, then a top-N sort.
        sql = (
            "WITH c AS MATERIALIZED (SELECT m.article_id, m.published_at FROM "
            f"(SELECT e.article_id, e.published_at FROM {TABLE} AS e, to_tsquery('simple', %s) AS q "
            f"WHERE {condition.format(e='e')} OFFSET 0) AS m ORDER BY {NEWEST_FIRST.format(e='m')} LIMIT %s) "
            "SELECT (SELECT COUNT(*) FROM c), "
            f"ARRAY(SELECT c.article_id FROM c {visible_sql} ORDER BY {NEWEST_FIRST.format(e='c')} LIMIT %s)"
        )
        candidates = wanted + CANDIDATE_SLACK
        while True:
            found, ids = self.fetch(self.BY_INDEX + sql, [tsquery(query), candidates, *visible_params, wanted])[0]
            if len(ids) == wanted or candidates is None or found < candidates:
                return ids
            # Short, and there are more candidates: those read were not visible.
            candidates = candidates * CANDIDATE_GROWTH if candidates < 100_000 else None

    # Matches are read through the GIN index, never by a sequential scan: the
    # planner thinks testing a row cheap, but for a common word that means
    # reading every article's tsvector out of TOAST storage (seconds). Sent
    # with the query as one string, so it lasts only for it (or, inside a
    # transaction, until that ends).
    BY_INDEX = "SET LOCAL enable_seqscan = off; "

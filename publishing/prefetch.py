"""What a batch of pages reads, read once for the batch instead of once per
page: the site settings, and for many article pages the articles with their
attachments and their neighbours (上一篇/下一篇). The views use it only for
publishing requests (news.public.views.ArticleView, news.public.pages), so a
resident's request runs the very queries it always did.

Freshness: the batch reads the site settings (and brings the content version
up to date) before anything else, and pages_publish_waiting stamps the pages
written at the batch's start. A change committed during the batch queues its
pages again with a later time, so they are written again by a later batch.
The neighbours of every public article and each column's list are read
once per writing run and content version (run_memo), not once per page."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from news.language import CHINESE, MONGOLIAN
from news.models import Article
from news.public.pages import site_settings_read

# Fewer article pages than this in a batch (the task worker after one
# publication) read their articles the usual way.
PREFETCH_MIN_ARTICLES = 50


@dataclass
class PublishContext:
    site: object
    memo: dict  # what one writing run keeps from batch to batch (run_memo)
    articles: dict = field(default_factory=dict)  # id -> {"article": …, "parts": …}
    language: str = CHINESE
    mn_articles: dict = field(default_factory=dict)  # the same for the batch's Mongolian article pages

    def column_listing(self, column_ids):
        """The column list of `column_ids` (a column and those below it), newest first."""
        return column_listing(self.memo, self.site.content_version, column_ids, self.language)

    def in_language(self, language):
        """What the batch's pages in `language` may use of it: a Mongolian
        page lists only the articles with a Mongolian version, so it gets
        its own column lists, articles and neighbours."""
        if language == self.language:
            return self
        return replace(self, articles=self.mn_articles, mn_articles={}, language=language)


def run_memo():
    """What a writing run (publishing.services.pages_publish_waiting) reads
    once and keeps across its batches, per content version: a change that
    bumps the version during the run is read afresh by the next batch."""
    return {"version": None, "neighbours": {}, "listings": {}}


def _memo_for(memo, version):
    if memo["version"] != version:
        memo.update(version=version, neighbours={}, listings={})
    return memo


def publish_context(article_ids, memo, site_key=None, mn_article_ids=()):
    """The PublishContext of a batch of the site keyed `site_key` (None: the
    default site) whose article pages are `article_ids` and, in the
    蒙古文版, `mn_article_ids`."""
    site, _ = site_settings_read(site_key)
    context = PublishContext(site=site, memo=memo)
    for language, ids, found in (
        (CHINESE, article_ids, context.articles),
        (MONGOLIAN, mn_article_ids, context.mn_articles),
    ):
        if len(ids) >= PREFETCH_MIN_ARTICLES:
            found.update(_articles_read(memo, site, ids, language))
    return context


def _articles_read(memo, site, article_ids, language):
    """id -> {"article", "parts"} of those of `article_ids` a page in `language` shows."""
    neighbours = neighbours_map(memo, site.content_version, site.pk, language)
    articles = (
        Article.objects.published()
        .in_language(language)
        .select_related("column")
        .filter(pk__in=article_ids, column__site_id=site.pk)
    )
    found = {}
    for article in articles.prefetch_related("attachments"):
        older, newer = neighbours.get(article.pk, (None, None))
        parts = {
            "neighbours": (_neighbour(older), _neighbour(newer)),
            "attachments": list(article.attachments.all()),
        }
        found[article.pk] = {"article": article, "parts": parts}
    return found


def neighbours_map(memo, version, site_id, language=CHINESE):
    """id -> (older, newer) of every public article of the site (of those a
    page in `language` lists), each (id, column, title, published_at[,
    title_mn]) or None, as Article.neighbours orders them (within a column,
    so within its site)."""
    memo = _memo_for(memo, version)
    if language not in memo["neighbours"]:
        fields = ("id", "column_id", "title", "published_at", *(("title_mn",) if language == MONGOLIAN else ()))
        rows = (
            Article.objects.published()
            .in_language(language)
            .filter(column__site_id=site_id)
            .order_by("column_id", "published_at", "id")
            .values_list(*fields)
        )
        mapping = {}
        previous = None
        for row in rows.iterator(chunk_size=5000):
            if previous is not None and previous[1] == row[1]:
                mapping[previous[0]] = (mapping[previous[0]][0], row)
                mapping[row[0]] = (previous, None)
            else:
                mapping[row[0]] = (None, None)
            previous = row
        memo["neighbours"][language] = mapping
    return memo["neighbours"][language]


class Listing(Sequence):
    """A column's public articles, newest first, read in one query and kept
    as plain rows; a page of it (a slice) becomes Article instances with
    what a list item shows (id, title, publication time). The column pages
    of a whole-site rewrite are then one query per column and content
    version, instead of one OFFSET query per page, which grows with its depth."""

    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_listed(row) for row in self.rows[index]]
        return _listed(self.rows[index])


def column_listing(memo, version, column_ids, language=CHINESE):
    listings = _memo_for(memo, version)["listings"]
    key = column_ids if language == CHINESE else (language, column_ids)
    listing = listings.get(key)
    if listing is None:
        fields = ("id", "title", "published_at", *(("title_mn",) if language == MONGOLIAN else ()))
        rows = Article.objects.published().in_language(language).in_columns(column_ids).newest_first()
        listing = listings[key] = Listing(list(rows.values_list(*fields).iterator(chunk_size=5000)))
    return listing


def _listed(row):
    article = Article(id=row[0], title=row[1], published_at=row[2])
    if len(row) > 3:
        article.title_mn = row[3]  # what a Mongolian list shows (shown_title)
    return article


def _neighbour(row):
    if row is None:
        return None
    article = Article(id=row[0], title=row[2], published_at=row[3])
    if len(row) > 4:
        article.title_mn = row[4]  # what a Mongolian page's 上一篇/下一篇 shows
    return article

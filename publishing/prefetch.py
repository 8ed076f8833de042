"""What a batch of pages reads, read once for the batch instead of once per
page: the site settings, and for many article pages the articles with their
attachments and their neighbours (上一篇/下一篇). The views use it only for
publishing requests (news.public.views.ArticleView, news.public.pages), so a
resident's request runs the very queries it always did.

Freshness: the batch reads the site settings (and brings the content version
up to date) before anything else, and pages_publish_waiting stamps the pages
written at the batch's start. A change committed during the batch queues its
pages again with a later time, so they are written again by a later batch.
The neighbours of every public article are kept per process while the
content version stays the same (one query per content version, not per page)."""

from dataclasses import dataclass, field

from news.models import Article
from news.public.pages import site_settings_read

# Fewer article pages than this in a batch (the task worker after one
# publication) read their articles the usual way.
PREFETCH_MIN_ARTICLES = 50

_neighbours = {"version": None, "map": {}}


@dataclass
class PublishContext:
    site: object
    articles: dict = field(default_factory=dict)  # id -> {"article": …, "parts": …}


def publish_context(article_ids):
    """The PublishContext of a batch whose article pages are `article_ids`."""
    site, _ = site_settings_read()
    context = PublishContext(site=site)
    if len(article_ids) >= PREFETCH_MIN_ARTICLES:
        neighbours = neighbours_map(site.content_version)
        articles = Article.objects.published().select_related("column").filter(pk__in=article_ids)
        for article in articles.prefetch_related("attachments"):
            older, newer = neighbours.get(article.pk, (None, None))
            parts = {
                "neighbours": (_neighbour(older), _neighbour(newer)),
                "attachments": list(article.attachments.all()),
            }
            context.articles[article.pk] = {"article": article, "parts": parts}
    return context


def neighbours_map(version):
    """id -> (older, newer) of every public article, each (id, title,
    published_at) or None, as Article.neighbours orders them."""
    if _neighbours["version"] != version:
        _neighbours["map"] = {}
        rows = (
            Article.objects.published()
            .order_by("column_id", "published_at", "id")
            .values_list("id", "column_id", "title", "published_at")
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
        _neighbours.update(version=version, map=mapping)
    return _neighbours["map"]


def _neighbour(row):
    if row is None:
        return None
    return Article(id=row[0], title=row[2], published_at=row[3])

"""Which site a published file belongs to. Every file of the published tree
lives under its site's folder (PUBLISH_ROOT/<site key>/…), and nginx picks
the folder from the request's host name (publishing.nginx_map)."""

from news.models import Article, Site


def site_keys():
    """Every site whose pages are published, the default site first."""
    return list(Site.objects.order_by("id").values_list("key", flat=True))


def default_site_key():
    return Site.objects.default().key


def site_for_key(key):
    """The Site of `key`, None if there is none (any more)."""
    return Site.objects.filter(key=key).first()


def article_site_keys(article_ids):
    """article id -> its site's key, in one query per 500 articles."""
    ids = list(article_ids)
    keys = {}
    for start in range(0, len(ids), 500):
        rows = Article.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", "column__site__key")
        keys.update(rows)
    return keys

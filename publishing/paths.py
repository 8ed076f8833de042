"""Where a public page's file lives in the published tree.

A page is named by its path and canonical query string, as a visitor asks
for it (`/column/news/?page=3`); its file is named so that nginx finds it
from the request alone (deploy/nginx/portal-pages.conf):

    /                           <site>/index.html
    /article/5/                 <site>/article/5/index.html
    /column/news/?page=3        <site>/column/news/page-3.html
    /feed/, /column/news/feed/  <site>/…/feed/index.xml
    /robots.txt, /sitemap.xml   <site>/robots.txt, <site>/sitemap.xml
    /sitemap-articles.xml?p=2   <site>/sitemap-articles-p2.xml

Page 1 of a list has no query string, so it is only ever index.html."""

from urllib.parse import parse_qsl

# nginx's own error pages: the 503 page shown while gunicorn is down. (A
# missing page is a 404 only the application can tell, so it has no file.)
ERROR_PAGES = {"503": "_errors/503.html"}


class NotPublishable(ValueError):
    """A path that has no place in the published tree."""


def page_file_name(site, path):
    """The storage name of the page at `path` (path and query string) of `site`."""
    url, _, query = path.partition("?")
    if not url.startswith("/") or ".." in url or "//" in url:
        raise NotPublishable(path)
    params = dict(parse_qsl(query))
    if set(params) - {"page", "p"}:
        raise NotPublishable(path)
    name = url.lstrip("/")
    if url.endswith("/"):
        page = params.get("page")
        if page is not None:
            if not page.isdigit() or int(page) < 2:
                raise NotPublishable(path)
            name += f"page-{int(page)}.html"
        elif url.endswith("/feed/"):
            name += "index.xml"
        else:
            name += "index.html"
    elif "p" in params:
        stem, dot, extension = name.rpartition(".")
        if not params["p"].isdigit() or not dot:
            raise NotPublishable(path)
        name = f"{stem}-p{int(params['p'])}.{extension}"
    return f"{site}/{name}"


def error_file_name(site, status):
    return f"{site}/{ERROR_PAGES[status]}"


def preferences_file_name(site, preferences):
    """The preference stylesheet of one combination (font size, elder mode),
    e.g. <site>/_prefs/large-1.css: nginx answers /preferences.css with it,
    picked from the visitor's cookies (deploy/nginx/portal-maps.conf)."""
    return f"{site}/_prefs/{preferences.variant}.css"

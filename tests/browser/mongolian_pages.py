"""A 蒙古文版 to visit in the browser tests: the default site with its
Mongolian version open, a long Mongolian article (digits and Latin inside
its vertical lines) and enough Mongolian articles to fill a column."""

from datetime import timedelta

from tests.conftest import MN_TITLE

# Real words (the test constants' own), repeated to make lines and columns;
# not a translation of anything.
MN_SENTENCE = "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ᠃ 2024 ᠣᠨ ᠤ 6 ᠰᠠᠷ ᠠ ᠶᠢᠨ 7 ᠤ ᠡᠳᠦᠷ᠃ ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ ᠦᠨ ᠮᠡᠳᠡᠭᠡ WiFi᠃"
MN_LONG_BODY = "".join(f"<p>{MN_SENTENCE * 3}</p>" for _ in range(12))
OTHER_ARTICLES = 4


def mongolian_site(live_server, make_mongolian_article):
    """The addresses of every Mongolian page type, by a short name, and the
    long article."""
    article = make_mongolian_article(title="苏木新闻", body="<p>中文正文。</p>", body_mn=MN_LONG_BODY)
    for number in range(1, OTHER_ARTICLES + 1):
        make_mongolian_article(
            title=f"中文标题{number}",
            title_mn=f"{MN_TITLE} {number}",
            published_at=article.published_at - timedelta(days=number),
        )
    base = f"{live_server.url}/mn"
    pages = {
        "home": f"{base}/",
        "column": f"{base}{article.column.get_absolute_url()}",
        "article": f"{base}{article.get_absolute_url()}",
        "site-map": f"{base}/sitemap/",
        "search": f"{base}/search/?q=ᠮᠣᠩᠭᠣᠯ",
        "not-found": f"{base}/column/no-such-column/",
    }
    return pages, article

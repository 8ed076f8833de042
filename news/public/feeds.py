from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext

from ..language import MONGOLIAN
from ..models import Article
from .language import request_language
from .pages import portal_state

FEED_ITEMS = 30


class LatestNewsFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = "news/feed_description.html"

    def get_object(self, request, slug=None):
        state = portal_state(request)
        self.site, self.tree = state.site, state.columns
        # On /mn/feed/: Mongolian titles and only the articles with a Mongolian version.
        self.reading = request_language(request)
        if slug is None:
            return None
        column = self.tree.get(slug)
        if column is None:
            raise Http404("没有这个栏目")
        return column

    def title(self, column):
        name = self.site.shown_site_name
        return f"{name} - {column.shown_name}" if column else f"{name} - {gettext('最新信息')}"

    def link(self, column):
        return column.get_absolute_url() if column else reverse("news:home")

    def description(self, column):
        if self.reading == MONGOLIAN:
            return self.title(column)
        return (column.description if column else self.site.site_description) or self.title(column)

    def items(self, column):
        articles = Article.objects.published().in_language(self.reading).select_related("column").newest_first()
        # The site's columns: the whole tree, or the column and those below it.
        ids = self.tree.descendant_ids(column) if column is not None else [c.id for c in self.tree.columns]
        return articles.in_columns(ids)[:FEED_ITEMS]

    def item_title(self, article):
        return article.shown_title

    def item_pubdate(self, article):
        return article.published_at

    def item_author_name(self, article):
        return article.shown_author or None

    def item_categories(self, article):
        return [article.column.shown_name]

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from ..models import Article
from .pages import portal_state

FEED_ITEMS = 30


class LatestNewsFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = "news/feed_description.html"

    def get_object(self, request, slug=None):
        state = portal_state(request)
        self.site, self.tree = state.site, state.columns
        if slug is None:
            return None
        column = self.tree.get(slug)
        if column is None:
            raise Http404("没有这个栏目")
        return column

    def title(self, column):
        return f"{self.site.site_name} - {column.name}" if column else f"{self.site.site_name} - 最新信息"

    def link(self, column):
        return column.get_absolute_url() if column else reverse("news:home")

    def description(self, column):
        return (column.description if column else self.site.site_description) or self.title(column)

    def items(self, column):
        articles = Article.objects.published().select_related("column").newest_first()
        # The site's columns: the whole tree, or the column and those below it.
        ids = self.tree.descendant_ids(column) if column is not None else [c.id for c in self.tree.columns]
        return articles.in_columns(ids)[:FEED_ITEMS]

    def item_title(self, article):
        return article.title

    def item_pubdate(self, article):
        return article.published_at

    def item_author_name(self, article):
        return article.author or None

    def item_categories(self, article):
        return [article.column.name]

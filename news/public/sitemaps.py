from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from ..models import Article, Column


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("id")

    def lastmod(self, article):
        return article.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Column.objects.order_by("order", "id")


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, name):
        return reverse(name)


sitemaps = {"home": HomeSitemap, "columns": ColumnSitemap, "articles": ArticleSitemap}

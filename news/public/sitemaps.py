"""sitemap.xml for crawlers, one per site: each section lists only the
site's own home page, columns and articles."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_section_view
from django.urls import reverse

from ..models import Article, Column
from .pages import portal_state


class SiteSitemap(Sitemap):
    def __init__(self, site):
        self.site = site


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().filter(column__site_id=self.site.pk).only("id", "updated_at").order_by("id")

    def lastmod(self, article):
        return article.updated_at


class ColumnSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Column.objects.filter(site_id=self.site.pk).order_by("order", "id")


class HomeSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, name):
        return reverse(name)


SECTIONS = {"home": HomeSitemap, "columns": ColumnSitemap, "articles": ArticleSitemap}


def site_sitemaps(site):
    """The sections of one site's sitemap."""
    return {name: section(site) for name, section in SECTIONS.items()}


def sitemap_index(request):
    sections = site_sitemaps(portal_state(request).site)
    return sitemap_index_view(request, sitemaps=sections, sitemap_url_name="sitemap-section")


def sitemap(request, section):
    return sitemap_section_view(request, sitemaps=site_sitemaps(portal_state(request).site), section=section)

"""sitemap.xml for crawlers, one per site: each section lists only the
site's own home page, columns and articles. On a site with a 蒙古文版 each
page is listed in both languages (the Mongolian one only for articles that
have a Mongolian version), each with xhtml:link hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_section_view
from django.urls import get_script_prefix, reverse

from ..language import CHINESE, HTML_LANG, MONGOLIAN, MONGOLIAN_PREFIX, reading_mongolian
from ..models import Article, Column
from .language import request_language
from .pages import portal_state


class SiteSitemap(Sitemap):
    def __init__(self, site, base="/"):
        self.site = site
        # The site's own script prefix ("/" or "/site/<key>/"), without /mn/.
        self.base = base
        if site.mongolian_enabled:
            # Django lists each item once per language, under
            # translation.override(language): location() reads it back.
            self.i18n = True
            self.alternates = True
            self.languages = [MONGOLIAN, CHINESE]

    def get_languages_for_item(self, item):
        return self.languages

    def _urls(self, page, protocol, domain):
        # hreflang as the pages' own links say it (mn-Mong, zh-CN), not Django's codes.
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            for alternate in url["alternates"]:
                alternate["lang_code"] = HTML_LANG.get(alternate["lang_code"], alternate["lang_code"])
        return urls

    def location(self, item):
        path = self.path(item)
        prefix = get_script_prefix()
        if path.startswith(prefix):
            path = path[len(prefix) :]
        language = f"{MONGOLIAN_PREFIX.lstrip('/')}/" if reading_mongolian() else ""
        return f"{self.base}{language}{path.lstrip('/')}"

    def path(self, item):
        return item.get_absolute_url()


class ArticleSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        articles = Article.objects.published().filter(column__site_id=self.site.pk)
        return articles.only("id", "updated_at", "has_mongolian").order_by("id")

    def get_languages_for_item(self, article):
        return [language for language in self.languages if language != MONGOLIAN or article.has_mongolian]

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

    def path(self, name):
        return reverse(name)


SECTIONS = {"home": HomeSitemap, "columns": ColumnSitemap, "articles": ArticleSitemap}


def site_sitemaps(site, base="/"):
    """The sections of one site's sitemap."""
    return {name: section(site, base) for name, section in SECTIONS.items()}


def _site_base(request):
    """The script prefix of the request's site: /mn/ pages list the same sitemap."""
    prefix = get_script_prefix()
    if request_language(request) == MONGOLIAN:
        prefix = prefix[: -len(MONGOLIAN_PREFIX)]
    return prefix


def sitemap_index(request):
    sections = site_sitemaps(portal_state(request).site, _site_base(request))
    return sitemap_index_view(request, sitemaps=sections, sitemap_url_name="sitemap-section")


def sitemap(request, section):
    sections = site_sitemaps(portal_state(request).site, _site_base(request))
    return sitemap_section_view(request, sitemaps=sections, section=section)

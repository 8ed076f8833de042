"""Links from one site's search results to articles of other sites (the
banner's search spans the platform): each article is linked on its own
site, through /site/<key>/ when the request came that way, else on the
site's own domain."""

from django.urls import get_script_prefix

from news.language import MONGOLIAN, MONGOLIAN_PREFIX
from news.public.language import request_language
from news.public.sites import site_path


class SiteLinks:
    def __init__(self, request, here):
        self.here = here
        self.prefix = getattr(request, "site_prefix", "")
        self.script_prefix = get_script_prefix()
        # /mn on the 蒙古文版: it follows the site prefix, in every site's links.
        self.language_prefix = MONGOLIAN_PREFIX if request_language(request) == MONGOLIAN else ""
        script = self.script_prefix.rstrip("/")
        script = script[: len(script) - len(self.language_prefix)]
        # What lies before the site prefix (an installation under a sub-path).
        self.base = script[: len(script) - len(self.prefix)]

    def url(self, obj, site):
        """`obj.get_absolute_url()` on `site`."""
        url = obj.get_absolute_url()
        if site.pk == self.here.pk:
            return url
        path = "/" + url[len(self.script_prefix) :] if url.startswith(self.script_prefix) else url
        if self.prefix:
            return self.base + site_path(site.key) + self.language_prefix + path
        return f"https://{site.domain}{self.base}{self.language_prefix}{path}"

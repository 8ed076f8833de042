"""Which site a request is for (集约化: one installation, many sites).

A request reaches a site by its host name (the site's 网站域名 or one of its
其他域名), or, on one address such as `make run`'s, by the path prefix
/site/<key>/ (the prefix becomes the script prefix, so every link the page
makes stays on that site). A host name no site claims gets the default site.

The host names are read from the database once and kept in each process for
SITE_HOSTS_SECONDS (and dropped at once in the process that changes a site),
so routing costs no query per request once warm. The same table holds the
sites' names for the 站群导航 every public page carries (site_links)."""

import re
import time
from dataclasses import dataclass, field

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, reverse, set_script_prefix

from ..language import MONGOLIAN_PREFIX, reading_mongolian
from ..models import Site
from ..models.site import DEFAULT_SITE_KEY

SITE_HOSTS_SECONDS = 30
SITE_PREFIX = re.compile(r"^/site/(?P<key>[a-z0-9][a-z0-9-]*)(?P<rest>/.*)?$")
# Names only this machine resolves (make run, the demo's *.localhost): a
# link to such a site goes by its path prefix, which works on any of them.
LOCAL_HOST = re.compile(r"^(localhost|127\.0\.0\.1|\[::1\])$|\.localhost$")

_hosts = {}  # per process: "table" -> SiteHosts


@dataclass(frozen=True)
class SiteEntry:
    key: str
    name: str
    domain: str
    name_mn: str = ""


@dataclass
class SiteHosts:
    by_host: dict = field(default_factory=dict)
    keys: frozenset = frozenset()
    mongolian_keys: frozenset = frozenset()  # the sites with a 蒙古文版
    default_key: str = DEFAULT_SITE_KEY
    read_at: float = 0.0
    directory: tuple = ()  # SiteEntry: the banner's portal first, then by age


@dataclass(frozen=True)
class SiteLink:
    name: str
    url: str
    is_current: bool


def site_hosts():
    """Host name -> site key, every key and the default site's key."""
    table = _hosts.get("table")
    if table is None or time.monotonic() - table.read_at > SITE_HOSTS_SECONDS:
        table = _site_hosts_read(table)
        _hosts["table"] = table
    return table


def _site_hosts_read(previous):
    try:
        sites = list(
            Site.objects.order_by("id").only(
                "key", "domain", "extra_domains", "site_name", "site_name_mn", "is_platform", "mongolian_enabled"
            )
        )
    except (OperationalError, InterfaceError):
        # The database is lost: route as before (published pages are served
        # by nginx anyway); try again after the same interval.
        table = previous or SiteHosts()
        return SiteHosts(
            table.by_host, table.keys, table.mongolian_keys, table.default_key, time.monotonic(), table.directory
        )
    by_host = {}
    for site in reversed(sites):  # the first site claiming a name keeps it
        for name in site.host_names:
            by_host[name] = site.key
    return SiteHosts(
        by_host=by_host,
        keys=frozenset(site.key for site in sites),
        mongolian_keys=frozenset(site.key for site in sites if site.mongolian_enabled),
        default_key=sites[0].key if sites else DEFAULT_SITE_KEY,
        read_at=time.monotonic(),
        directory=tuple(
            SiteEntry(site.key, site.site_name, site.domain, site.site_name_mn)
            for site in sorted(sites, key=lambda site: not site.is_platform)  # stable: by id within
        ),
    )


def site_hosts_forget():
    """A site was changed in this process: read the host names again."""
    _hosts.pop("table", None)


def site_key_for_host(host):
    table = site_hosts()
    return table.by_host.get(host.lower().split(":")[0], table.default_key)


def site_path(key):
    """The path prefix that reaches a site on any host name."""
    return f"/site/{key}"


def request_site_key(request):
    """The key of the site a request is for: its /site/<key>/ prefix, else
    its host name's site. Worked out when first asked for, so requests that
    read no site (the view counter, the preference stylesheet, media) touch
    no database."""
    key = getattr(request, "site_key", None)
    if key is None:
        try:
            host = request.get_host()
        except DisallowedHost:  # its 400 page is rendered in the default site's frame
            host = ""
        key = request.site_key = site_key_for_host(host)
    return key


def site_links(request):
    """站群导航: every site of the platform, its name and its home page's
    address, the request's own site marked; empty with a single site. A site
    is linked at its domain, or by its /site/<key>/ prefix when the request
    came with one or the domain only works on this machine. What the links
    are depends only on the request's site and prefix, both in the page
    cache's key."""
    directory = site_hosts().directory
    if len(directory) < 2:
        return []
    current = request_site_key(request)
    prefixed = bool(getattr(request, "site_prefix", ""))
    # On a Mongolian page: the other sites' 蒙古文版 where they have one.
    mongolian = reading_mongolian()
    mongolian_keys = site_hosts().mongolian_keys
    links = []
    for entry in directory:
        if entry.key == current:
            url = reverse("news:home")
        else:
            if prefixed or not entry.domain or LOCAL_HOST.search(entry.domain.lower()):
                url = f"{site_path(entry.key)}/"
            else:
                url = f"https://{entry.domain}/"
            if mongolian and entry.key in mongolian_keys:
                url += f"{MONGOLIAN_PREFIX.lstrip('/')}/"
        name = entry.name_mn if mongolian and entry.name_mn else entry.name
        links.append(SiteLink(name, url, entry.key == current))
    return links


class SiteRoutingMiddleware:
    """Strips a /site/<key>/ prefix into the script prefix, so URL
    resolution sees the site's own paths and reverse() keeps the prefix
    while the response is made. An unknown key is answered 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site_prefix = ""
        match = SITE_PREFIX.match(request.path_info)
        if not match:
            return self.get_response(request)
        if match["key"] not in site_hosts().keys:
            raise Http404("没有这个站点")
        if match["rest"] is None:  # /site/<key>: its home page is /site/<key>/
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))
        request.site_key = match["key"]
        request.site_prefix = site_path(match["key"])
        script_name = request.META.get("SCRIPT_NAME", "").rstrip("/") + request.site_prefix
        request.path_info = match["rest"]
        request.META["PATH_INFO"] = match["rest"]
        request.META["SCRIPT_NAME"] = script_name
        previous = get_script_prefix()
        set_script_prefix(script_name + "/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(previous)

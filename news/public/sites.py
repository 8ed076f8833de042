"""Which site a request is for (集约化: one installation, many sites).

A request reaches a site by its host name (the site's 网站域名 or one of its
其他域名), or, on one address such as `make run`'s, by the path prefix
/site/<key>/ (the prefix becomes the script prefix, so every link the page
makes stays on that site). A host name no site claims gets the default site.

The host names are read from the database once and kept in each process for
SITE_HOSTS_SECONDS (and dropped at once in the process that changes a site),
so routing costs no query per request once warm."""

import re
import time
from dataclasses import dataclass, field

from django.db import InterfaceError, OperationalError
from django.urls import get_script_prefix, set_script_prefix

from ..models import Site
from ..models.site import DEFAULT_SITE_KEY

SITE_HOSTS_SECONDS = 30
SITE_PREFIX = re.compile(r"^/site/(?P<key>[a-z0-9][a-z0-9-]*)(?P<rest>/.*)$")

_hosts = {}  # per process: "table" -> SiteHosts


@dataclass
class SiteHosts:
    by_host: dict = field(default_factory=dict)
    keys: frozenset = frozenset()
    default_key: str = DEFAULT_SITE_KEY
    read_at: float = 0.0


def site_hosts():
    """Host name -> site key, every key and the default site's key."""
    table = _hosts.get("table")
    if table is None or time.monotonic() - table.read_at > SITE_HOSTS_SECONDS:
        table = _site_hosts_read(table)
        _hosts["table"] = table
    return table


def _site_hosts_read(previous):
    try:
        sites = list(Site.objects.order_by("id").only("key", "domain", "extra_domains"))
    except (OperationalError, InterfaceError):
        # The database is lost: route as before (published pages are served
        # by nginx anyway); try again after the same interval.
        table = previous or SiteHosts()
        return SiteHosts(table.by_host, table.keys, table.default_key, time.monotonic())
    by_host = {}
    for site in reversed(sites):  # the first site claiming a name keeps it
        for name in site.host_names:
            by_host[name] = site.key
    return SiteHosts(
        by_host=by_host,
        keys=frozenset(site.key for site in sites),
        default_key=sites[0].key if sites else DEFAULT_SITE_KEY,
        read_at=time.monotonic(),
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
        key = request.site_key = site_key_for_host(request.get_host())
    return key


class SiteRoutingMiddleware:
    """Strips a /site/<key>/ prefix into the script prefix, so URL
    resolution sees the site's own paths and reverse() keeps the prefix.
    An unknown key is answered 404 by the page that reads the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site_prefix = ""
        match = SITE_PREFIX.match(request.path_info)
        if not match:
            return self.get_response(request)
        # The script prefix is per thread: put it back, so that a later
        # request the handler does not reset (the test client's) is unprefixed.
        previous = get_script_prefix()
        try:
            request.site_key = match["key"]
            request.site_prefix = site_path(match["key"])
            script_name = request.META.get("SCRIPT_NAME", "").rstrip("/") + request.site_prefix
            request.path_info = match["rest"]
            request.META["PATH_INFO"] = match["rest"]
            request.META["SCRIPT_NAME"] = script_name
            set_script_prefix(script_name + "/")
            return self.get_response(request)
        finally:
            set_script_prefix(previous)

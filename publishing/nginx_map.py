"""The host names nginx maps to a site's folder of the published tree.

deploy/nginx/portal-maps.conf includes this file (through the link
/etc/nginx/portal-sites.map) inside `map $host $portal_site_of_host`, so a
new site or domain needs no edit of the snippets, only `systemctl reload
nginx` once the site is saved (nginx reads its configuration at start and
reload only). A host name no site claims gets the default site's folder,
as the application routes it (news.public.sites)."""

import logging
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

from news.models import Site

logger = logging.getLogger(__name__)

# What nginx's map may hold unquoted; any other "domain" is left out (the
# application still routes it, from gunicorn).
HOST_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


def nginx_site_map_path():
    return Path(settings.PUBLISH_ROOT) / "_nginx" / "sites.map"


def nginx_site_map_text():
    """The map's lines: the default site's key, then host name -> key, the
    first site claiming a name keeping it (as the application does)."""
    sites = list(Site.objects.order_by("id").only("key", "domain", "extra_domains"))
    lines = [
        "# Written by the portal (publishing/nginx_map.py) whenever a site is saved",
        "# or deleted, and by publish_site. After a new site or domain:",
        "#     systemctl reload nginx",
    ]
    if not sites:
        return "\n".join(lines) + "\n"
    lines.append(f"default {sites[0].key};")
    claimed = set()
    for site in sites:
        for name in site.host_names:
            if name in claimed or not HOST_NAME.match(name):
                continue
            claimed.add(name)
            lines.append(f"{name} {site.key};")
    return "\n".join(lines) + "\n"


def nginx_site_map_write():
    """Write the map if it changed (atomically, beside the published tree's
    folders). Returns whether it was written."""
    path = nginx_site_map_path()
    text = nginx_site_map_text()
    try:
        if path.exists() and path.read_text() == text:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        with os.fdopen(handle, "w") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        # A read-only PUBLISH_ROOT (the tree in a bucket, this machine not a
        # web node): nginx elsewhere reads its own copy.
        logger.exception("Writing nginx's site map %s failed", path)
        return False
    return True

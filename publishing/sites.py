"""Which site a published file belongs to. Every file of the published tree
lives under its site's folder (PUBLISH_ROOT/<site>/…), and nginx picks the
folder from the request's host name. One installation serves one site today,
`main`; the many-sites work gives each site its own key."""

DEFAULT_SITE = "main"


def site_keys():
    """Every site whose pages are published."""
    return [DEFAULT_SITE]

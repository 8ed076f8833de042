"""The staff's admin, one module per idea."""

from . import articles, audit, corrections, site, trash, wording  # noqa: F401

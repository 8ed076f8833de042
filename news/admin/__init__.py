"""The staff's admin, one module per idea."""
from . import articles, audit, corrections, site, staff, trash, wording  # noqa: F401

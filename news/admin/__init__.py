"""The staff's admin, one module per idea."""
from . import articles, audit, site, staff, trash, wording  # noqa: F401

"""The audit log: who did what, when, from where, and why."""

import ipaddress

from django.conf import settings

from .editorial.actors import is_system
from .models import AuditAction, AuditEntry


def client_ip(request):
    """The client's address: the peer, or, behind TRUSTED_PROXY_COUNT proxies,
    the address the outermost trusted proxy saw. Shared with django-axes."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(*, user, action, obj=None, remark="", request=None, site=None, **details):
    """Write one audit entry. `user` is a user, news.editorial.actors.SYSTEM (named 系统),
    or None for nobody signed in (an unknown login name may be given in
    `details`); `action` is an AuditAction value."""
    action = AuditAction(action)
    if is_system(user):
        username, user = user.get_username(), None
    else:
        if user is not None and not user.is_authenticated:
            user = None
        username = user.get_username() if user is not None else details.pop("username", "")
    entry = AuditEntry(
        user=user,
        username=username or "",
        ip_address=client_ip(request),
        action=action,
        remark=remark or "",
        details={key: _plain(value) for key, value in details.items()},
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk) if obj.pk is not None else ""
        entry.object_repr = str(obj)[:250]
    entry.site_id = site.pk if site is not None else site_id_of(obj)
    entry.save()
    return entry


def site_id_of(obj):
    """The site an audited object belongs to: a site itself, a column's, an
    article's (through its column) or a correction's article's; None for
    what belongs to no one site (a user, a setting of the platform)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "news.site":
        return obj.pk
    if hasattr(obj, "site_id"):
        return obj.site_id
    article = getattr(obj, "article", None) if not hasattr(obj, "column_id") else obj
    if article is not None and getattr(article, "column_id", None):
        return article.column.site_id
    return None


def _plain(value):
    """JSON-friendly details: dates as ISO text, anything else odd as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)

"""The page django-axes shows instead of the login once a user name is locked
out from an address (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed logins for this user name from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),  # the portal's header, not "Django 管理"
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)

"""Login lockouts (django-axes) and the page shown instead of the login.

Two limits: AXES_FAILURE_LIMIT failures for one user name from one address
lock that pair (a user's own typos lock only their own address), and
LOGIN_ACCOUNT_FAILURE_LIMIT failures for one user name from anywhere lock
the account, so that an attacker rotating addresses cannot keep guessing one
password. Both count the failures of the last AXES_COOLOFF_TIME."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render


def account_failures(request, credentials=None):
    """Failed logins for the user name being tried, from every address,
    within the cool-off time."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def account_locked(request, credentials=None):
    return account_failures(request, credentials) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


class AccountAndAddressHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler, which counts failures per
    AXES_LOCKOUT_PARAMETERS (user name and address), with the account's own
    limit on top. Axes compares one failure count with AXES_FAILURE_LIMIT,
    so a locked account reports that limit as its count."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if account_locked(request, credentials):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: too many failed logins for this user name from
    this address, or for this account from anywhere."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    whole_account = account_locked(request, credentials)
    context = {
        **admin.site.each_context(request),  # the portal's header, not "Django 管理"
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "whole_account": whole_account,
        "failure_limit": settings.LOGIN_ACCOUNT_FAILURE_LIMIT if whole_account else settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)

"""Logins happen inside django.contrib.auth; its signals are the only place to
hear of them, so the audit entries for them are written here."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from news.audit import audit_record
from news.models import AuditAction


@receiver(user_logged_in)
def login_recorded(sender, request, user, **kwargs):
    audit_record(user=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out)
def logout_recorded(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed)
def failed_login_recorded(sender, credentials, request=None, **kwargs):
    audit_record(user=None, action=AuditAction.LOGIN_FAILED, request=request, username=credentials.get("username", ""))

"""Keep the public page cache honest: any change to what residents may see
bumps the content version that every cached page is keyed on."""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .audit import audit_record
from .models import Article, AuditAction, Column, SiteSettings


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Column)
def public_content_changed(sender, raw=False, **kwargs):
    if raw:
        return  # loading a fixture or a backup: the restore bumps the version once at the end
    SiteSettings.content_changed()


# Logins happen inside django.contrib.auth; its signals are the only place to
# hear of them, so the audit entries for them are written here.
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

"""Binding an authenticator. Whoever must use two factors binds their first
one only with a one-time link from an administrator: the password alone
(which somebody else may know) never suffices. Each visit to the page shows a
fresh secret, and unconfirmed devices are thrown away, so a secret noted by
somebody else earlier is worth nothing."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.audit import audit_record
from news.models import AuditAction

from .models import EnrolmentLink

DEVICE_NAME = "身份验证器"
# A secret shown on the page must be confirmed within this long.
PAGE_LIFETIME = timedelta(minutes=10)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def usable_links():
    return EnrolmentLink.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def enrolment_link_find(*, token_digest, user=None):
    """The unused, unexpired link with this digest (for `user`, if given), or None."""
    links = usable_links().filter(token_hash=token_digest)
    if user is not None:
        links = links.filter(user=user)
    return links.first()


@transaction.atomic
def enrolment_link_issue(*, user, issued_by=None, request=None):
    """Make a one-time link for `user`; any earlier unused one stops working.
    Returns the token (the link's last part), which nothing keeps."""
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user,
        token_hash=token_hash(token),
        issued_by=issued_by,
        expires_at=timezone.now() + timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS),
    )
    audit_record(
        user=issued_by,
        action=AuditAction.ENROLMENT_LINK,
        obj=user,
        request=request,
        link=link.pk,
        expires_at=link.expires_at,
        **({} if issued_by else {"username": "manage.py"}),
    )
    return token


@transaction.atomic
def enrolment_device_start(*, user):
    """A new unconfirmed authenticator with a fresh secret for the page to
    show; every other unconfirmed one of the user's is deleted."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_device_pending(*, user, device_id):
    """The unconfirmed device the page showed, if it is still fresh."""
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(
        pk=device_id, user=user, confirmed=False, created_at__gt=timezone.now() - PAGE_LIFETIME
    ).first()


@transaction.atomic
def enrolment_complete(*, user, device, link=None, request=None):
    """Confirm `device` (its code was right) and use up `link`. Returns False,
    changing nothing, when the link was used or expired meanwhile."""
    if link is not None:
        used = usable_links().filter(pk=link.pk, user=user).update(used_at=timezone.now())
        if not used:
            return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(
        user=user,
        action=AuditAction.ENROLMENT,
        obj=user,
        request=request,
        device=device.pk,
        link=link.pk if link is not None else None,
    )
    return True

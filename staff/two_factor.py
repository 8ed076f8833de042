"""Who must sign in with a second factor, whether they have, and checking a code."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_otp import user_has_device
from django_otp.oath import TOTP

from news.editorial.permissions import administered_site_ids


def two_factor_required(user):
    """Superusers, 站点管理员 (they manage staff) and members of STAFF_TWO_FACTOR_GROUPS (default 审核)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or administered_site_ids(user):
        return True
    return user.groups.filter(name__in=settings.STAFF_TWO_FACTOR_GROUPS).exists()


def two_factor_satisfied(user):
    """Verified by a device this session, or not required to be and without one."""
    if getattr(user, "is_verified", lambda: False)():
        return True
    return not two_factor_required(user) and not user_has_device(user, confirmed=True)


def enrollment_needed(user):
    """Signed in with the password alone, required to use 2FA, and no device yet."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and two_factor_required(user)
        and not user_has_device(user, confirmed=True)
    )


@dataclass
class CodeCheck:
    """What checking a six-digit code found: the device it belongs to, or,
    when it is right but came too soon after a wrong one (django-otp's
    throttling), how many seconds to wait before trying again."""

    device: object = None
    wait_seconds: int = 0


def code_check(*, devices, token):
    """Check `token` against `devices` (TOTP). A wrong code makes the next try
    wait 1, 2, 4 ... seconds; a right code within that wait is refused too,
    and the answer says how long to wait."""
    token = (token or "").strip()
    if not token:
        return CodeCheck()
    throttled = []
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed:
            throttled.append((device, info))
        elif device.verify_token(token):
            return CodeCheck(device=device)
    for device, info in throttled:
        if _code_matches_now(device, token) and info and info.get("locked_until"):
            seconds = math.ceil((info["locked_until"] - timezone.now()).total_seconds())
            return CodeCheck(wait_seconds=max(seconds, 1))
    return CodeCheck()


def _code_matches_now(device, token):
    """Whether `token` is what the device's app shows now, without using it up
    or touching the throttle."""
    try:
        token = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(token, device.tolerance, device.last_t + 1)


def wait_message(seconds):
    return f"刚才输入的动态验证码有误。为防止猜测,请等待 {seconds} 秒后,再输入身份验证器中显示的验证码。"

"""Who must sign in with a second factor, and whether they have."""
from django.conf import settings
from django_otp import user_has_device


def two_factor_required(user):
    """Superusers and members of STAFF_TWO_FACTOR_GROUPS (default 审核)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
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

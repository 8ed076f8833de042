"""Who may open a staff page outside the admin: the same rule as the admin's
own (PortalAdminSite.has_permission). Every staff view outside the admin goes
through `staff_required`, so a password-only session of somebody who must use
two factors, or an account whose staff status was removed, opens none."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .two_factor import two_factor_satisfied

# Why a request was refused: nobody signed in (or not past the second factor
# yet), which signing in again can mend; or an account that is no staff.
SIGN_IN = "sign_in"
NOT_STAFF = "not_staff"


def staff_refusal(user):
    """None when `user` may open staff pages; otherwise SIGN_IN or NOT_STAFF."""
    if not user.is_authenticated:
        return SIGN_IN
    if not user.is_active or not user.is_staff:
        return NOT_STAFF
    if not two_factor_satisfied(user):
        return SIGN_IN
    return None


def is_staff_signed_in(user):
    """Active staff, verified by their second factor where they must be."""
    return staff_refusal(user) is None


def _sign_in_or_forbid(request, reason):
    if reason == SIGN_IN:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    raise PermissionDenied("您没有访问工作人员页面的权限。")


def staff_required(view=None, *, refused=_sign_in_or_forbid):
    """Decorate a staff view. `refused(request, reason)` answers the others:
    by default a sign-in page for SIGN_IN and 403 for NOT_STAFF."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            reason = staff_refusal(request.user)
            if reason is not None:
                return refused(request, reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import user_has_device

from .enrolment import (
    enrolment_complete,
    enrolment_device_pending,
    enrolment_device_start,
    enrolment_link_find,
    token_hash,
)
from .forms import TokenConfirmForm
from .two_factor import code_check, two_factor_required, wait_message

# The session remembers the digest of the link followed (never the link) and
# the unconfirmed device whose secret the page showed.
SESSION_LINK = "staff_enrolment_link"
SESSION_DEVICE = "staff_enrolment_device"


def enrolment_link_open(request, token, *, admin_site):
    """The one-time link from an administrator: remembered in the session,
    then the password, then the page that binds the authenticator."""
    link = enrolment_link_find(token_digest=token_hash(token))
    if link is None:
        return _ask_administrator(request, admin_site, "invalid")
    if request.user.is_authenticated and request.user.pk != link.user_id:
        logout(request)  # somebody else is signed in on this browser
    request.session[SESSION_LINK] = token_hash(token)
    setup = reverse("admin:two_factor_setup")
    if not request.user.is_authenticated:
        messages.info(request, f"请先用账号 {link.user.get_username()} 的密码登录,然后绑定身份验证器。")
        return redirect_to_login(setup, reverse("admin:login"))
    return redirect(setup)


def two_factor_setup(request, *, admin_site):
    """Bind an authenticator app (TOTP) to the signed-in staff account: scan
    the QR code, type the code it shows, and the session is verified. Those
    who must use two factors need an administrator's link for the first one;
    those already enrolled need to have used theirs this session."""
    user = request.user
    if not user.is_staff or not user.is_active:
        raise PermissionDenied
    enrolled = user_has_device(user, confirmed=True)
    if enrolled and not user.is_verified():
        # Adding a device to an account that has one takes that device first.
        return redirect("admin:login")
    link = None
    if not enrolled and two_factor_required(user):
        link = enrolment_link_find(token_digest=request.session.get(SESSION_LINK, ""), user=user)
        if link is None:
            return _ask_administrator(request, admin_site, "required")

    status = 200
    if request.method == "POST":
        device = enrolment_device_pending(user=user, device_id=request.session.get(SESSION_DEVICE))
        if device is None:
            messages.error(request, "页面已过期,二维码已更换:请重新扫描下面的二维码,再输入验证码。")
            return redirect("admin:two_factor_setup")
        form = TokenConfirmForm(request.POST)
        if form.is_valid():
            check = code_check(devices=[device], token=form.cleaned_data["token"])
            if check.device is not None:
                if not enrolment_complete(user=user, device=device, link=link, request=request):
                    return _ask_administrator(request, admin_site, "invalid")
                request.session.pop(SESSION_LINK, None)
                request.session.pop(SESSION_DEVICE, None)
                otp_login(request, device)
                messages.success(request, "两步验证已启用。以后登录时,请输入身份验证器中的动态验证码。")
                return redirect("admin:index")
            message = (
                wait_message(check.wait_seconds) if check.wait_seconds else "动态验证码不正确或已过期,请重新输入。"
            )
            form.add_error("token", message)
        status = 400
    else:
        # A fresh secret on every visit: one seen before is worth nothing.
        device = enrolment_device_start(user=user)
        request.session[SESSION_DEVICE] = device.pk
        form = TokenConfirmForm()

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="两步验证二维码")
    context = {
        **_page_context(request, admin_site),
        "title": "两步验证",
        "form": form,
        "enrolled": enrolled,
        "qr_svg": mark_safe(qr_svg),  # generated here from our own data, no user input
        "secret": _grouped(device.key),
    }
    return TemplateResponse(request, "staff/two_factor_setup.html", context, status=status)


def _ask_administrator(request, admin_site, reason):
    """Why no authenticator can be bound here, and whom to ask."""
    context = {
        **_page_context(request, admin_site),
        "title": "需要管理员签发的绑定链接",
        "reason": reason,
        "hours": settings.STAFF_ENROLMENT_LINK_HOURS,
    }
    return TemplateResponse(request, "staff/two_factor_ask_administrator.html", context, status=403)


def _page_context(request, admin_site):
    """The admin's frame; its menu only for those past their second factor."""
    context = admin_site.each_context(request)
    if not request.user.is_verified():
        context.update(available_apps=[], is_nav_sidebar_enabled=False)
    return context


def _grouped(hex_key):
    secret = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenConfirmForm

DEVICE_NAME = "身份验证器"


def two_factor_setup(request, *, admin_site):
    """Bind an authenticator app (TOTP) to the signed-in staff account: scan
    the QR code, type the code it shows, and the session is verified."""
    user = request.user
    if not user.is_staff or not user.is_active:
        raise PermissionDenied
    enrolled = user_has_device(user, confirmed=True)
    if enrolled and not user.is_verified():
        # Adding a device to an account that has one takes that device first.
        return redirect("admin:login")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)

    form = TokenConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "两步验证已启用。以后登录时,请输入身份验证器中的动态验证码。")
            return redirect("admin:index")
        form.add_error("token", "动态验证码不正确或已过期,请重新输入。")

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title="两步验证二维码")
    context = {
        **admin_site.each_context(request),
        "title": "两步验证",
        "form": form,
        "enrolled": enrolled,
        "qr_svg": mark_safe(qr_svg),  # generated here from our own data, no user input
        "secret": _grouped(device.key),
    }
    return TemplateResponse(request, "staff/two_factor_setup.html", context)


def _grouped(hex_key):
    import base64

    secret = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

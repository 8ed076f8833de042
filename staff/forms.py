from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from .two_factor import code_check, wait_message

INVALID_LOGIN = (
    "用户名、密码或动态验证码不正确,请重新输入。注意:都区分大小写;已启用两步验证的账号须同时输入动态验证码。"
)


class StaffLoginForm(AdminAuthenticationForm):
    """Username, password and, for anyone who has enrolled an authenticator,
    the six-digit code, all at once. Until both factors are right the answer
    is one and the same, so a wrong code does not tell that the password was
    right; and a wrong or missing code counts as a failed login (django-axes
    locks the account out after too many). Only confirmed authenticators are
    asked: a device that was never confirmed is no second factor."""

    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    otp_token = forms.CharField(
        label="动态验证码",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="已启用两步验证的账号,请输入身份验证器应用中的 6 位数字。",
    )

    def clean(self):
        cleaned = super().clean()  # the password; a wrong one is a failed login already
        user = self.get_user()
        if user is None:
            return cleaned
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk"))
        if not devices:
            return cleaned
        check = code_check(devices=devices, token=cleaned.get("otp_token"))
        if check.device is not None:
            user.otp_device = check.device  # django_otp marks the session verified at login
            return cleaned
        if check.wait_seconds:
            # The code is right: only its owner sees this, so it tells an
            # attacker who holds the password alone nothing.
            raise ValidationError(wait_message(check.wait_seconds), code="code_throttled")
        self.user_cache = None
        user_login_failed.send(sender=__name__, credentials={"username": cleaned.get("username")}, request=self.request)
        raise self.get_invalid_login_error()


class TokenConfirmForm(forms.Form):
    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "请输入 6 位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

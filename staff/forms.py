from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for anyone who has enrolled an authenticator,
    the six-digit code. Those who must use two-factor sign-in but have no
    authenticator yet are sent to enrol one right after the password."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label="动态验证码",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="已启用两步验证的账号,请输入身份验证器应用中的 6 位数字。",
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required="请输入身份验证器中的 6 位动态验证码。",
        invalid_token="动态验证码不正确或已过期,请重新输入。",
        verification_not_allowed="验证失败次数过多,请稍后再试。",
    )

    def _chosen_device(self, user):
        # Staff never pick a device: the code is checked against their
        # authenticator (the newest first, after re-enrolling a new phone).
        device = super()._chosen_device(user)
        if device is None:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
        return device

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned


class TokenConfirmForm(forms.Form):
    token = forms.RegexField(
        label="动态验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "请输入 6 位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

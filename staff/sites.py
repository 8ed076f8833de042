from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .access import is_staff_signed_in
from .forms import StaffLoginForm
from .two_factor import enrollment_needed


class PortalAdminSite(admin.AdminSite):
    """The content admin. Staff who must use two-factor sign-in see nothing
    until their authenticator has verified them this session; those who have
    none yet are led to enrol one right after their password."""

    site_header = "政府网站内容管理"
    site_title = "内容管理"
    index_title = "管理首页"
    login_form = StaffLoginForm
    login_template = "staff/login.html"

    def has_permission(self, request):
        # The one rule for staff pages, shared with those outside the admin.
        return is_staff_signed_in(request.user)

    def login(self, request, extra_context=None):
        if enrollment_needed(request.user):
            return redirect("admin:two_factor_setup")
        response = super().login(request, extra_context)
        if request.method == "POST" and enrollment_needed(request.user):
            messages.warning(request, "您的账号必须启用两步验证:请先绑定身份验证器。")
            return redirect("admin:two_factor_setup")
        return response

    def get_urls(self):
        return [
            path("two-factor/", self.enrollment_view(), name="two_factor_setup"),
            path("two-factor/link/<str:token>/", self.enrolment_link_view(), name="two_factor_link"),
            *super().get_urls(),
        ]

    def enrolment_link_view(self):
        """The administrator's one-time link: opened before signing in."""
        from .views import enrolment_link_open

        @never_cache
        def view(request, token):
            return enrolment_link_open(request, token, admin_site=self)

        return view

    def enrollment_view(self):
        """Signed-in staff only, but not admin_view: they are not verified yet."""
        from .views import two_factor_setup

        @never_cache
        @csrf_protect
        @login_required(login_url=reverse_lazy("admin:login"))
        def view(request):
            return two_factor_setup(request, admin_site=self)

        return view

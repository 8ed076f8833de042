"""The users list's action that makes one-time enrolment links (staff/admin.py)."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import reverse
from django_otp import user_has_device

from .enrolment import enrolment_link_issue
from .two_factor import two_factor_required


@admin.action(description="签发两步验证绑定链接", permissions=["enrolment_link"])
def enrolment_links_issue(modeladmin, request, queryset):
    """One link per selected active staff member, shown once on the page
    that follows; nothing keeps the links themselves."""
    links = []
    for user in queryset.filter(is_active=True, is_staff=True).order_by("username"):
        token = enrolment_link_issue(user=user, issued_by=request.user, request=request)
        links.append(
            {
                "user": user,
                "url": request.build_absolute_uri(reverse("admin:two_factor_link", args=[token])),
                "required": two_factor_required(user),
                "enrolled": user_has_device(user, confirmed=True),
            }
        )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "两步验证绑定链接",
        "opts": modeladmin.model._meta,
        "links": links,
        "skipped": queryset.count() - len(links),
        "hours": settings.STAFF_ENROLMENT_LINK_HOURS,
    }
    return TemplateResponse(request, "staff/enrolment_links.html", context)


class EnrolmentLinkActionMixin:
    """For the users' ModelAdmin: the action, offered to superusers only."""

    actions = [enrolment_links_issue]

    def has_enrolment_link_permission(self, request):
        return request.user.is_active and request.user.is_superuser

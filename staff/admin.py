"""The users admin: each staff member's sites (news.SiteMembership) and
columns (news.ColumnAccess), both edited on the user's page, and the action
that issues enrolment links.

A 站点管理员 (not a superuser) sees only the staff of the sites they
administer, never a superuser; they may add staff (who become members of
their site), switch accounts on and off, set names and the groups of
SAFE_GROUPS, and give memberships and columns of their own sites only. They
never see is_superuser, user_permissions, or other sites' memberships and
columns; anything else is refused with 403 (news.admin.site_scoping)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from news.admin.site_scoping import SiteAdminScopedAdmin, SiteAuditedAdmin, SiteScopedAdmin, within
from news.editorial.permissions import administered_site_ids, permissions_forget
from news.models import Column, ColumnAccess, Site, SiteMembership

from .user_actions import EnrolmentLinkActionMixin

User = get_user_model()

# The groups a site admin may give: the staff groups the migrations made.
SAFE_GROUPS = ("编辑", "审核", "审计")

SITE_ADMIN_FIELDSETS = (
    (None, {"fields": ("username", "password")}),
    ("个人信息", {"fields": ("first_name", "last_name", "email")}),
    ("权限", {"fields": ("is_active", "is_staff", "groups")}),
    ("重要日期", {"fields": ("last_login", "date_joined")}),
)


class SiteMembershipInline(admin.TabularInline):
    """The sites the user works on. A site admin sees and gives memberships of their own sites only."""

    model = SiteMembership
    extra = 1
    verbose_name = "所属站点"
    verbose_name_plural = "所属站点(工作人员只能管理所属站点的内容;站点管理员还管理该站点的栏目、设置和工作人员)"

    def get_queryset(self, request):
        return within(super().get_queryset(request), "site", administered_site_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = within(Site.objects.order_by("id"), "pk", administered_site_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ColumnAccessInline(admin.TabularInline):
    model = ColumnAccess
    extra = 1
    autocomplete_fields = ["column"]
    verbose_name = "可管理的栏目"
    verbose_name_plural = "可管理的栏目(含下级栏目;审计组和超级管理员可管理所属站点的全部栏目)"

    def get_queryset(self, request):
        return within(super().get_queryset(request), "column__site", administered_site_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            kwargs["queryset"] = within(Column.objects.all(), "site", administered_site_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ColumnAccess)
class ColumnAccessAdmin(SiteAdminScopedAdmin):
    """Members see their sites' 栏目分工; site admins change their sites' only."""

    site_lookup = "column__site"
    list_display = ["user", "column"]
    list_filter = ["column"]
    search_fields = ["user__username", "column__name"]
    autocomplete_fields = ["column"]
    list_select_related = ["user", "column"]

    def site_id_of(self, obj):
        return obj.column.site_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            kwargs["queryset"] = within(Column.objects.all(), "site", administered_site_ids(request.user))
        elif db_field.name == "user":
            kwargs["queryset"] = staff_of(request, User.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def staff_of(request, queryset):
    """The users a site admin manages: members of the sites they administer
    and of no other site (password, groups and 2FA are the whole account's:
    a shared member is a superuser's to change), never a superuser, never
    themselves (no one gives themselves a group)."""
    ids = administered_site_ids(request.user)
    if ids is None:
        return queryset
    members = SiteMembership.objects.filter(site_id__in=ids).values("user_id")
    elsewhere = SiteMembership.objects.exclude(site_id__in=ids).values("user_id")
    return queryset.filter(pk__in=members, is_superuser=False).exclude(pk__in=elsewhere).exclude(pk=request.user.pk)


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(EnrolmentLinkActionMixin, SiteAuditedAdmin, SiteScopedAdmin, UserAdmin):
    inlines = [*UserAdmin.inlines, SiteMembershipInline, ColumnAccessInline]

    def get_queryset(self, request):
        return staff_of(request, super(SiteScopedAdmin, self).get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return SITE_ADMIN_FIELDSETS
        return super().get_fieldsets(request, obj)

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ("is_staff", "is_active", "groups")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=SAFE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.is_staff = True  # a site admin adds staff of their site
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        kept = [] if request.user.is_superuser else list(form.instance.groups.exclude(name__in=SAFE_GROUPS))
        super().save_related(request, form, formsets, change)
        user = form.instance
        if kept:
            user.groups.add(*kept)  # groups a site admin may not give are not theirs to take either
        ids = administered_site_ids(request.user)
        if ids and not SiteMembership.objects.filter(user=user, site_id__in=ids).exists():
            # Added by a site admin without a site picked: a member of their (first) site.
            SiteMembership.objects.create(user=user, site_id=min(ids))
        permissions_forget(user)

    def audit_site(self, request, obj):
        """A user belongs to no one site: the entry names the site the admin acted for."""
        memberships = SiteMembership.objects.filter(user=obj).order_by("site_id")
        ids = administered_site_ids(request.user)
        membership = within(memberships, "site", ids).first() or (memberships.first() if ids is None else None)
        return membership.site if membership else None

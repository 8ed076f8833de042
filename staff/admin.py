"""The users admin: each staff member's columns (news.ColumnAccess, edited on
the user's page too) and the action that issues enrolment links."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from news.models import ColumnAccess

from .user_actions import EnrolmentLinkActionMixin

User = get_user_model()


class ColumnAccessInline(admin.TabularInline):
    model = ColumnAccess
    extra = 1
    autocomplete_fields = ["column"]
    verbose_name = "可管理的栏目"
    verbose_name_plural = "可管理的栏目(含下级栏目;审计组和超级管理员可管理全部栏目)"


@admin.register(ColumnAccess)
class ColumnAccessAdmin(admin.ModelAdmin):
    list_display = ["user", "column"]
    list_filter = ["column"]
    search_fields = ["user__username", "column__name"]
    autocomplete_fields = ["column"]
    list_select_related = ["user", "column"]


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(EnrolmentLinkActionMixin, UserAdmin):
    inlines = [*UserAdmin.inlines, ColumnAccessInline]

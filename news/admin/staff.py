"""Which columns each staff member works in, edited on the user's page too."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from staff.user_actions import EnrolmentLinkActionMixin

from ..models import ColumnAccess

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

"""Column scoping shared by the article and 回收站 admins: a township's staff
see only their columns' articles, and are refused (403) the others."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from ..editorial.permissions import column_ids_for, may_work_in
from ..models import Article, Column


def scoped(queryset, user):
    ids = column_ids_for(user)
    return queryset if ids is None else queryset.filter(column_id__in=ids)


class ColumnScopeFilter(admin.SimpleListFilter):
    title = "栏目"
    parameter_name = "column"

    def lookups(self, request, model_admin):
        return [(column.pk, column.name) for column in scoped_columns(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(column_id=self.value())
        return queryset


def scoped_columns(user):
    ids = column_ids_for(user)
    columns = Column.objects.order_by("order", "id")
    return columns if ids is None else columns.filter(pk__in=ids)


class ColumnScopedAdmin(admin.ModelAdmin):
    base_queryset = Article.objects.all()

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        """Another column's article exists but is refused, not hidden behind a redirect."""
        try:
            obj = self.base_queryset.select_related("column").get(pk=int(object_id))
        except (Article.DoesNotExist, ValueError, TypeError):
            return None
        if not may_work_in(request.user, obj.column_id):
            raise PermissionDenied("您没有管理此栏目的权限。")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "column":
            kwargs["queryset"] = scoped_columns(request.user)
            kwargs["form_class"] = forms.ModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

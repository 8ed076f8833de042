"""A page the user may only read shows the body as the residents will see it,
not as HTML source. The body is sanitised when saved (news.media.html), so this one
field may be marked safe."""

from django.contrib import admin
from django.utils.safestring import mark_safe


class ReadOnlyBodyMixin:
    def _read_only(self, request, obj):
        return obj is not None and not self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._read_only(request, obj):
            return fieldsets
        return [
            (name, {**opts, "fields": ["body_shown" if f == "body" else f for f in opts["fields"]]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "body_shown"] if self._read_only(request, obj) else fields

    @admin.display(description="正文")
    def body_shown(self, obj):
        return mark_safe(f'<div class="article-body-preview">{obj.body}</div>')  # sanitised on save

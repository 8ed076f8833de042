"""The media parts of the article admin: attachments inline."""

from django.contrib import admin

from ..models import Attachment
from .attachment_form import AttachmentForm


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["file", "original_name", "file_type_display", "size_display", "order"]
    readonly_fields = ["file_type_display", "size_display"]
    verbose_name = "附件"
    verbose_name_plural = "附件(PDF、DOC、DOCX、XLS、XLSX、WPS、OFD、ZIP)"

    @admin.display(description="类型")
    def file_type_display(self, obj):
        return obj.get_file_type_display() if obj.pk else "—"

    @admin.display(description="大小")
    def size_display(self, obj):
        return obj.human_size if obj.pk else "—"

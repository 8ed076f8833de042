"""Admin form for attachments (the article form is in news/admin/articles.py)."""
from django import forms
from django.core.files.uploadedfile import UploadedFile

from .models import Attachment
from .attachment_files import attachment_check, clean_file_name


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "original_name", "order"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.detected_type = attachment_check(upload)
        return upload

    def clean_original_name(self):
        return clean_file_name(self.cleaned_data.get("original_name") or "")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if isinstance(upload, UploadedFile) and hasattr(self, "detected_type"):
            self.instance.file_type = self.detected_type
            self.instance.size = upload.size
            if "original_name" not in self.changed_data or not cleaned.get("original_name"):
                cleaned["original_name"] = clean_file_name(upload.name)
        return cleaned

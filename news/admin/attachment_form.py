"""Admin form for attachments (the article form is in news/admin/articles.py)."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from ..media.attachment_files import attachment_check, attachment_name_check, clean_file_name
from ..models import Attachment


class _DownloadLink(str):
    """The stored file's name, linked to the download view."""

    def __new__(cls, name, url):
        link = super().__new__(cls, name)
        link.url = url
        return link


class AttachmentFileInput(AdminFileWidget):
    """The admin's "目前:" link goes through the download view (news:attachment):
    attachments are outside MEDIA_ROOT, so the storage has no URL for them."""

    download_url = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.download_url:
            return _DownloadLink(str(value), self.download_url)
        return value


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "original_name", "order"]
        widgets = {"file": AttachmentFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].widget.download_url = self.instance.get_absolute_url()

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
        # The download name follows what the file is: a PDF never downloads as .bat.
        name, file_type = cleaned.get("original_name"), self.instance.file_type
        if name and file_type:
            try:
                cleaned["original_name"] = attachment_name_check(name, file_type)
            except ValidationError as error:
                self.add_error("original_name", error)
        return cleaned

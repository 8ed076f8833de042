"""Admin forms for articles and their attachments."""
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Article, Attachment
from .uploads import attachment_check, clean_file_name


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": CKEditor5Widget(config_name="article")}

    def clean(self):
        cleaned = super().clean()
        # Said on the field itself; the model's constraint would only say it at the top.
        if cleaned.get("cover_image") and not (cleaned.get("cover_alt") or "").strip():
            self.add_error("cover_alt", "上传了封面图片,请填写封面图片说明(替代文字)。")
        return cleaned


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

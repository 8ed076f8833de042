import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..media.attachment_files import human_size


class AttachmentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOC = "doc", "DOC"
    DOCX = "docx", "DOCX"
    XLS = "xls", "XLS"
    XLSX = "xlsx", "XLSX"
    WPS = "wps", "WPS"
    OFD = "ofd", "OFD"
    ZIP = "zip", "ZIP"


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "wps": "application/vnd.ms-works",
    "ofd": "application/ofd",
    "zip": "application/zip",
}


def private_storage():
    """Attachments live outside MEDIA_ROOT: only the download view, which
    checks that the article is public, ever hands them out."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance, filename):
    # The Chinese name is kept in the database; on disk a random name avoids
    # clashes and any trouble with characters a file system dislikes.
    return f"attachments/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    article = models.ForeignKey(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField(
        "文件名", max_length=200, blank=True, help_text="下载时使用的文件名;留空则用上传时的文件名"
    )
    size = models.PositiveBigIntegerField("大小(字节)", default=0, editable=False)
    file_type = models.CharField("类型", max_length=10, choices=AttachmentType.choices, editable=False)
    order = models.PositiveSmallIntegerField("排序", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["order", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("news:attachment", kwargs={"pk": self.pk})

    @property
    def human_size(self):
        return human_size(self.size)

    @property
    def content_type(self):
        return CONTENT_TYPES.get(self.file_type, "application/octet-stream")

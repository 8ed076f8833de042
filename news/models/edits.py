"""Who made a piece of writing (an article or its 修订稿), who changed it
last and when, and its version number for the no-silent-overwrite check."""

from django.conf import settings
from django.db import models


class EditFields(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Raised by one on every save (news.editorial.services.revision_save): an
    # editor's form carries the version it was read at, and a save from an
    # older version is refused (no silent overwrite).
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True

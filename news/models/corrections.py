from django.db import models
from django.utils.html import strip_tags

from ..media.html import sanitize_html
from ..media.images import body_add_srcset
from .disclosure import DISCLOSURE_FIELD_NAMES, DisclosureFields
from .edits import EditFields
from .mongolian import MONGOLIAN_FIELD_NAMES, MongolianFields
from .review import ReviewFields

# What a correction may change; the rest (column, time, cover photo, 索引号)
# stays as published.
CORRECTED_FIELDS = [
    "title",
    "subtitle",
    "source",
    "author",
    "summary",
    "body",
    "cover_alt",
    *DISCLOSURE_FIELD_NAMES,
    *MONGOLIAN_FIELD_NAMES,
]


class CorrectionStatus(models.TextChoices):
    DRAFT = "draft", "修订中"
    SUBMITTED = "submitted", "待审核"


class ArticleCorrection(ReviewFields, DisclosureFields, EditFields, MongolianFields):
    """修订稿: a new version of a published article, edited and reviewed while
    the published one stays online; approving it copies it onto the article."""

    article = models.OneToOneField(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="correction"
    )
    title = models.CharField("标题", max_length=200)
    subtitle = models.CharField("副标题", max_length=200, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=100, blank=True)
    summary = models.TextField("摘要", blank=True, help_text="留空则取正文开头")
    body = models.TextField("正文", help_text="保存时会清理不安全的 HTML")
    cover_alt = models.CharField("封面图片说明", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.DRAFT)
    # The article's version this correction started from: a later direct edit
    # of the article is pointed out before approval overwrites it.
    base_version = models.PositiveIntegerField("起始版本", editable=False)

    class Meta:
        verbose_name = "修订稿"
        verbose_name_plural = "修订稿"
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"《{self.article.title}》的修订稿"

    def save(self, *args, **kwargs):
        self.body = sanitize_html(body_add_srcset(sanitize_html(self.body)))
        self.summary = strip_tags(self.summary)
        self.mongolian_clean_for_save()
        super().save(*args, **kwargs)

    def applied(self):
        """The article as it will read once this correction is approved (unsaved)."""
        from .articles import Article

        article = Article.objects.get(pk=self.article_id)
        article.summary_edit(self.summary)  # blank: follows the corrected body; changed: the editor's
        for name in CORRECTED_FIELDS:
            setattr(article, name, getattr(self, name))
        return article

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ..editorial.disclosure import VALIDITY_NEEDS_DATE, document_number_key
from ..language import MONGOLIAN
from ..media.html import sanitize_html, summary_from_body
from ..media.images import PhotoField, body_add_srcset
from ..media.uploads import upload_refuse_dangerous
from .disclosure import DisclosureFields
from .edits import EditFields
from .mongolian import MongolianFields
from .review import ReviewFields


class ArticleStatus(models.TextChoices):
    """草稿 → 待审核 → 已发布 → 已撤稿; a reviewer may send a submission back to 草稿."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤稿"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what residents may see."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now(), trashed_at__isnull=True)

    def alive(self):
        """Everything not in the 回收站."""
        return self.filter(trashed_at__isnull=True)

    def trashed(self):
        return self.filter(trashed_at__isnull=False)

    def in_columns(self, column_ids):
        return self.filter(column_id__in=column_ids)

    def in_language(self, language):
        """What a page in `language` lists: on Mongolian pages, only
        articles with a Mongolian version."""
        return self.filter(has_mongolian=True) if language == MONGOLIAN else self

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Article(ReviewFields, DisclosureFields, EditFields, MongolianFields):
    column = models.ForeignKey("news.Column", verbose_name="栏目", on_delete=models.PROTECT, related_name="articles")
    title = models.CharField("标题", max_length=200)
    subtitle = models.CharField("副标题", max_length=200, blank=True)
    source = models.CharField("来源", max_length=100, blank=True, help_text="留空则使用站点设置中的默认来源")
    author = models.CharField("作者", max_length=100, blank=True, help_text="显示在正文之后,如:(茜沁)")
    published_at = models.DateTimeField("发布时间", null=True, blank=True, help_text="北京时间")
    body = models.TextField("正文", help_text="保存时会清理不安全的 HTML")
    summary = models.TextField("摘要", blank=True, help_text="留空则由正文段落自动生成,并随正文更新")
    # True while nobody has written the 摘要: every save derives it from the body again.
    summary_auto = models.BooleanField("摘要随正文生成", default=True, editable=False)
    cover_image = PhotoField(
        "封面图片",
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[upload_refuse_dangerous],
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        "封面图片说明", max_length=200, blank=True, help_text="有封面图片时必填:说明图片内容,供读屏软件朗读"
    )
    # Whether the article has a Mongolian version (MongolianFields.has_mongolian_text), kept for the lists' index.
    has_mongolian = models.BooleanField("有蒙古文版", default=False, editable=False)
    is_headline = models.BooleanField("头条", default=False, help_text="在首页头条位置显示")
    view_count = models.PositiveIntegerField("浏览次数", default=0, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True, editable=False)
    # Where an imported article was published before (its page on the old
    # site); re-running an import finds the article by it.
    source_url = models.CharField("原网址", max_length=500, unique=True, null=True, blank=True, editable=False)
    # A copy of a township's article taken by the banner (信息报送): the
    # original's public address, linked beside 来源 on the copy's page.
    original_url = models.CharField("原文链接", max_length=500, blank=True, editable=False)
    # The 文号 as searches compare it (news.editorial.disclosure.document_number_key).
    document_number_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    trashed_at = models.DateTimeField("移入回收站时间", null=True, blank=True, editable=False, db_index=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移入回收站人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("submit_article", "提交审核"),
            ("review_article", "审核(通过或退回)"),
            ("publish_article", "发布文章"),
            ("withdraw_article", "撤稿"),
            ("export_article", "导出归档"),
            ("access_all_columns", "管理全部栏目"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            models.Index(fields=["column", "status", "-published_at", "-id"], name="article_column_idx"),
            models.Index(
                fields=["status", "-published_at", "-id"], condition=Q(is_headline=True), name="article_headline_idx"
            ),
            models.Index(
                fields=["column", "status", "-published_at", "-id"],
                condition=Q(has_mongolian=True),
                name="article_mn_column_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_time",
                violation_error_message="已发布的文章必须有发布时间。",
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""),
                name="cover_image_has_alt",
                violation_error_message="上传了封面图片,请填写封面图片说明(替代文字)。",
            ),
            models.CheckConstraint(
                condition=~Q(validity__in=[v.value for v in VALIDITY_NEEDS_DATE]) | Q(validity_date__isnull=False),
                name="ended_validity_has_date",
                violation_error_message="有效性为失效或废止时,请填写失效或废止的日期。",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        self.body = sanitize_html(body_add_srcset(sanitize_html(self.body)))
        if self._state.adding and self.summary.strip():
            self.summary_auto = False  # created with a summary of its own (imports, the demo)
        if self.summary_auto or not self.summary.strip():
            self.summary_auto = True
            self.summary = summary_from_body(self.body)
        else:
            self.summary = strip_tags(self.summary)
        self.mongolian_clean_for_save()
        self.has_mongolian = self.has_mongolian_text
        if kwargs.get("update_fields") is not None and {"title_mn", "body_mn"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "has_mongolian"}
        self.document_number = self.document_number.strip()
        self.document_number_key = document_number_key(self.document_number)
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.trashed_at is None
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == ArticleStatus.PUBLISHED and self.published_at and self.published_at > timezone.now()

    def summary_edit(self, text):
        """What an editor left in the 摘要 box: emptied, it follows the body
        again; changed from what is stored, it is theirs from now on."""
        text = (text or "").strip()
        if not text:
            self.summary_auto = True
        elif text != (self.summary or "").strip():
            self.summary_auto = False

    @property
    def is_returned(self):
        """A draft a reviewer sent back: it still carries the reason."""
        return self.status == ArticleStatus.DRAFT and bool(self.review_remark)

    @property
    def is_trashed(self):
        return self.trashed_at is not None

    def neighbours(self, language=None):
        """The previous (older) and next (newer) published articles in the
        same column, of those a page in `language` lists."""
        siblings = Article.objects.published().in_language(language).filter(column_id=self.column_id)
        # A plain range on published_at (not an OR) lets the column index start
        # the scan at this article instead of at either end of the column.
        older = (
            siblings.filter(published_at__lte=self.published_at)
            .exclude(published_at=self.published_at, id__gte=self.id)
            .order_by("-published_at", "-id")
            .values("id")[:1]
        )
        newer = (
            siblings.filter(published_at__gte=self.published_at)
            .exclude(published_at=self.published_at, id__lte=self.id)
            .order_by("published_at", "id")
            .values("id")[:1]
        )
        # Both in one round trip: the article page has a query budget.
        found = list(
            Article.objects.filter(Q(id=Subquery(older)) | Q(id=Subquery(newer))).only(
                "id", "title", "title_mn", "published_at"
            )
        )
        before = (self.published_at, self.id)
        older_article = next((a for a in found if (a.published_at, a.id) < before), None)
        newer_article = next((a for a in found if (a.published_at, a.id) > before), None)
        return older_article, newer_article


class TrashedArticle(Article):
    """The 回收站: deleted articles, kept until a superuser purges them."""

    class Meta:
        proxy = True
        verbose_name = "回收站文章"
        verbose_name_plural = "回收站"


class IndexNumberCounter(models.Model):
    """The last running number given out per 前段码 and year, for 索引号."""

    prefix = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号计数"
        verbose_name_plural = "索引号计数"
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="index_counter_unique")]

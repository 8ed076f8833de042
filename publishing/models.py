from django.db import models
from django.utils import timezone


class Priority(models.IntegerChoices):
    """What is written first when many pages wait: the article an editor just
    published, then the pages residents arrive by, then the rest."""

    ARTICLE = 0, "文章"
    ENTRY = 1, "首页和栏目首页"
    OTHER = 2, "其他页面"


class PageFileQuerySet(models.QuerySet):
    def waiting(self):
        """Queued and not written since (never written, or queued again)."""
        return self.filter(models.Q(written_at__isnull=True) | models.Q(queued_at__gt=models.F("written_at")))

    def failed(self):
        return self.exclude(error="")


class PageFile(models.Model):
    """One page of the published tree: queued when what it shows changes,
    written by the task worker (publishing.services.pages_publish_waiting).
    A page is waiting while queued_at is later than written_at, so a worker
    stopped mid-way leaves its pages waiting and the next run writes them."""

    site = models.CharField("站点", max_length=50, default="main")
    path = models.CharField("地址", max_length=300)
    article_id = models.BigIntegerField("文章", null=True, blank=True, db_index=True)
    priority = models.PositiveSmallIntegerField("优先级", choices=Priority.choices, default=Priority.OTHER)
    queued_at = models.DateTimeField("排队时间", default=timezone.now)
    written_at = models.DateTimeField("写出时间", null=True, blank=True)
    error = models.TextField("写出错误", blank=True)
    failed_at = models.DateTimeField("出错时间", null=True, blank=True)
    # The writer writing it now (publishing.services._batch_claim).
    claimed_at = models.DateTimeField("写出开始", null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)

    objects = PageFileQuerySet.as_manager()

    class Meta:
        verbose_name = "静态页面"
        verbose_name_plural = "静态页面"
        constraints = [models.UniqueConstraint(fields=["site", "path"], name="page_file_site_path")]
        indexes = [models.Index(fields=["site", "priority", "queued_at"], name="page_file_queue")]

    def __str__(self):
        return f"{self.site}{self.path}"


class ListChange(models.Model):
    """An article change whose list pages (its columns' pages, the feeds,
    the sitemap) are still to be worked out. Working them out counts and
    queues up to thousands of pages, which would hold up the editor's
    request; the writer does it (publishing.services.list_changes_queue)
    after the article's own page, which the request queues at once. The
    states are publishing.targets.ArticleState as JSON (state_to_json)."""

    site = models.CharField("站点", max_length=50, default="main")
    article_id = models.BigIntegerField("文章")
    before = models.JSONField("变更前", null=True)
    after = models.JSONField("变更后", null=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "待处理的列表变更"
        verbose_name_plural = "待处理的列表变更"

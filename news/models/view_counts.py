from django.db import models
from django.utils import timezone


class ViewCountBatch(models.Model):
    """One batch of counted views added to Article.view_count. The batch is
    written in the same transaction as the counts it added, so a batch whose
    spool files are found again after a crash is known to be counted already
    (news/public/view_counts.py): a view is never counted twice. Rows older
    than a day are removed by the next batches."""

    name = models.CharField("批次", max_length=64, unique=True)
    counted_at = models.DateTimeField("计入时间", default=timezone.now, db_index=True)
    views = models.PositiveIntegerField("浏览次数", default=0)
    articles = models.PositiveIntegerField("文章数", default=0)

    class Meta:
        verbose_name = "浏览次数批次"
        verbose_name_plural = "浏览次数批次"

    def __str__(self):
        return self.name

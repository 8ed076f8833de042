"""信息报送: a township's published article sent up to a column of the
banner's portal, and what became of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已采用"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


# Sent and not finished with: the same article goes to the same column once.
OPEN_STATUSES = (SubmissionStatus.PENDING, SubmissionStatus.ACCEPTED)


class OriginalChange(models.TextChoices):
    """What happened to an accepted original that the banner's reviewers should look at."""

    NONE = "", "无"
    CHANGED = "changed", "原文已修改"
    WITHDRAWN = "withdrawn", "原文已撤回"


class SubmissionQuerySet(models.QuerySet):
    def pending_first(self):
        return self.order_by(
            models.Case(
                models.When(status=SubmissionStatus.PENDING, then=0),
                models.When(~Q(original_changed=""), then=1),
                default=2,
            ),
            "-submitted_at",
            "-id",
        )


class Submission(models.Model):
    original = models.ForeignKey(
        "news.Article",
        verbose_name="原文",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    # Kept as text: the count of a township's work stays when an original is purged.
    title = models.CharField("标题", max_length=200)
    from_site = models.ForeignKey(
        "news.Site", verbose_name="报送站点", on_delete=models.PROTECT, related_name="submissions_sent"
    )
    column = models.ForeignKey(
        "news.Column", verbose_name="报送栏目", on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        "状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True, db_index=True)
    remark = models.TextField("退回理由", blank=True)
    copy = models.OneToOneField(
        "news.Article",
        verbose_name="转载稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission_copy",
    )
    original_changed = models.CharField(
        "原文变更", max_length=20, choices=OriginalChange.choices, default=OriginalChange.NONE, blank=True
    )
    # A digest of what the copy shows of the original (title, body…) as the
    # banner last took it in (accepted, updated or looked at): another
    # digest is an edit the banner has not seen.
    original_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_at", "-id"]
        permissions = [("review_submission", "审核乡镇报送(采用或退回)")]
        constraints = [
            models.UniqueConstraint(
                fields=["original", "column"],
                condition=Q(status__in=["pending", "accepted"]),
                name="submission_open_once",
                violation_error_message="这篇文章已报送到该栏目,正在审核或已被采用。",
            )
        ]

    def __str__(self):
        return self.title

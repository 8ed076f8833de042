"""三审: how many review levels a column needs, who reviews at each level,
and every reviewer's decision (from which "who approved what" is read)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models

MAX_REVIEW_LEVELS = 3
REVIEW_LEVEL_CHOICES = [(1, "一级审核"), (2, "二级审核(初审、终审)"), (3, "三级审核(初审、复审、终审)")]


def level_name(levels, level):
    """初审/复审/终审 by how many levels the column needs; one level is plain 审核."""
    names = {1: ["审核"], 2: ["初审", "终审"], 3: ["初审", "复审", "终审"]}[levels]
    return names[min(level, levels) - 1]


class ReviewFields(models.Model):
    """Where a submitted piece (an article or its 修订稿) stands in 三审: the
    level it waits at (1 = 初审; 0 when not under review), which submission,
    since when, who submitted it, and the remarks it was returned with."""

    review_remark = models.TextField("审核意见", blank=True, editable=False)
    review_level = models.PositiveSmallIntegerField("审核级别", default=0, editable=False)
    review_round = models.PositiveIntegerField("提交次数", default=0, editable=False)
    review_since = models.DateTimeField("进入本级审核时间", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class ReviewStep(models.Model):
    """Who reviews at one level of one column: members of the group and the
    people named. Nobody named means anyone with the 审核 right in the column."""

    column = models.ForeignKey(
        "news.Column", verbose_name="栏目", on_delete=models.CASCADE, related_name="review_steps"
    )
    level = models.PositiveSmallIntegerField("审核级别", choices=[(1, "第一级"), (2, "第二级"), (3, "第三级")])
    group = models.ForeignKey(
        Group, verbose_name="审核用户组", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="审核人员", blank=True, related_name="+")

    class Meta:
        verbose_name = "审核级别设置"
        verbose_name_plural = "审核级别设置"
        ordering = ["column", "level"]
        constraints = [models.UniqueConstraint(fields=["column", "level"], name="review_step_unique_level")]

    def __str__(self):
        return f"{self.column} 第{self.level}级"


class ReviewDecisionKind(models.TextChoices):
    APPROVE = "approve", "通过"
    RETURN = "return", "退回"


class ReviewDecision(models.Model):
    """One reviewer's decision at one level of one submission of an article
    (or of its 修订稿). Kept after publication: the record of 三审."""

    article = models.ForeignKey(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, related_name="review_decisions"
    )
    for_correction = models.BooleanField("修订稿", default=False)
    # Which submission: raised by one each time the article (or 修订稿) is submitted.
    review_round = models.PositiveIntegerField("第几次提交")
    level = models.PositiveSmallIntegerField("审核级别")
    level_label = models.CharField("审核环节", max_length=10)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField("审核人姓名", max_length=150)
    decision = models.CharField("结论", max_length=10, choices=ReviewDecisionKind.choices)
    remark = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "for_correction", "review_round"], name="review_decision_round_idx")]

    def __str__(self):
        return f"{self.level_label}{self.get_decision_display()}:{self.reviewer_name}"

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from ..language import shown
from .review import REVIEW_LEVEL_CHOICES


class ColumnType(models.TextChoices):
    """What kind of column it is, and so how often inspectors expect it updated."""

    NEWS = "news", "动态/要闻"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    PERSONNEL = "personnel", "人事/规划计划"
    SECTION = "section", "栏目分组"

    @property
    def update_period(self):
        return UPDATE_PERIODS[self]


UPDATE_PERIODS = {
    ColumnType.NEWS: timedelta(weeks=2),
    ColumnType.NOTICE: timedelta(days=183),
    ColumnType.POLICY: timedelta(days=183),
    ColumnType.PERSONNEL: timedelta(days=365),
    ColumnType.SECTION: None,
}


class Column(models.Model):
    """A 栏目: a node in its site's tree of sections."""

    site = models.ForeignKey("news.Site", verbose_name="站点", on_delete=models.PROTECT, related_name="columns")
    parent = models.ForeignKey(
        "self", verbose_name="上级栏目", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField("栏目名称", max_length=50)
    name_mn = models.CharField(
        "蒙古文名称", max_length=100, blank=True, help_text="蒙古文版导航和页面中显示;留空则显示中文名称"
    )
    slug = models.SlugField("网址标识", max_length=60, help_text="英文字母、数字或连字符,用于网址")
    description = models.CharField("栏目描述", max_length=200, blank=True)
    keywords = models.CharField("栏目关键词", max_length=200, blank=True)
    column_type = models.CharField("栏目类型", max_length=20, choices=ColumnType.choices, default=ColumnType.NEWS)
    order = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面")
    in_navigation = models.BooleanField("在导航中显示", default=True)
    is_disclosure = models.BooleanField(
        "政务公开栏目",
        default=False,
        help_text="其下各级栏目同样属于政务公开;文章页在正文之上显示文号、主题分类、有效性等政务公开信息",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # 三审: how many levels an article of this column passes before publication.
    review_levels = models.PositiveSmallIntegerField(
        "审核级数", null=True, blank=True, choices=REVIEW_LEVEL_CHOICES, help_text="留空则使用站点设置中的默认审核级数"
    )
    allow_same_reviewer = models.BooleanField(
        "允许同一人审核多级",
        default=False,
        help_text="仅超级管理员可设置:允许作者审核本人文章、同一人审核同一文章的多个级别。会记入操作日志。",
    )

    accepts_submissions = models.BooleanField(
        "接收报送",
        default=False,
        help_text="旗级门户的栏目:乡镇站点可把已发布的文章报送到这里(如“乡镇动态”)",
    )

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="column_slug_unique_per_site")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.site_id is None:
            # Made without a site (a single-site installation, most tests):
            # the default site's.
            from .site import Site

            self.site_id = Site.objects.default().pk
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:column", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.accepts_submissions and self.site_id and not self.site.is_platform:
            raise ValidationError({"accepts_submissions": "只有旗级门户的栏目可以接收报送。"})

    @property
    def review_levels_needed(self):
        """The column's own number of review levels, or the site's default."""
        if self.review_levels:
            return self.review_levels
        return self.site.review_levels

    @property
    def update_period(self):
        return ColumnType(self.column_type).update_period

    @property
    def shown_name(self):
        return shown(self, "name")

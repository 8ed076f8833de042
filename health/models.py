import hashlib

from django.db import models


def url_digest(url):
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class LinkCheckResult(models.Model):
    """The last answer an external address gave, kept so that a re-run within
    a day asks no other site again."""

    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    url = models.TextField("链接地址")
    status_code = models.PositiveSmallIntegerField("HTTP 状态码", null=True, blank=True)
    ok = models.BooleanField("可以访问", default=False)
    error = models.CharField("错误", max_length=300, blank=True)
    checked_at = models.DateTimeField("检查时间", db_index=True)

    class Meta:
        verbose_name = "外部链接检查结果"
        verbose_name_plural = "外部链接检查结果"
        default_permissions = ()
        permissions = [("view_site_health", "可以查看网站体检报告")]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.url_hash = url_digest(self.url)
        super().save(*args, **kwargs)


class SiteHealth(LinkCheckResult):
    """Only a name in the admin: its list page is the 网站体检 report."""

    class Meta:
        proxy = True
        verbose_name = "网站体检"
        verbose_name_plural = "网站体检"
        default_permissions = ()


class HealthReport(models.Model):
    """A site's 网站体检 report made by the `site_health_report_make` task: asked
    for (queued), then made (its report stored as `Report.as_dict`). The
    admin page shows the last one made; it never runs the check itself."""

    site = models.ForeignKey("news.Site", verbose_name="站点", on_delete=models.CASCADE, related_name="health_reports")
    requested_at = models.DateTimeField("申请时间", db_index=True)
    requested_by = models.CharField("申请人", max_length=150, blank=True)
    made_at = models.DateTimeField("生成时间", null=True, blank=True, db_index=True)
    error = models.TextField("错误", blank=True)
    data = models.JSONField("报告", null=True, blank=True)

    class Meta:
        verbose_name = "网站体检报告"
        verbose_name_plural = "网站体检报告"
        default_permissions = ()
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"网站体检 {self.site_id} {self.requested_at:%Y-%m-%d %H:%M}"

"""The export log (who exported what, and the checksum of the file handed
over) and the background jobs that build large exports."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV 表格"
    XLSX = "xlsx", "Excel 表格 (XLSX)"
    JSON = "json", "JSON"
    PACKAGE = "package", "归档包 (BagIt ZIP)"


class ExportStatus(models.TextChoices):
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    ABORTED = "aborted", "中断"


class ExportRecord(models.Model):
    """One export: the entry every export writes. A download sent as it is
    made is logged when it starts (进行中) and completed when it ends: one
    broken off says 中断, one whose process died stays 进行中 (未完成)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor = models.CharField("操作者", max_length=150, help_text="用户名;命令行导出时为系统用户")
    via = models.CharField("途径", max_length=20, choices=[("admin", "管理后台"), ("command", "命令行")])
    created_at = models.DateTimeField("导出时间", default=timezone.now, db_index=True)
    # The site exported (its key is in the filters too); kept if the site goes.
    site = models.ForeignKey(
        "news.Site", verbose_name="站点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filters = models.JSONField("筛选条件", default=dict)
    count = models.PositiveIntegerField("文章篇数", default=0)
    fmt = models.CharField("格式", max_length=20, choices=ExportFormat.choices)
    sha256 = models.CharField("文件 SHA-256", max_length=64, blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("文件大小(字节)", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ExportStatus.choices, default=ExportStatus.DONE)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    # The 导出 entry of the audit log, completed together with this record.
    audit_entry = models.ForeignKey(
        "news.AuditEntry", verbose_name="操作日志", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "导出记录"
        verbose_name_plural = "导出记录"
        ordering = ["-created_at", "-id"]
        permissions = [("export_archive", "可以导出文章档案")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.get_fmt_display()} {self.count} 篇"


class ExportJobState(models.TextChoices):
    PENDING = "pending", "等待中"
    RUNNING = "running", "导出中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(models.Model):
    """A large export built in the background, so no web request waits for it.
    Progress is kept in the database, so any gunicorn worker can show it."""

    # A running job that has not reported progress for this long has died
    # with its worker process.
    STALE_AFTER = timedelta(minutes=10)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    site = models.ForeignKey(
        "news.Site", verbose_name="站点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filters = models.JSONField("筛选条件", default=dict)
    fmt = models.CharField("格式", max_length=20, choices=ExportFormat.choices)
    with_pdf = models.BooleanField("生成 PDF", default=True)
    state = models.CharField("状态", max_length=20, choices=ExportJobState.choices, default=ExportJobState.PENDING)
    done = models.PositiveIntegerField("已完成篇数", default=0)
    total = models.PositiveIntegerField("总篇数", default=0)
    heartbeat_at = models.DateTimeField("最近进度时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    error = models.TextField("错误信息", blank=True)
    record = models.ForeignKey(ExportRecord, verbose_name="导出记录", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"导出任务 {self.pk}"

    @property
    def is_finished(self):
        return self.state in (ExportJobState.DONE, ExportJobState.FAILED)

    @property
    def is_stale(self):
        return not self.is_finished and timezone.now() - self.heartbeat_at > self.STALE_AFTER

    @property
    def percent(self):
        if self.state == ExportJobState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    CREATE = "create", "新建"
    EDIT = "edit", "修改"
    SUBMIT = "submit", "提交审核"
    APPROVE = "approve", "审核通过"
    REJECT = "reject", "退回修改"
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤稿"
    DELETE = "delete", "删除(移入回收站)"
    RESTORE = "restore", "从回收站恢复"
    PURGE = "purge", "彻底删除"
    REVERT = "revert", "恢复历史版本"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
    ENROLMENT_LINK = "enrolment_link", "签发两步验证绑定链接"
    ENROLMENT = "enrolment", "绑定身份验证器"
    RETENTION = "retention", "按保留期限清理"
    SUBMISSION_SEND = "submission_send", "信息报送"
    SUBMISSION_ACCEPT = "submission_accept", "采用报送"
    SUBMISSION_RETURN = "submission_return", "退回报送"
    SUBMISSION_FOLLOW = "submission_follow", "报送原文变更"


class AuditEntry(models.Model):
    """One thing somebody did. Written by the service functions only; nobody
    may change or delete an entry through the admin."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the entry must still say who it was after the account is gone.
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=250, blank=True)
    remark = models.TextField("备注", blank=True)
    details = models.JSONField("详情", default=dict, blank=True)
    site = models.ForeignKey(
        "news.Site", verbose_name="站点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"

from django.conf import settings
from django.db import models


class EnrolmentLink(models.Model):
    """A one-time link an administrator gives a staff member who must use two
    factors, to bind their first authenticator. Only its SHA-256 is kept: the
    link itself is shown once, to the administrator who made it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_hash = models.CharField("链接摘要", max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "两步验证绑定链接"
        verbose_name_plural = "两步验证绑定链接"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} 的绑定链接"

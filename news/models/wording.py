from django.db import models


class WordingLevel(models.TextChoices):
    BLOCK = "block", "禁止发布"
    WARN = "warn", "提醒"


class WordingRule(models.Model):
    """A wrong or forbidden expression (错敏词) and what to write instead."""

    phrase = models.CharField("错误或敏感表述", max_length=100, unique=True)
    correct_form = models.CharField("正确表述", max_length=200, blank=True, help_text="留空表示应删除或改写")
    level = models.CharField("级别", max_length=10, choices=WordingLevel.choices, default=WordingLevel.BLOCK)
    note = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["level", "phrase"]

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase = self.phrase.strip()
        super().save(*args, **kwargs)

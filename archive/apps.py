from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "档案导出"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "工作人员账号安全"

    def ready(self):
        from . import signals  # noqa: F401

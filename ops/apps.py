from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the portal: the liveness probe, media serving, backups, deploy checks."""

    name = "ops"
    verbose_name = "运维"

    def ready(self):
        from . import checks  # noqa: F401

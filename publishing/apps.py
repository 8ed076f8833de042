from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "静态发布"

    def ready(self):
        from . import signals, site_hosts  # noqa: F401

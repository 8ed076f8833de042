from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻发布"

    def ready(self):
        from . import signals  # noqa: F401

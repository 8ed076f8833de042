from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from . import segmentation, signals  # noqa: F401

        # Once per process, at start-up; gunicorn --preload shares it with its workers.
        segmentation.load()

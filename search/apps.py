from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from . import segmentation, signals  # noqa: F401

        # The dictionary (about 110 MB) is loaded by portal/wsgi.py before
        # gunicorn --preload forks, and by anything else on first use: a
        # management command that never segments text (an export, the health
        # check) does not carry it.

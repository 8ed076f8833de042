from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻发布"

    def ready(self):
        import reversion

        from .public import cache_signals  # noqa: F401

        # Revisions are made only by news.editorial.services, inside its own blocks.
        reversion.register(self.get_model("Article"), exclude=["view_count", "updated_at"])
        reversion.register(self.get_model("ArticleCorrection"), exclude=["updated_at"])

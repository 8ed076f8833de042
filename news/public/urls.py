from django.urls import path, register_converter

from news.editorial.preview import article_preview

from . import feeds, views


class ArticleIdConverter:
    """Whole numbers that fit a database id; longer ones are simply not found."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(ArticleIdConverter, "article_id")

app_name = "news"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("column/<slug:slug>/", views.ColumnView.as_view(), name="column"),
    path("column/<slug:slug>/feed/", feeds.LatestNewsFeed(), name="column_feed"),
    path("article/<article_id:pk>/", views.ArticleView.as_view(), name="article"),
    path("attachment/<article_id:pk>/", views.attachment_download, name="attachment"),
    path("views/article/<article_id:pk>/", views.article_view_beacon, name="article_view_beacon"),
    path("feed/", feeds.LatestNewsFeed(), name="feed"),
    path("sitemap/", views.SiteMapView.as_view(), name="site_map"),
    path("preview/article/<article_id:pk>/", article_preview, name="article_preview"),
    path("preferences.css", views.preferences_stylesheet, name="preferences_stylesheet"),
    path("preferences/font/<str:size>/", views.set_font_size, name="set_font_size"),
    path("preferences/elder/<str:state>/", views.set_elder_mode, name="set_elder_mode"),
]

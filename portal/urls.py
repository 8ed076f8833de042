from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from news.editor import editor_image_upload
from news.sitemaps import sitemaps
from news.views import RobotsView

admin.site.site_header = "政府网站内容管理"
admin.site.site_title = "内容管理"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("admin/editor/image-upload/", editor_image_upload, name="editor_image_upload"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("", include("news.urls")),
]

if settings.SERVE_MEDIA:
    # Photos only; attachments are in PRIVATE_MEDIA_ROOT and go through news:attachment.
    urlpatterns.append(
        re_path(r"^media/(?P<path>(?:covers|editor)/.+)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler404 = "news.errors.page_not_found"
handler500 = "news.errors.server_error"

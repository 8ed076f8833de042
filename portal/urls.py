from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from news.media.editor import editor_image_upload
from news.public.sitemaps import sitemap, sitemap_index
from news.public.views import RobotsView
from ops.liveness import liveness_probe
from ops.media_serving import serve_media

urlpatterns = [
    path(f"{settings.ADMIN_URL}editor/image-upload/", editor_image_upload, name="editor_image_upload"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", liveness_probe, name="liveness_probe"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("", include("search.urls")),
    path("", include("news.public.urls")),
]
if settings.SERVE_MEDIA:
    # Only when nginx is not in front (make run); see ops.media_serving.serve_media.
    # MEDIA_ROOT holds photos only: attachments are in PRIVATE_MEDIA_ROOT and
    # go through news:attachment, which serves those of public articles.
    urlpatterns.insert(0, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"))

handler400 = "news.public.errors.bad_request"
handler403 = "news.public.errors.permission_denied"
handler404 = "news.public.errors.page_not_found"
handler500 = "news.public.errors.server_error"

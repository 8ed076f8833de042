"""Uploaded photos served by Django itself, when nginx is not in front (make run)."""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

# Types a browser shows inline; anything else is offered as a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


@require_safe
def serve_media(request, path):
    """Uploaded files, when nothing in front serves MEDIA_ROOT (make run).
    Same rules as deploy/nginx/portal.conf: the type from the extension,
    nosniff, no scripts even if a file slipped through, and downloads for
    anything that is not a plain image or PDF."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        # A name the file system refuses outright (too long, say) names no file.
        raise Http404("没有这个文件") from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response

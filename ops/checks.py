from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def media_outside_static(app_configs, **kwargs):
    """Uploads must never land where static files are served from, with
    their long cache lifetime and without the upload checks."""
    media = Path(settings.MEDIA_ROOT).resolve()
    static_dirs = [Path(settings.STATIC_ROOT).resolve(), *(Path(d).resolve() for d in settings.STATICFILES_DIRS)]
    for static in static_dirs:
        if media == static or static in media.parents or media in static.parents:
            return [Error(f"MEDIA_ROOT ({media}) 与静态文件目录 ({static}) 重叠。", id="ops.E001")]
    if settings.MEDIA_URL.rstrip("/") == settings.STATIC_URL.rstrip("/"):
        return [Error("MEDIA_URL 不能与 STATIC_URL 相同。", id="ops.E002")]
    return []

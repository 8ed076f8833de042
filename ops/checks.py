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


@register(deploy=False)
def retention_settings(app_configs, **kwargs):
    """The audit log is kept at least 180 days; a rotation keeps something."""
    from ops.retention import AUDIT_LOG_MIN_DAYS

    errors = []
    if settings.AUDIT_LOG_RETENTION_DAYS < AUDIT_LOG_MIN_DAYS:
        errors.append(Error(f"AUDIT_LOG_RETENTION_DAYS 不能少于 {AUDIT_LOG_MIN_DAYS} 天。", id="ops.E003"))
    keep = (settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY)
    if min(keep) < 0 or max(keep) < 1:
        errors.append(Error("BACKUP_KEEP_DAILY/WEEKLY/MONTHLY 不能为负,且至少一个大于 0。", id="ops.E004"))
    return errors

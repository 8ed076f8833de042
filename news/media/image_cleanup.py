"""Editor uploads nobody uses: a photo put into the editor and then taken
out again, or never saved, stays in MEDIA_ROOT/editor/ forever unless it is
removed. `editor_images_unused_purge` (a daily job, news/media/tasks.py) deletes
those older than EDITOR_IMAGE_GRACE_DAYS with all their renditions.

An image is in use while any article body, any saved version of an article
(django-reversion, so restoring one still finds its photos) or any 修订稿
mentions it or one of its renditions. Only the editor folder is looked at:
covers and attachments live elsewhere and are never touched."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .images import EDITOR_FOLDER

# editor/<YYYY>/<MM>/<hex>: the original and its renditions share it.
IMAGE_KEY = re.compile(rf"{EDITOR_FOLDER}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}")
STORED_FILE = re.compile(rf"^({EDITOR_FOLDER}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}})(?:-\d+w)?\.(?:jpg|png)$")


def _files(storage, folder):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _files(storage, f"{folder}/{directory}")


def editor_images_stored(storage=default_storage):
    """{image key: [its files (original and renditions)]} under the editor folder."""
    found = {}
    if not storage.exists(EDITOR_FOLDER):
        return found
    for name in _files(storage, EDITOR_FOLDER):
        match = STORED_FILE.match(name)
        if match:
            found.setdefault(match.group(1), []).append(name)
    return found


def _texts():
    from reversion.models import Version

    from ..models import Article, ArticleCorrection

    for manager, fields in (
        (Article._base_manager, ("body", "summary")),
        (ArticleCorrection._base_manager, ("body", "summary")),
        (Version.objects, ("serialized_data",)),
    ):
        for row in manager.values_list(*fields).iterator(chunk_size=1000):
            yield from row


def editor_images_in_use():
    """The image keys any article, saved version or 修订稿 mentions."""
    used = set()
    for text in _texts():
        if text and EDITOR_FOLDER in text:
            used.update(IMAGE_KEY.findall(text))
    return used


def editor_images_unused_purge(*, grace_days=None, now=None, storage=default_storage):
    """Delete the editor images (with renditions) no text mentions whose
    files are all older than the grace period, writing one audit entry.
    Returns the deleted image keys."""
    from ..audit import audit_record
    from ..editorial.actors import SYSTEM
    from ..models import AuditAction

    days = settings.EDITOR_IMAGE_GRACE_DAYS if grace_days is None else grace_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    stored = editor_images_stored(storage)
    old = {
        key: names for key, names in stored.items() if all(storage.get_modified_time(name) < cutoff for name in names)
    }
    if not old:
        return []
    used = editor_images_in_use()
    unused = sorted(key for key in old if key not in used)
    if not unused:
        return []
    with transaction.atomic():
        audit_record(
            user=SYSTEM,
            action=AuditAction.RETENTION,
            remark=f"删除 {len(unused)} 张超过 {days} 天未被使用的正文图片",
            deleted=len(unused),
            files=sum(len(old[key]) for key in unused),
            days=days,
        )
        for key in unused:
            for name in old[key]:
                storage.delete(name)
    return unused

"""Backups a new machine can restore: every app's data (dumpdata with
natural keys, so content types and permissions are matched by name, not id)
plus every uploaded file, in one timestamped tar.gz under BACKUP_DIR.

Generic over all installed apps: models added later (revisions, audit log,
attachments…) are included without touching this module. Left out are only
what `migrate` recreates (content types, permissions) and sessions."""
import hashlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
# Recreated by `migrate` (content types, permissions), short-lived (sessions),
# or derived from the articles and rebuilt after a restore (the search index).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "search"]
DATA_NAME = "database.json"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    pass


def backed_up_models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in excluded_apps:
            continue
        if meta.label_lower in excluded_models:
            continue
        yield model


@contextmanager
def _no_statement_timeout():
    """Backups and restores run long by nature: lift the web's statement limit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    yield


def backup_create(*, destination=None, now=None):
    """Write a backup archive and return its path."""
    destination = Path(destination or settings.BACKUP_DIR)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    archive = destination / f"portal-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work, _no_statement_timeout():
        data_file = Path(work) / DATA_NAME
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One consistent snapshot for the counts and the dump.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = {model._meta.label: model._default_manager.count() for model in backed_up_models()}
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                natural_primary=True,
                output=str(data_file),
                verbosity=0,
            )
        media = {}
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                media[path.relative_to(media_root).as_posix()] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "counts": counts,
            "media": media,
        }
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # holds password hashes and 2FA keys
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            tar.add(data_file, arcname=DATA_NAME)
            for name in media:
                tar.add(media_root / name, arcname=f"media/{name}")
    return archive


# Rows that `migrate` itself puts into a new database (the staff groups and the
# starter wording list): a database holding only these still counts as empty,
# and the backup's own copies replace them.
SEEDED_BY_MIGRATIONS = {"auth.Group", "news.WordingRule"}


def backup_restore(*, archive, replace=False):
    """Restore `archive` into this site's (migrated) database and MEDIA_ROOT.
    Refuses a database that already holds data unless `replace`. Returns the
    manifest after checking every model's row count and every file's digest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work, _no_statement_timeout():
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        work = Path(work)
        manifest = json.loads((work / MANIFEST_NAME).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}")
        holding = [label for label in manifest["counts"] if _model(label)._default_manager.exists()]
        occupied = [label for label in holding if label not in SEEDED_BY_MIGRATIONS]
        if occupied and not replace:
            raise BackupError("目标数据库已有数据(" + "、".join(occupied[:5]) + "),请使用空数据库,或加 --replace 先清空再恢复。")
        if holding:
            call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(work / DATA_NAME), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        for name, digest in manifest["media"].items():
            source = work / "media" / name
            if _sha256(source) != digest:
                raise BackupError(f"备份中的文件已损坏:{name}")
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    wrong = {
        label: (count, _model(label)._default_manager.count())
        for label, count in manifest["counts"].items()
        if _model(label)._default_manager.count() != count
    }
    if wrong:
        raise BackupError(f"恢复后的记录数与备份不符:{wrong}")
    call_command("rebuild_search_index", verbosity=0)
    cache.clear()
    from news.models import SiteSettings

    SiteSettings.content_changed()
    return manifest


def latest_backup(directory=None):
    archives = sorted(Path(directory or settings.BACKUP_DIR).glob("portal-*.tar.gz"))
    return archives[-1] if archives else None


def _model(label):
    return apps.get_model(label)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))

"""Backups a new machine can restore: every app's data (dumpdata with
natural keys, so content types and permissions are matched by name, not id)
plus every stored file (photos in MEDIA_ROOT, attachments in
PRIVATE_MEDIA_ROOT), in one timestamped tar.gz under BACKUP_DIR.

A restore trusts nothing in the archive: links, special files and any name
that would land outside its folder are refused before anything is written.

Generic over all installed apps: models added later (revisions, audit log,
attachments…) are included without touching this module. Left out are only
what `migrate` recreates (content types, permissions) and sessions."""
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

FORMAT = 2  # 1: MEDIA_ROOT only, under "media"; 2: every file root, under "files"
# Recreated by `migrate` (content types, permissions), short-lived (sessions),
# or derived from the articles and rebuilt after a restore (the search index).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "search"]
DATA_NAME = "database.json"
MANIFEST_NAME = "manifest.json"


def file_roots():
    """Where stored files live, by the folder name they have in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


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
    """Write a backup archive and return its path. The manifest lists, under
    "missing", files rows point to that were already gone at backup time."""
    destination = Path(destination or settings.BACKUP_DIR)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    archive = destination / f"portal-{stamp}.tar.gz"
    roots = file_roots()
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
        files = {folder: {name: _sha256(root / name) for name in _stored_names(root)} for folder, root in roots.items()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "counts": counts,
            "files": files,
            "missing": referenced_files_missing(),
        }
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # holds password hashes and 2FA keys
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            tar.add(data_file, arcname=DATA_NAME)
            for folder, names in files.items():
                for name in names:
                    tar.add(roots[folder] / name, arcname=f"{folder}/{name}", recursive=False)
    return archive


def _stored_names(root):
    """Regular files under `root`, relative POSIX names, sorted; links are
    neither followed nor included (a restore would refuse them)."""
    names = []
    if not root.is_dir():
        return names
    for directory, subdirectories, filenames in os.walk(root):
        for filename in filenames:
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                names.append(path.relative_to(root).as_posix())
    return sorted(names)


def referenced_files():
    """(model label, pk, field name, storage, file name) for every file a row points to."""
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            rows = model._default_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
            for pk, name in rows.values_list("pk", field.attname).order_by("pk").iterator():
                yield model._meta.label, pk, field.name, field.storage, name


def referenced_files_missing():
    """Descriptions of the files rows point to that are not in their storage."""
    return [
        f"{label} #{pk} {field_name}: {name}"
        for label, pk, field_name, storage, name in referenced_files()
        if not storage.exists(name)
    ]


# Rows that `migrate` itself puts into a new database (the staff groups and the
# starter wording list): a database holding only these still counts as empty,
# and the backup's own copies replace them.
SEEDED_BY_MIGRATIONS = {"auth.Group", "news.WordingRule"}


def backup_restore(*, archive, replace=False):
    """Restore `archive` into this site's (migrated) database and file roots.
    Refuses a database that already holds data unless `replace`. Every member
    and every file name is checked before anything is written. Returns the
    manifest after checking every model's row count and every file's digest,
    and that every file a row points to is there."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    call_command("migrate", interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work, _no_statement_timeout():
        work = Path(work)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                _extract_checked(tar, work)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"备份文件无法读取(已损坏或不完整):{error}") from None
        try:
            manifest = json.loads((work / MANIFEST_NAME).read_text())
        except (OSError, ValueError):
            raise BackupError("备份中缺少可读的 manifest.json,不是本系统生成的备份。") from None
        if manifest.get("format") not in (1, FORMAT):
            raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}")
        files = _manifest_files(manifest)
        roots = file_roots()
        # Every name and every digest is checked before the database is touched.
        copies = []
        for folder, names in files.items():
            for name, digest in names.items():
                source = _inside(work / folder, name, what="备份中的文件名")
                if not source.is_file():
                    raise BackupError(f"备份中缺少清单所列的文件:{folder}/{name}")
                if _sha256(source) != digest:
                    raise BackupError(f"备份中的文件已损坏:{folder}/{name}")
                copies.append((source, _inside(roots[folder], name, what="要恢复的文件名")))
        holding = [label for label in manifest["counts"] if _model(label)._default_manager.exists()]
        occupied = [label for label in holding if label not in SEEDED_BY_MIGRATIONS]
        if occupied and not replace:
            raise BackupError("目标数据库已有数据(" + "、".join(occupied[:5]) + "),请使用空数据库,或加 --replace 先清空再恢复。")
        if holding:
            call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(work / DATA_NAME), verbosity=0)
        for source, target in copies:
            _copy_no_links(source, target)
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
    missing = referenced_files_missing()
    if missing:
        shown = "\n".join(missing[:20]) + (f"\n……另有 {len(missing) - 20} 个" if len(missing) > 20 else "")
        raise BackupError(
            f"数据已恢复,但有 {len(missing)} 个文件在备份中没有,对应的图片或附件将无法下载:\n{shown}"
        )
    return manifest


def manifest_file_count(manifest):
    return sum(len(names) for names in _manifest_files(manifest).values())


def _manifest_files(manifest):
    """{folder: {name: sha256}}; format 1 had the photos only, under "media"."""
    files = manifest.get("files") if manifest.get("format") == FORMAT else {"media": manifest.get("media")}
    if not isinstance(files, dict) or not set(files) <= set(file_roots()):
        raise BackupError("备份清单中的文件列表无法识别。")
    if not all(isinstance(names, dict) for names in files.values()):
        raise BackupError("备份清单中的文件列表无法识别。")
    return files


ARCHIVE_TOP_LEVEL = {MANIFEST_NAME, DATA_NAME, "media", "private"}


def _extract_checked(tar, work):
    """Extract only plain files and folders with plain relative names; any
    link, device or name leaving the folder refuses the whole archive."""
    members = []
    for member in tar.getmembers():
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"备份中含有链接或特殊文件,已拒绝恢复:{member.name}")
        parts = _plain_parts(member.name)
        if parts is None or parts[0] not in ARCHIVE_TOP_LEVEL:
            raise BackupError(f"备份中含有不安全的路径,已拒绝恢复:{member.name}")
        members.append(member)
    # The "data" filter refuses the same things once more, and drops modes.
    tar.extractall(work, members=members, filter="data")


def _plain_parts(name):
    """The parts of a relative POSIX name with no "..", ".", empty parts or
    backslashes; None for anything else."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return None
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return parts


def _inside(root, name, *, what):
    """`root / name`, refused unless it stays inside `root` with no link on the way."""
    parts = _plain_parts(name)
    if parts is None:
        raise BackupError(f"{what}不安全,已拒绝恢复:{name!r}")
    root = Path(root)
    target = root.joinpath(*parts)
    if target.resolve() != root.resolve().joinpath(*parts):
        raise BackupError(f"{what}经过链接或指向目录之外,已拒绝恢复:{name!r}")
    return target


def _copy_no_links(source, target):
    """Copy, creating folders; never writes through a link planted meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o640)
    with open(source, "rb") as reader, os.fdopen(fd, "wb") as writer:
        shutil.copyfileobj(reader, writer, 1 << 20)


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

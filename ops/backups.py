"""Backups a new machine can restore: the database with the engine's own
tools (PostgreSQL: `pg_dump -Fc` of one exported snapshot, restored by
`pg_restore` with parallel jobs; SQLite: the online backup API) plus every
stored file (photos in MEDIA_ROOT, attachments in PRIVATE_MEDIA_ROOT), in one
timestamped tar.gz under BACKUP_DIR, with a manifest of row counts and SHA-256
digests that a restore checks.

A restore trusts nothing in the archive: it is first compared with the
`.sha256` file beside it (when there is one); links, special files, any name
that would land outside its folder and more data than BACKUP_RESTORE_MAX_BYTES
(or the free disk space) are refused while the member headers are read, before
anything is extracted; and every digest is checked before the database is
touched.

The whole database is copied (every app, the search index too), so nothing
has to be rebuilt after a restore; sessions are left out. Archives of formats
1 and 2 (dumpdata JSON) still restore, through loaddata."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

# 1: dumpdata, MEDIA_ROOT only, under "media"; 2: dumpdata, every file root,
# under "files"; 3: the engine's own dump (DUMP_NAMES), every file root.
FORMAT = 3
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
SESSION_TABLE = "django_session"
# Not counted in the manifest: recreated by `migrate` (content types,
# permissions), short-lived (sessions, left out of the dump) or derived from
# the articles (the search index, copied with the database all the same).
# Also what the old dumpdata formats (1 and 2) left out.
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
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        counts = _pg_dump(dump) if vendor == "postgresql" else _sqlite_dump(dump)
        files = {folder: {name: _sha256(root / name) for name in _stored_names(root)} for folder, root in roots.items()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": vendor,
            "database": {"name": dump.name, "sha256": _sha256(dump), "size": dump.stat().st_size},
            "counts": counts,
            "files": files,
            "missing": referenced_files_missing(),
        }
        fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # holds password hashes and 2FA keys
        try:
            # Level 1: the PostgreSQL dump and the photos are compressed already.
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=1) as tar:
                _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
                tar.add(dump, arcname=dump.name)
                for folder, names in files.items():
                    for name in names:
                        tar.add(roots[folder] / name, arcname=f"{folder}/{name}", recursive=False)
        except BaseException:
            archive.unlink(missing_ok=True)  # never leave half an archive to be rotated in as "the latest"
            raise
    # `sha256sum -c` checks a copy taken off the machine; the admin shows it.
    checksum = checksum_path(archive)
    fd = os.open(checksum, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"{_sha256(archive)}  {archive.name}\n")
    return archive


def checksum_path(archive):
    """The `sha256sum` file written beside an archive."""
    return Path(f"{archive}.sha256")


def archive_checksum_check(archive):
    """Compare `archive` with the `.sha256` file beside it: True when they
    match, False when there is no such file; a mismatch or an unreadable file
    refuses the restore (a damaged copy, or one changed after the backup)."""
    checksum = checksum_path(archive)
    if not checksum.is_file():
        return False
    try:
        expected = checksum.read_text(encoding="ascii").split()[0].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        expected = ""
    if len(expected) != 64 or not all(c in "0123456789abcdef" for c in expected):
        raise BackupError(f"校验文件 {checksum.name} 无法识别(应为 sha256sum 生成的格式),已拒绝恢复。")
    if _sha256(archive) != expected:
        raise BackupError(
            f"备份文件 {Path(archive).name} 与校验文件 {checksum.name} 中的 SHA-256 不符,"
            "备份文件已损坏或被改动,已拒绝恢复。请换用完好的副本。"
        )
    return True


def _table_counts(count):
    """{model label: rows} for the backed-up models, `count(table)` giving the rows."""
    return {model._meta.label: count(model._meta.db_table) for model in backed_up_models()}


def _pg_dump(target):
    """pg_dump -Fc of one snapshot, exported from a REPEATABLE READ transaction
    that also counts the rows: the counts and the dump see the same data
    whatever is written meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _table_counts(lambda table: _pg_count(cursor, table))
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-acl",
                f"--snapshot={snapshot}",
                f"--exclude-table-data={SESSION_TABLE}",
                "-f",
                str(target),
            ],
            what="pg_dump",
        )
    return counts


def _pg_count(cursor, table):
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    return cursor.fetchone()[0]


def _sqlite_dump(target):
    """SQLite's online backup API: a consistent copy while the site keeps
    writing; the row counts are taken from the copy itself."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute(f'DELETE FROM "{SESSION_TABLE}"')
        copy.commit()
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return _table_counts(lambda table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
    finally:
        copy.close()


def _pg_environment():
    """libpq's environment for this site's database: pg_dump and pg_restore
    reach the same server, database and user as Django does."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGDATABASE", db["NAME"]),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
    ):
        if value:
            env[key] = str(value)
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    env["PGCONNECT_TIMEOUT"] = str(options.get("connect_timeout") or 10)
    env["PGOPTIONS"] = "-c statement_timeout=0"
    return env


def _run(command, *, what):
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {what},请安装 PostgreSQL 客户端(postgresql-client,版本不低于数据库服务器)。"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} 失败:{result.stderr.strip()[-2000:]}")
    return result


def _stored_names(root):
    """Regular files under `root`, relative POSIX names, sorted; links are
    neither followed nor included (a restore would refuse them)."""
    names = []
    if not root.is_dir():
        return names
    for directory, _subdirectories, filenames in os.walk(root):
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


def backup_restore(*, archive, replace=False, warn=None):
    """Restore `archive` into this site's database and file roots. Refuses a
    database that already holds data unless `replace`. The archive's digest
    (against its `.sha256` file; `warn` is told when there is none), every
    member, the size it unpacks to, every file name and every digest are
    checked before anything is written. Returns the manifest after checking
    every model's row count, and that every file a row points to is there."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    if not archive_checksum_check(archive) and warn is not None:
        warn(
            f"注意:备份文件旁没有校验文件 {checksum_path(archive).name},无法核对整个备份文件是否完整;"
            "仍将逐项核对清单中的摘要。"
        )
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
        if manifest.get("format") not in (1, 2, FORMAT):
            raise BackupError(f"不认识的备份格式 {manifest.get('format')!r}")
        dump = _checked_dump(manifest, work)
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
        occupied = _occupied(manifest["counts"])
        if occupied and not replace:
            raise BackupError(
                "目标数据库已有数据(" + "、".join(occupied[:5]) + "),请使用空数据库,或加 --replace 先清空再恢复。"
            )
        if dump is None:
            _restore_dumpdata(work / DATA_NAME)
        elif connection.vendor == "postgresql":
            _pg_restore(dump)
        else:
            _sqlite_restore(dump)
        for source, target in copies:
            _copy_no_links(source, target)
    wrong = {
        label: (count, _model(label)._default_manager.count())
        for label, count in manifest["counts"].items()
        if _model(label)._default_manager.count() != count
    }
    if wrong:
        raise BackupError(f"恢复后的记录数与备份不符:{wrong}")
    if dump is None:
        call_command("rebuild_search_index", verbosity=0)  # dumpdata archives hold no search index
    cache.clear()
    from news.content_version import content_version_bump
    from publishing.changes import site_restored_publish

    content_version_bump()
    site_restored_publish()  # the published tree shows the restored data once the worker has run
    missing = referenced_files_missing()
    if missing:
        shown = "\n".join(missing[:20]) + (f"\n……另有 {len(missing) - 20} 个" if len(missing) > 20 else "")
        raise BackupError(f"数据已恢复,但有 {len(missing)} 个文件在备份中没有,对应的图片或附件将无法下载:\n{shown}")
    return manifest


def _checked_dump(manifest, work):
    """The database dump of a format-3 archive, its digest checked and its
    engine the same as this site's; None for the dumpdata formats."""
    if manifest.get("format") != FORMAT:
        return None
    database = manifest.get("database")
    vendor = manifest.get("database_vendor")
    if not isinstance(database, dict) or vendor not in DUMP_NAMES or database.get("name") != DUMP_NAMES[vendor]:
        raise BackupError("备份清单中的数据库信息无法识别。")
    if vendor != connection.vendor:
        names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
        raise BackupError(
            f"这是 {names[vendor]} 数据库的备份,只能恢复到 {names[vendor]};当前网站使用 {names.get(connection.vendor, connection.vendor)}。"
        )
    dump = work / database["name"]
    if not dump.is_file() or dump.is_symlink():
        raise BackupError(f"备份中缺少数据库文件:{database['name']}")
    if _sha256(dump) != database.get("sha256"):
        raise BackupError(f"备份中的数据库文件已损坏:{database['name']}")
    return dump


def _occupied(counts):
    """Labels of backed-up models whose table exists here and holds rows
    `migrate` did not put there."""
    tables = set(connection.introspection.table_names())
    occupied = []
    for label in counts:
        if label in SEEDED_BY_MIGRATIONS:
            continue
        try:
            model = _model(label)
        except LookupError:
            continue
        if model._meta.db_table in tables and model._default_manager.exists():
            occupied.append(label)
    return occupied


def _restore_dumpdata(data_file):
    """Formats 1 and 2: migrate, empty, loaddata."""
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(data_file), verbosity=0)


def _pg_restore(dump):
    """Drop this database's tables, pg_restore the dump with parallel jobs,
    then migrate (an archive from older code gets the newer migrations)."""
    _pg_drop_everything()
    connection.close()
    jobs = max(1, min(4, os.cpu_count() or 1))
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            f"--jobs={jobs}",
            "-d",
            connection.settings_dict["NAME"],
            str(dump),
        ],
        what="pg_restore",
    )
    call_command("migrate", interactive=False, verbosity=0)


def _pg_drop_everything():
    """Empty the current schema: views, tables (their sequences, indexes and
    triggers go with them) and sequences of their own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT viewname FROM pg_views WHERE schemaname = current_schema()")
        views = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        with transaction.atomic():
            for view in views:
                cursor.execute(f"DROP VIEW IF EXISTS {quote(view)} CASCADE")
            if tables:
                cursor.execute("DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in tables) + " CASCADE")
            cursor.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
            for (sequence,) in cursor.fetchall():
                cursor.execute(f"DROP SEQUENCE IF EXISTS {quote(sequence)} CASCADE")


def _sqlite_restore(dump):
    """Copy the backup over this database with the online backup API (page by
    page, into the open database), then migrate."""
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)


def manifest_file_count(manifest):
    return sum(len(names) for names in _manifest_files(manifest).values())


def _manifest_files(manifest):
    """{folder: {name: sha256}}; format 1 had the photos only, under "media"."""
    files = manifest.get("files") if manifest.get("format") in (2, FORMAT) else {"media": manifest.get("media")}
    if not isinstance(files, dict) or not set(files) <= set(file_roots()):
        raise BackupError("备份清单中的文件列表无法识别。")
    if not all(isinstance(names, dict) for names in files.values()):
        raise BackupError("备份清单中的文件列表无法识别。")
    return files


ARCHIVE_TOP_LEVEL = {MANIFEST_NAME, DATA_NAME, *DUMP_NAMES.values(), "media", "private"}


# What an extracted member costs on disk at least: one filesystem block, so
# that millions of empty files count too.
DISK_BLOCK = 4096


def _extract_checked(tar, work):
    """Extract only plain files and folders with plain relative names; any
    link, device, sparse file or name leaving the folder refuses the whole
    archive. The headers are read one by one and the archive is refused as
    soon as what it would unpack to passes BACKUP_RESTORE_MAX_BYTES or the
    free space where it is unpacked: a tar bomb is neither decompressed to
    the end nor written."""
    cap = settings.BACKUP_RESTORE_MAX_BYTES
    free = shutil.disk_usage(work).free
    members, total = [], 0
    for member in tar:
        if not (member.isfile() or member.isdir()) or member.issparse():
            raise BackupError(f"备份中含有链接或特殊文件,已拒绝恢复:{member.name}")
        parts = _plain_parts(member.name)
        if parts is None or parts[0] not in ARCHIVE_TOP_LEVEL:
            raise BackupError(f"备份中含有不安全的路径,已拒绝恢复:{member.name}")
        total += max(DISK_BLOCK, -(-member.size // DISK_BLOCK) * DISK_BLOCK)
        if total > cap:
            raise BackupError(
                f"备份解压后超过 {_gib(cap)}(BACKUP_RESTORE_MAX_GB),已拒绝恢复:"
                "可能是伪造的压缩包。确属本站备份时,请调大该设置后重试。"
            )
        if total > free:
            raise BackupError(f"磁盘剩余空间({_gib(free)})不足以解压此备份,已拒绝恢复:请先释放空间。")
        members.append(member)
    # The "data" filter refuses the same things once more, and drops modes.
    tar.extractall(work, members=members, filter="data")


def _gib(size):
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / 1024**2:.1f} MB"


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

"""The published tree is written through a Django storage (STORAGES["publish"]):
a local folder by default, or any other storage (an S3-compatible bucket
through django-storages, a shared folder) when several web machines serve it.

Whatever the storage, a reader never sees half a file: the local one writes a
temporary file beside the target and renames it over the target (an atomic
replace on POSIX), and an object store replaces an object whole."""

import os
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages


def publish_storage():
    return storages["publish"]


def page_write(storage, name, content):
    """Put `content` (bytes) at `name`, replacing what was there in one step."""
    if isinstance(storage, AtomicFileSystemStorage):
        storage.replace(name, content)
        return
    # Object stores replace on upload; elsewhere delete first, or the
    # storage would pick another name.
    overwrites = getattr(storage, "file_overwrite", False) or getattr(storage, "allow_overwrite", False)
    if not overwrites and storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(content))


def page_delete(storage, name):
    storage.delete(name)


def folder_delete(storage, folder):
    """Remove `folder` and everything in it (a deleted site's pages)."""
    if isinstance(storage, FileSystemStorage):
        shutil.rmtree(storage.path(folder), ignore_errors=True)
        return
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")
    for name in folders:
        folder_delete(storage, f"{folder}/{name}")


# A writer killed between creating its temporary file and renaming it leaves
# the file behind. One older than this is no other writer's work in progress
# (a page is written in well under a second), so it can go.
STALE_PART_SECONDS = 10 * 60
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".tmp-", ".part"


def stale_parts_remove(storage, *, older_than=STALE_PART_SECONDS):
    """Remove the temporary files killed writers left in `storage`'s folder,
    only those not touched for `older_than` seconds, so a writer at work
    keeps its own. Returns how many were removed (none for an object store,
    which has no temporary files)."""
    if not isinstance(storage, AtomicFileSystemStorage) or not os.path.isdir(storage.location):
        return 0
    cutoff = file_system_now(storage.location) - older_than
    removed = 0
    for directory, _, names in os.walk(storage.location):
        for name in names:
            if not (name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)):
                continue
            path = os.path.join(directory, name)
            try:
                if os.stat(path).st_mtime < cutoff:
                    os.unlink(path)
                    removed += 1
            except FileNotFoundError:  # its writer renamed or removed it meanwhile
                pass
    return removed


def file_system_now(folder):
    """The time as the file system holding `folder` stamps files: a shared
    folder's server may not agree with this machine's clock, and temporary
    files are judged by their stamps."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".clock-") as probe:
        return os.fstat(probe.fileno()).st_mtime


class AtomicFileSystemStorage(FileSystemStorage):
    """A folder where each file is replaced atomically and readable by nginx."""

    def replace(self, name, content):
        target = self.path(name)
        directory = os.path.dirname(target)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise

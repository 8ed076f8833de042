"""The published tree is written through a Django storage (STORAGES["publish"]):
a local folder by default, or any other storage (an S3-compatible bucket
through django-storages, a shared folder) when several web machines serve it.

Whatever the storage, a reader never sees half a file: the local one writes a
temporary file beside the target and renames it over the target (an atomic
replace on POSIX), and an object store replaces an object whole."""

import os
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


class AtomicFileSystemStorage(FileSystemStorage):
    """A folder where each file is replaced atomically and readable by nginx."""

    def replace(self, name, content):
        target = self.path(name)
        directory = os.path.dirname(target)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
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

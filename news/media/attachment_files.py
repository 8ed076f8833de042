"""Attachments: what a file really is, judged by its content, not its name."""

import re
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from .images import size_limit_check

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
ACCEPTED = "PDF、DOC、DOCX、XLS、XLSX、WPS、OFD、ZIP"


def _head(upload, length=8):
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _zip_members(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def _zip_kind(members):
    """docx, xlsx and ofd are all ZIP archives; their members tell them apart."""
    if "word/document.xml" in members:
        return "docx"
    if "xl/workbook.xml" in members:
        return "xlsx"
    if "OFD.xml" in members or "ofd.xml" in members:
        return "ofd"
    return "zip"


def attachment_type_detect(upload):
    """The attachment type the content shows, or None when it is none we accept."""
    head = _head(upload)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return "ole2"  # doc, xls and wps share the container; the name decides
    if head.startswith(ZIP_MAGIC):
        members = _zip_members(upload)
        return None if members is None else _zip_kind(members)
    return None


# The type the name promises -> the content types that keep that promise.
EXPECTED_CONTENT = {
    "pdf": {"pdf"},
    "doc": {"ole2"},
    "xls": {"ole2"},
    "wps": {"ole2"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "ofd": {"ofd"},
    "zip": {"zip", "docx", "xlsx", "ofd"},
}


def attachment_check(upload):
    """Return the attachment's type (`pdf`, `docx`, ...) or raise ValidationError."""
    size_limit_check(upload, "附件")
    if not upload.size:
        raise ValidationError("附件是空文件,请重新选择。", code="empty")
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in EXPECTED_CONTENT:
        raise ValidationError(f"不支持“.{extension}”类型的附件,只能上传 {ACCEPTED} 文件。", code="type")
    detected = attachment_type_detect(upload)
    if detected is None:
        raise ValidationError(
            f"文件内容不是有效的 {extension.upper()} 文件(可能已损坏,或是改了扩展名的其他文件)。", code="content"
        )
    if detected not in EXPECTED_CONTENT[extension]:
        shown = "DOC/XLS/WPS" if detected == "ole2" else detected.upper()
        raise ValidationError(
            f"文件扩展名是 .{extension},但内容是 {shown} 文件,请改正扩展名后再上传。", code="mismatch"
        )
    return extension


# Control characters, and the invisible ones that reorder or hide text: a
# right-to-left override makes "通知\u202efdp.exe" read as "通知exe.pdf".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Names Windows gives a device, whatever the extension ("con.pdf" is the console).
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def clean_file_name(name):
    """The name as the resident will download it: no folders, no control or
    invisible characters, no trailing dots or spaces (Windows drops them)."""
    name = CONTROL_CHARACTERS.sub("", PurePath(name.replace("\\", "/")).name).strip().rstrip(". ")
    return name[:200]


def attachment_name_check(name, file_type):
    """The download name an editor typed, for a file whose content is
    `file_type`: without an extension it gets the type's; another extension
    (通知.bat for a PDF) or a device name is refused."""
    name = clean_file_name(name)
    extension = f".{file_type}"
    suffix = PurePath(name).suffix.lower()
    if not suffix or not suffix[1:].isalnum():
        name = f"{name}{extension}"
    elif suffix != extension:
        raise ValidationError(
            f"下载文件名的扩展名必须是“{extension}”,与文件内容一致(现为“{suffix}”)。", code="extension"
        )
    if PurePath(name).stem.split(".")[0].lower() in WINDOWS_DEVICES:
        raise ValidationError("这个文件名在 Windows 中是设备名,请换一个文件名。", code="device")
    return name[-200:] if len(name) > 200 else name


def attachment_download_name(name, file_type):
    """The name a download carries: whatever is stored, it ends with the
    extension of what the file really is."""
    try:
        return attachment_name_check(name or "附件", file_type)
    except ValidationError:
        stem = PurePath(clean_file_name(name or "")).stem
        if stem.split(".")[0].lower() in WINDOWS_DEVICES:
            stem = ""
        return f"{stem or '附件'}.{file_type}"


def human_size(size):
    """1234567 -> '1.2 MB', as shown beside an attachment."""
    if size < 1024:
        return f"{size} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f} {unit}"

"""What may be uploaded. Every FileField and ImageField an editor can fill
takes `upload_refuse_dangerous` among its validators:

    attachment = models.FileField(upload_to=..., validators=[upload_refuse_dangerous])

It refuses, by name and by content, files a browser would run as a page or a
script (HTML, SVG, XML, JavaScript) and programs (Windows, Linux, macOS
executables, shell and other scripts, installers, server-side pages), with a
message in Chinese. Allowed files are still served with their type fixed and
`nosniff` (ops.media_serving.serve_media, deploy/nginx/portal.conf)."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

REFUSED_EXTENSIONS = {
    # pages and active documents a browser renders or runs
    "html",
    "htm",
    "xhtml",
    "shtml",
    "xht",
    "mht",
    "mhtml",
    "svg",
    "svgz",
    "xml",
    "xsl",
    "xslt",
    "js",
    "mjs",
    "css",
    "swf",
    "hta",
    "htc",
    # programs, installers and scripts
    "exe",
    "com",
    "scr",
    "msi",
    "msp",
    "dll",
    "sys",
    "cpl",
    "bat",
    "cmd",
    "ps1",
    "psm1",
    "vbs",
    "vbe",
    "jse",
    "wsf",
    "wsh",
    "lnk",
    "reg",
    "jar",
    "apk",
    "app",
    "dmg",
    "pkg",
    "deb",
    "rpm",
    "elf",
    "bin",
    "run",
    "sh",
    "bash",
    "zsh",
    "csh",
    "py",
    "pyc",
    "pl",
    "rb",
    "php",
    "php3",
    "php4",
    "php5",
    "phtml",
    "phar",
    "asp",
    "aspx",
    "jsp",
    "jspx",
    "cgi",
    "so",
    "dylib",
}

# Leading bytes of programs.
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE
    b"\x7fELF",  # Linux
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",  # Mach-O
    b"#!",  # scripts
)
# Markup browsers may sniff as a page anywhere near the start (polyglots).
MARKUP_MARKERS = (
    b"<html",
    b"<!doctype",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<body",
    b"<head",
    b"<?php",
    b"<%",
)
SNIFF_BYTES = 1024


@deconstructible
class DangerousUploadValidator:
    message = "出于安全考虑,不能上传网页、SVG、脚本或可执行文件(%(reason)s)。请上传图片(JPG、PNG、GIF、WebP)或文档(PDF、Word、Excel 等)。"

    def __call__(self, upload):
        if not upload:
            return
        reason = dangerous_reason(getattr(upload, "name", "") or "", _head(upload))
        if reason:
            raise ValidationError(self.message, code="dangerous_upload", params={"reason": reason})

    def __eq__(self, other):
        return isinstance(other, DangerousUploadValidator)


def dangerous_reason(name, head):
    """Why a file with this name and first bytes is refused, or None."""
    suffixes = [part.lower() for part in PurePosixPath(name.replace("\\", "/")).name.split(".")[1:]]
    # Every suffix counts: "notice.php.jpg" and "photo.jpg.exe" are both refused.
    for suffix in suffixes:
        if suffix.strip() in REFUSED_EXTENSIONS:
            return f"文件类型 .{suffix.strip()}"
    if head.startswith(EXECUTABLE_SIGNATURES):
        return "文件内容是程序或脚本"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in lowered for marker in MARKUP_MARKERS):
        return "文件内容含有网页代码"
    return None


def _head(upload):
    try:
        position = upload.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        upload.seek(0)
        head = upload.read(SNIFF_BYTES) or b""
    except (AttributeError, OSError, ValueError):
        return b""
    finally:
        if position is not None:
            try:
                upload.seek(position)
            except (OSError, ValueError):
                pass
    return head if isinstance(head, bytes) else head.encode("utf-8", "replace")


upload_refuse_dangerous = DangerousUploadValidator()

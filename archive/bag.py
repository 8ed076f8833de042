"""A BagIt bag (RFC 8493) written straight into a ZIP file, and its
verification. Checksums are computed while each file is written; the
payload manifest goes to a temporary file as it grows, so memory stays flat
however many files the bag holds."""

import hashlib
import io
import os
import struct
import tempfile
import time
import zipfile
import zlib
from datetime import date
from pathlib import Path, PurePosixPath

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
STORED_SUFFIXES = {".pdf", ".gz", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".docx", ".xlsx"}
COPY_BUFFER = 1024 * 1024


def encode_path(path):
    """Manifest paths escape only what RFC 8493 asks: %, CR and LF."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path):
    return path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


class BagZipWriter:
    """Write files into `<root>/data/…` of a ZIP, then the tag files on `close()`."""

    def __init__(self, fileobj, root, *, tmp_dir=None):
        self.zip = zipfile.ZipFile(fileobj, "w", allowZip64=True)
        self.root = root
        self.octets = 0
        self.count = 0
        self._manifest = tempfile.TemporaryFile(dir=tmp_dir)  # noqa: SIM115 - closed by close()
        self._time = time.localtime()[:6]

    def _member(self, relative, size):
        suffix = PurePosixPath(relative).suffix.lower()
        info = zipfile.ZipInfo(f"{self.root}/{relative}", date_time=self._time)
        info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return self.zip.open(info, "w", force_zip64=size is None or size > 2**31)

    def _write(self, relative, chunks, size=None):
        digest, written = hashlib.sha256(), 0
        with self._member(relative, size) as member:
            for chunk in chunks:
                digest.update(chunk)
                member.write(chunk)
                written += len(chunk)
        return digest.hexdigest(), written

    def add_bytes(self, relative, data):
        """Add a payload file under data/."""
        self._payload(f"data/{relative}", [data], len(data))

    def add_file(self, relative, path):
        with open(path, "rb") as source:
            size = os.fstat(source.fileno()).st_size
            self._payload(f"data/{relative}", iter(lambda: source.read(COPY_BUFFER), b""), size)

    def add_file_object(self, relative, fileobj):
        """Add an open binary file, read from where it stands to its end."""
        size = os.fstat(fileobj.fileno()).st_size - fileobj.tell()
        self._payload(f"data/{relative}", iter(lambda: fileobj.read(COPY_BUFFER), b""), size)

    def _payload(self, relative, chunks, size):
        sha, written = self._write(relative, chunks, size)
        self._manifest.write(f"{sha}  {encode_path(relative)}\n".encode())
        self.octets += written
        self.count += 1

    def close(self, bag_info):
        """Write bagit.txt, bag-info.txt (with Payload-Oxum), the manifests, and finish the ZIP."""
        tags = []
        bagit_txt = BAGIT_TXT.encode()
        tags.append(("bagit.txt", self._write("bagit.txt", [bagit_txt], len(bagit_txt))[0]))
        info = dict(bag_info)
        info["Payload-Oxum"] = f"{self.octets}.{self.count}"
        lines = "".join(f"{key}: {' '.join(str(value).split())}\n" for key, value in info.items()).encode("utf-8")
        tags.append(("bag-info.txt", self._write("bag-info.txt", [lines], len(lines))[0]))
        manifest_size = self._manifest.tell()
        self._manifest.seek(0)
        chunks = iter(lambda: self._manifest.read(COPY_BUFFER), b"")
        tags.append((MANIFEST, self._write(MANIFEST, chunks, manifest_size)[0]))
        self._manifest.close()
        tagmanifest = "".join(f"{sha}  {name}\n" for name, sha in tags).encode("utf-8")
        self._write(TAGMANIFEST, [tagmanifest], len(tagmanifest))
        self.zip.close()

    def abort(self):
        self._manifest.close()
        try:
            self.zip.close()
        except (ValueError, OSError):
            pass


# --- verification -----------------------------------------------------------


class BagReport:
    def __init__(self):
        self.changed, self.removed, self.added, self.problems = [], [], [], []
        self.files_checked = 0

    @property
    def intact(self):
        return not (self.changed or self.removed or self.added or self.problems)


UTF8_FLAG = 0x800  # general purpose bit 11: the member's name is UTF-8
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path extra field
# How a name without the UTF-8 flag was most likely written: UTF-8 (macOS,
# Linux), GBK (Windows in Chinese), CP437 (the ZIP default).
NAME_ENCODINGS = ("utf-8", "gbk", "cp437")


def _unicode_path(info, raw):
    """The UTF-8 name in an Info-ZIP Unicode Path extra field, if it belongs to this name."""
    extra, at = info.extra, 0
    while at + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, at)
        field = extra[at + 4 : at + 4 + size]
        if (
            tag == UNICODE_PATH_EXTRA
            and len(field) >= 5
            and field[0] == 1
            and struct.unpack_from("<L", field, 1)[0] == zlib.crc32(raw)
        ):
            try:
                return field[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        at += 4 + size
    return None


def member_names(info):
    """The names a ZIP member may have been given, most likely first. A
    re-zip by an ordinary tool writes names without the UTF-8 flag in the
    machine's own code page; zipfile reads those as CP437, so the bytes are
    recovered and read in each likely encoding."""
    if info.flag_bits & UTF8_FLAG:
        names = [info.filename]
    else:
        raw = info.orig_filename.encode("cp437")  # undoes zipfile's CP437 reading exactly
        names = [name for name in [_unicode_path(info, raw)] if name]
        for encoding in NAME_ENCODINGS:
            try:
                names.append(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
    # Some Windows tools separate folders with backslashes.
    names += [name.replace("\\", "/") for name in names if "\\" in name]
    return list(dict.fromkeys(names))


class _ZipSource:
    """A bag in a ZIP, however it was re-zipped: any folder it sits in, any
    order or compression, names in UTF-8, GBK or CP437. Which reading of a
    name is right is decided by the bag's manifests."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        members = [(info, member_names(info)) for info in self.zip.infolist()]
        members = [(info, names) for info, names in members if not any(name.endswith("/") for name in names)]
        tags = [names for _, names in members if names[0].endswith("bagit.txt")]
        root = min(tags, key=lambda names: len(names[0])) if tags else None
        self.prefix = root[0][: -len("bagit.txt")] if root else None
        prefixes = [name[: -len("bagit.txt")] for name in root or [] if name.endswith("bagit.txt")]
        self._members, self._by_name, self.outside = [], {}, []
        for info, names in members:
            relatives = list(dict.fromkeys(n[len(p) :] for n in names for p in prefixes if n.startswith(p)))
            if not relatives:
                self.outside.append(names[0])
                continue
            self._members.append((info, relatives))
            for relative in relatives:
                self._by_name.setdefault(relative, info)
        self.files = [relatives[0] for _, relatives in self._members]

    def name_files(self, expected):
        """Give each member the reading of its name the manifests list, if any."""
        self.files, self._by_name = [], {}
        for info, relatives in self._members:
            name = next((relative for relative in relatives if relative in expected), relatives[0])
            self.files.append(name)
            self._by_name.setdefault(name, info)

    def open(self, relative):
        return self.zip.open(self._by_name[relative])

    def close(self):
        self.zip.close()


class _DirSource:
    def __init__(self, path):
        self.base = Path(path)
        self.prefix = "" if (self.base / "bagit.txt").is_file() else None
        self.files = [p.relative_to(self.base).as_posix() for p in self.base.rglob("*") if p.is_file()]
        self.outside = []

    def name_files(self, expected):
        """A folder's names are what its file system says: nothing to choose."""

    def open(self, relative):
        return open(self.base / relative, "rb")

    def close(self):
        pass


def _sha256(source, relative):
    digest = hashlib.sha256()
    with source.open(relative) as handle:
        for chunk in iter(lambda: handle.read(COPY_BUFFER), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _manifest(source, name, report):
    entries = {}
    try:
        with source.open(name) as handle:
            text = io.TextIOWrapper(handle, encoding="utf-8").read()
    except (KeyError, FileNotFoundError):
        return None
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError):
        report.changed.append(name)
        return {}
    for line in text.splitlines():
        if not line.strip():
            continue
        sha, _, path = line.partition(" ")
        path = path.lstrip(" *")
        if len(sha) != 64 or not path:
            report.changed.append(name)
            return entries
        entries[decode_path(path)] = sha.lower()
    return entries


def bag_verify(path):
    """Check every file of a bag (a ZIP or an unzipped folder) against its
    manifests, and that nothing was added or removed."""
    report = BagReport()
    source = _DirSource(path) if Path(path).is_dir() else _ZipSource(path)
    try:
        if source.prefix is None:
            report.problems.append("不是 BagIt 包:找不到 bagit.txt")
            return report
        report.added.extend(source.outside)
        payload = _manifest(source, MANIFEST, report)
        if payload is None:
            report.removed.append(MANIFEST)
            payload = {}
        tagfiles = _manifest(source, TAGMANIFEST, report)
        if tagfiles is None:
            report.removed.append(TAGMANIFEST)
            tagfiles = {}
        expected = {**tagfiles, **payload}
        source.name_files({*expected, TAGMANIFEST})
        present = set(source.files)
        for relative, sha in sorted(expected.items()):
            if relative not in present:
                report.removed.append(relative)
                continue
            try:
                actual = _sha256(source, relative)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                actual = None  # a damaged ZIP member (CRC error) is a changed file
            report.files_checked += 1
            if actual != sha:
                report.changed.append(relative)
        for relative in sorted(present - set(expected) - {TAGMANIFEST}):
            report.added.append(relative)
        if payload and "bag-info.txt" in present and "bag-info.txt" not in report.changed:
            _check_oxum(source, payload, report)
    finally:
        source.close()
    return report


def _check_oxum(source, payload, report):
    with source.open("bag-info.txt") as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8").read()
    for line in text.splitlines():
        if line.startswith("Payload-Oxum:"):
            declared = line.split(":", 1)[1].strip()
            if declared.split(".")[-1] != str(len(payload)):
                report.problems.append(f"Payload-Oxum 声明 {declared},清单中有 {len(payload)} 个文件")


def bag_info_defaults(*, organisation, description, identifier, filters_text):
    return {
        "Source-Organization": organisation,
        "External-Description": description,
        "External-Identifier": identifier,
        "Internal-Sender-Description": filters_text,
        "Bagging-Date": date.today().isoformat(),
        "Bag-Software-Agent": "portal archive export (Django)",
    }

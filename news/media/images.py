"""Every photo the portal stores goes through `image_process`: Pillow must
read the real content, EXIF (phone GPS included) never reaches the public,
and smaller copies are made for `srcset`.

Stored names are `<folder>/<YYYY>/<MM>/<hex>.<jpg|png>`; the copy `w` pixels
wide sits beside it as `<hex>-<w>w.<ext>`."""

import re
import struct
import threading
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape, unescape
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils import timezone
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO"}
JPEG_QUALITY = 85
BODY_IMAGE_SIZES = "(max-width: 1100px) 100vw, 1000px"
EDITOR_FOLDER = "editor"
MB = 1024 * 1024
# One large decode at a time per process: a second waits this long, then the
# editor is told to try again (a request must not queue past gunicorn's timeout).
LARGE_DECODE_WAIT_SECONDS = 20
_large_decode = threading.Lock()


def upload_limit_bytes():
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def size_limit_check(upload, what):
    if upload.size is not None and upload.size > upload_limit_bytes():
        raise ValidationError(
            f"{what}过大({upload.size / 1024 / 1024:.1f} MB),不能超过 {settings.UPLOAD_MAX_MB} MB。",
            code="too_large",
        )


@dataclass
class ProcessedImage:
    content: ContentFile  # named <hex>.<ext>, marked processed
    width: int
    height: int


def _open(upload):
    upload.seek(0)
    # Pillow's own bomb check (warning above the limit, error above twice it)
    # follows our setting, so a photo under the limit is never refused by it.
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_MEGAPIXELS * 1_000_000
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; treat both alike.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(upload)


def image_process(upload):
    """Check that `upload` is a photo we accept and return it re-encoded:
    orientation applied, metadata gone, at most IMAGE_MAX_WIDTH wide.
    Raises ValidationError with a message an editor understands."""
    size_limit_check(upload, "图片文件")
    bomb = ValidationError(
        f"图片像素过多,可能是恶意构造的文件;最多允许 {settings.IMAGE_MAX_MEGAPIXELS} 百万像素。", code="bomb"
    )
    try:
        image = _open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "文件不是可识别的图片,请上传 JPEG、PNG、GIF、WebP、BMP 或 TIFF 格式的照片。", code="not_an_image"
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(f"不支持 {image.format} 格式的图片,请上传 JPEG、PNG 或 WebP 格式。", code="format")
    if image.width * image.height > settings.IMAGE_MAX_MEGAPIXELS * 1_000_000:
        raise bomb
    as_png = image.format == "PNG" or (image.format != "JPEG" and _has_alpha(image))
    broken = ValidationError("图片文件已损坏或不完整(可能没有上传完),请重新上传原图。", code="broken")
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Some library switched Pillow to accept truncated files process-wide
        # (WeasyPrint does on import); uploads must still be whole.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # The memory the pixels will take, from the header alone: a small
        # file can claim 10000×10000 pixels (issue 11: 379 KB took ~890 MB).
        needed = decoded_bytes(_drafted(_open(upload)))
        decoded_size_check(image, needed)
        with large_decode_slot(needed):
            image.verify()
            image = _drafted(_open(upload))
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            if image.width > settings.IMAGE_MAX_WIDTH:
                image = _scaled(image, settings.IMAGE_MAX_WIDTH)
            data, extension = _encode(image, as_png)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
        raise broken from None
    content = ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")
    content.portal_processed = True
    return ProcessedImage(content=content, width=image.width, height=image.height)


def _drafted(image):
    """Big JPEG photos are decoded at a reduced scale straight away (JPEG only);
    before `load()` this changes only the size the decoder will produce."""
    if image.format in ("JPEG", "MPO"):
        image.draft("RGB", (settings.IMAGE_MAX_WIDTH, settings.IMAGE_MAX_WIDTH))
    return image


def decoded_bytes(image):
    """Bytes the decoded pixels of `image` (opened, not loaded) will take.
    Pillow keeps one byte a pixel for L and P and four for every other mode
    it stores; any other mode ("1", 16-bit…) is converted to RGB(A) on the
    way, so it is counted at four too."""
    return image.width * image.height * (1 if image.mode in ("L", "P") else 4)


def decoded_size_check(image, needed):
    limit = settings.IMAGE_MAX_DECODED_MB
    if needed > limit * MB:
        raise ValidationError(
            f"图片尺寸过大({image.width}×{image.height} 像素),处理时需要约 {needed / MB:.0f} MB 内存,"
            f"超过上限 {limit} MB。请把图片缩小(例如宽度不超过 {settings.IMAGE_MAX_WIDTH} 像素)后再上传。",
            code="too_many_bytes",
        )


@contextmanager
def large_decode_slot(needed):
    """Let one decode larger than IMAGE_LARGE_DECODE_MB run at a time in this
    process; smaller ones do not wait."""
    if needed <= settings.IMAGE_LARGE_DECODE_MB * MB:
        yield
        return
    if not _large_decode.acquire(timeout=LARGE_DECODE_WAIT_SECONDS):
        raise ValidationError("服务器正在处理其他大图片,请稍后再上传。", code="busy")
    try:
        yield
    finally:
        _large_decode.release()


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _scaled(image, width):
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image, as_png):
    """Write only the pixels (and the colour profile): no EXIF, XMP or text chunks."""
    out = BytesIO()
    icc_profile = image.info.get("icc_profile")
    if as_png:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", icc_profile=icc_profile)
        return out.getvalue(), "png"
    if image.mode not in ("RGB", "L"):
        if _has_alpha(image):
            background = Image.new("RGB", image.size, "white")
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc_profile)
    return out.getvalue(), "jpg"


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w{path.suffix}"))


def rendition_widths(width):
    return [w for w in settings.IMAGE_RENDITION_WIDTHS if w < width]


def renditions_create(*, name, storage=default_storage):
    """Write the smaller copies of a stored, already processed photo."""
    with storage.open(name) as stored:
        image = Image.open(stored)
        with large_decode_slot(decoded_bytes(image)):
            image.load()
            as_png = image.format == "PNG"
            copies = [(width, _encode(_scaled(image, width), as_png)[0]) for width in rendition_widths(image.width)]
    for width, data in copies:
        storage.save(rendition_name(name, width), ContentFile(data))


def srcset_of(name, width, storage=default_storage):
    entries = [f"{storage.url(rendition_name(name, w))} {w}w" for w in rendition_widths(width)]
    entries.append(f"{storage.url(name)} {width}w")
    return ", ".join(entries)


@dataclass
class StoredImage:
    name: str
    url: str
    width: int
    height: int


def image_store(*, upload, folder=EDITOR_FOLDER, storage=default_storage):
    """Process an upload and store it with its renditions (for the editor)."""
    processed = image_process(upload)
    now = timezone.localtime()
    name = storage.save(f"{folder}/{now:%Y/%m}/{processed.content.name}", processed.content)
    renditions_create(name=name, storage=storage)
    return StoredImage(name=name, url=storage.url(name), width=processed.width, height=processed.height)


# --- Body images ---------------------------------------------------------

# nh3 writes every attribute double-quoted with `"` escaped, so this matches
# a whole tag even when a value holds `>`.
IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*/?>', re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
STORED_EDITOR_IMAGE = re.compile(rf"^{EDITOR_FOLDER}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.(?:jpg|png)$")


def _stored_name(src):
    media_url = settings.MEDIA_URL
    src = unescape(src)
    if not src.startswith(media_url):
        return None
    name = src[len(media_url) :]
    return name if STORED_EDITOR_IMAGE.match(name) else None


def _dimensions(name, storage):
    try:
        with storage.open(name) as stored:
            return Image.open(stored).size
    except (OSError, SuspiciousFileOperation, UnidentifiedImageError):
        return None


def body_add_srcset(body, storage=default_storage):
    """Give every photo the portal stored (editor uploads) its srcset, sizes,
    width and height; drop srcset/sizes anything else claims. `body` must
    already be sanitised."""

    def rewrite(match):
        attributes = [(m.group(1).lower(), m.group(2)) for m in ATTRIBUTE.finditer(match.group(1))]
        attributes = [(key, value) for key, value in attributes if key not in ("srcset", "sizes")]
        src = dict(attributes).get("src")
        name = _stored_name(src) if src else None
        size = _dimensions(name, storage) if name else None
        if size:
            attributes = [(key, value) for key, value in attributes if key not in ("width", "height", "loading")]
            attributes += [
                ("srcset", escape(srcset_of(name, size[0], storage))),
                ("sizes", BODY_IMAGE_SIZES),
                ("width", str(size[0])),
                ("height", str(size[1])),
                ("loading", "lazy"),
            ]
        rendered = "".join(f' {key}="{value}"' if value is not None else f" {key}" for key, value in attributes)
        return f"<img{rendered}>"

    return IMG_TAG.sub(rewrite, body or "")


# --- The cover image field -------------------------------------------------


class PhotoFormField(forms.FileField):
    """A file field that hands the model the processed photo, or says clearly why not."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/*"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return image_process(upload).content


class PhotoFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        if not getattr(content, "portal_processed", False):
            content = image_process(content).content
            name = content.name
        super().save(name, content, save)
        renditions_create(name=self.name, storage=self.storage)

    def srcset(self):
        # The width kept on the model saves opening the file on every render.
        width = getattr(self.instance, self.field.width_field, None) if self.field.width_field else None
        return srcset_of(self.name, width or self.width, self.storage)


class PhotoField(models.ImageField):
    """An ImageField whose files are processed photos with renditions."""

    attr_class = PhotoFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})

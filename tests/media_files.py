"""Files the media tests upload: photos as phones make them, broken ones,
decompression bombs and office documents, all built in memory; and an
attachment stored on an article."""

import struct
import zipfile
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (38.0, 36.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (108.0, 50.0, 1.0),
}


def photo_bytes(size=(1200, 800), fmt="JPEG", orientation=None, gps=False, color="red"):
    """A photo whose left half is `color` and right half blue, with optional phone EXIF."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, size, "blue")
    image.paste(color, (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone X"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    out = BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo_upload(name="照片.jpg", **kwargs):
    return upload(name, photo_bytes(**kwargs), "image/jpeg")


def png_bomb(width=30000, height=30000):
    """A PNG of a few hundred KB that claims 900 million pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte + one bit per pixel
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zip_bytes(members):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

DOCUMENTS = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
    "doc": OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le"),
    "xls": OLE2_MAGIC + bytes(504) + "Workbook".encode("utf-16-le"),
    "wps": OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le"),
    "docx": zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
    "xlsx": zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
    "ofd": zip_bytes({"OFD.xml": "<ofd:OFD/>", "Doc_0/Document.xml": "<ofd:Document/>"}),
    "zip": zip_bytes({"名单.txt": "张三\n李四\n"}),
}


def png_bytes():
    """The smallest photo: a 4×4 red PNG."""
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def attach(article, name, data, file_type):
    """An attachment of `article` stored as the admin inline would store it."""
    from django.core.files.base import ContentFile

    from news.models import Attachment

    attachment = Attachment(article=article, original_name=name, size=len(data), file_type=file_type)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment

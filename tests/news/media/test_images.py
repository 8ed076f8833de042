"""Photos: what Pillow checks, what is removed, and the copies made for srcset."""

import io
import threading
import time
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import ExifTags, Image, ImageFile

from news.media import images
from news.media.images import body_add_srcset, image_process, image_store, rendition_name
from tests.media_files import photo_bytes, photo_upload, png_bomb, upload


def reopen(processed):
    return Image.open(BytesIO(processed.content.read()))


class TestMetadata:
    def test_gps_from_a_phone_photo_is_stripped(self):
        source = photo_bytes(gps=True)
        assert Image.open(BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS
        image = reopen(image_process(photo_upload(gps=True)))
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert "exif" not in image.info

    def test_gps_is_stripped_from_png_too(self):
        processed = image_process(upload("截图.png", photo_bytes(fmt="PNG", gps=True)))
        image = reopen(processed)
        assert image.format == "PNG"
        assert "exif" not in image.info
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


class TestOrientation:
    def test_the_exif_rotation_is_applied_to_the_pixels(self):
        # Orientation 6: the camera was turned; the photo must be shown turned 90° clockwise.
        image = reopen(image_process(photo_upload(size=(400, 200), orientation=6)))
        assert image.size == (200, 400)
        top, bottom = image.getpixel((100, 20)), image.getpixel((100, 380))
        assert top[0] > 200 and top[2] < 60  # the red left half is now on top
        assert bottom[2] > 200 and bottom[0] < 60
        assert ExifTags.Base.Orientation not in image.getexif()

    def test_a_photo_without_orientation_keeps_its_shape(self):
        assert reopen(image_process(photo_upload(size=(400, 200)))).size == (400, 200)


class TestReencoding:
    def test_jpeg_stays_jpeg_at_quality_about_85(self):
        processed = image_process(photo_upload())
        assert processed.content.name.endswith(".jpg")
        assert reopen(processed).format == "JPEG"

    def test_png_stays_png_and_keeps_transparency(self):
        processed = image_process(upload("logo.png", photo_bytes(fmt="PNG")))
        image = reopen(processed)
        assert processed.content.name.endswith(".png")
        assert image.mode == "RGBA"

    def test_other_formats_become_jpeg(self):
        processed = image_process(upload("扫描件.bmp", photo_bytes(fmt="BMP")))
        assert processed.content.name.endswith(".jpg")

    def test_very_wide_photos_are_scaled_down(self, settings):
        settings.IMAGE_MAX_WIDTH = 1000
        processed = image_process(photo_upload(size=(3000, 1500)))
        assert (processed.width, processed.height) == (1000, 500)

    def test_the_stored_name_is_random_not_the_uploaded_one(self):
        processed = image_process(photo_upload(name="../../etc/身份证.jpg"))
        assert "身份证" not in processed.content.name and "/" not in processed.content.name


class TestRefusal:
    def assert_refused(self, file, words):
        with pytest.raises(ValidationError) as error:
            image_process(file)
        message = " ".join(error.value.messages)
        assert words in message
        return message

    def test_a_renamed_non_image_is_refused(self):
        self.assert_refused(upload("照片.jpg", b"%PDF-1.4 not a photo"), "不是可识别的图片")

    def test_a_text_file_named_png_is_refused(self):
        self.assert_refused(upload("a.png", b"<script>alert(1)</script>"), "不是可识别的图片")

    def test_a_truncated_jpeg_is_refused(self):
        data = photo_bytes(size=(800, 600))
        self.assert_refused(upload("半截.jpg", data[: len(data) // 2]), "损坏或不完整")

    def test_a_truncated_png_is_refused(self):
        data = photo_bytes(size=(800, 600), fmt="PNG")
        self.assert_refused(upload("半截.png", data[: len(data) // 2]), "损坏或不完整")

    def test_a_decompression_bomb_is_refused_before_it_is_decoded(self):
        bomb = png_bomb()
        assert len(bomb) < 1_000_000
        self.assert_refused(upload("bomb.png", bomb), "像素过多")

    def test_a_photo_just_over_the_pixel_limit_is_refused(self, settings):
        settings.IMAGE_MAX_MEGAPIXELS = 1
        self.assert_refused(photo_upload(size=(1200, 1000)), "最多允许 1 百万像素")

    def test_a_file_over_the_size_limit_is_refused(self, settings):
        settings.UPLOAD_MAX_MB = 1
        big = upload("大图.jpg", photo_bytes(size=(100, 100)) + bytes(1024 * 1024))
        self.assert_refused(big, "不能超过 1 MB")


class TestDecodedMemory:
    """Issue 11: a 379 KB PNG claiming 10000×9999 pixels (just under the pixel
    limit) decoded to ~890 MB. The memory is bounded before anything is decoded."""

    def test_a_small_png_claiming_ten_thousand_square_pixels_is_refused_without_decoding(self, monkeypatch):
        bomb = png_bomb(10000, 9999)
        assert len(bomb) < 400_000
        loads = []
        real_load = ImageFile.ImageFile.load
        monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: loads.append(image.size) or real_load(image))
        with pytest.raises(ValidationError) as error:
            image_process(upload("bomb.png", bomb))
        message = " ".join(error.value.messages)
        assert "10000×9999 像素" in message
        assert "约 381 MB 内存,超过上限 128 MB" in message
        assert loads == []

    def test_the_limit_follows_the_setting(self, settings):
        settings.IMAGE_MAX_DECODED_MB = 3  # a 1200×800 PNG takes 3.7 MB
        with pytest.raises(ValidationError, match="超过上限 3 MB"):
            image_process(upload("大.png", photo_bytes(size=(1200, 800), fmt="PNG")))
        settings.IMAGE_MAX_DECODED_MB = 4
        assert image_process(upload("大.png", photo_bytes(size=(1200, 800), fmt="PNG"))).width == 1200

    def test_a_big_jpeg_is_counted_at_the_reduced_scale_it_is_decoded_at(self, settings):
        settings.IMAGE_MAX_WIDTH = 800
        settings.IMAGE_MAX_DECODED_MB = 4  # 3200×3200 in full takes 39 MB; JPEG decodes it at 1/4 scale, 2.4 MB
        processed = image_process(photo_upload(size=(3200, 3200)))
        assert (processed.width, processed.height) == (800, 800)
        with pytest.raises(ValidationError, match="3200×3200 像素"):
            image_process(upload("大.png", photo_bytes(size=(3200, 3200), fmt="PNG")))


class TestOneLargeDecodeAtATime:
    """Large decodes in one process wait for each other; small ones do not."""

    def process_two_at_once(self, monkeypatch):
        """Process two 1200×800 photos in two threads; return the most that
        were ever inside the decode-and-encode step together."""
        inside, most = [], []
        lock = threading.Lock()
        real_encode = images._encode

        def slow_encode(image, as_png):
            with lock:
                inside.append(1)
                most.append(len(inside))
            time.sleep(0.3)
            try:
                return real_encode(image, as_png)
            finally:
                with lock:
                    inside.pop()

        monkeypatch.setattr(images, "_encode", slow_encode)
        start = threading.Barrier(2)
        results, errors = [], []

        def work():
            start.wait()
            try:
                results.append(image_process(photo_upload(size=(1200, 800))).width)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == [] and results == [1200, 1200]
        return max(most)

    def test_two_large_decodes_do_not_overlap(self, settings, monkeypatch):
        settings.IMAGE_LARGE_DECODE_MB = 1  # a 1200×800 photo takes 3.7 MB
        assert self.process_two_at_once(monkeypatch) == 1

    def test_small_decodes_run_side_by_side(self, settings, monkeypatch):
        settings.IMAGE_LARGE_DECODE_MB = 32
        assert self.process_two_at_once(monkeypatch) == 2

    def test_a_large_decode_that_cannot_get_its_turn_is_refused_with_a_chinese_message(self, settings, monkeypatch):
        settings.IMAGE_LARGE_DECODE_MB = 1
        monkeypatch.setattr(images, "LARGE_DECODE_WAIT_SECONDS", 0.1)
        with images._large_decode, pytest.raises(ValidationError, match="服务器正在处理其他大图片,请稍后再上传"):
            image_process(photo_upload(size=(1200, 800)))
        assert image_process(photo_upload(size=(1200, 800))).width == 1200


@pytest.mark.django_db
class TestRenditions:
    def test_a_stored_photo_gets_480_960_and_1600_pixel_copies(self):
        stored = image_store(upload=photo_upload(size=(2000, 1000)))
        for width in (480, 960, 1600):
            with default_storage.open(rendition_name(stored.name, width)) as copy:
                image = Image.open(copy)
                assert image.width == width
                assert image.height == width // 2
                assert not image.getexif()
        assert (stored.width, stored.height) == (2000, 1000)

    def test_no_copy_is_made_wider_than_the_photo(self):
        stored = image_store(upload=photo_upload(size=(700, 500)))
        assert default_storage.exists(rendition_name(stored.name, 480))
        assert not default_storage.exists(rendition_name(stored.name, 960))

    def test_an_editor_image_in_a_body_gets_srcset_sizes_and_dimensions(self):
        stored = image_store(upload=photo_upload(size=(2000, 1000)))
        body = body_add_srcset(f'<figure class="image"><img src="{stored.url}" alt="会场"></figure>')
        assert f"{stored.url.removesuffix('.jpg')}-480w.jpg 480w" in body
        assert f"{stored.url} 2000w" in body
        assert 'sizes="' in body and 'width="2000"' in body and 'height="1000"' in body
        assert 'alt="会场"' in body

    def test_srcset_claimed_by_pasted_markup_is_dropped(self):
        body = body_add_srcset(
            '<img src="https://example.com/a.jpg" srcset="https://evil.example/x.jpg 1w" sizes="1px">'
        )
        assert "srcset" not in body and "sizes" not in body
        assert 'src="https://example.com/a.jpg"' in body

    def test_a_path_outside_the_editor_folder_is_not_opened(self):
        body = body_add_srcset('<img src="/media/../../etc/passwd">')
        assert "srcset" not in body


@pytest.mark.django_db
class TestMakeRenditionsCommand:
    def test_missing_copies_of_an_old_cover_are_written(self, make_article):
        from django.core.files.base import ContentFile
        from django.core.management import call_command

        article = make_article(cover_alt="旧封面")
        article.cover_image.save("old.jpg", ContentFile(photo_bytes(size=(1000, 600))))
        name = article.cover_image.name
        default_storage.delete(rendition_name(name, 960))
        call_command("make_renditions", stdout=io.StringIO())
        assert default_storage.exists(rendition_name(name, 960))

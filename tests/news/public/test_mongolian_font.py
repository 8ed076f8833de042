"""The 蒙古文版's font: served by the site itself, under the CSP, with a
long cache, and the subset still able to shape Mongolian."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from fontTools.ttLib import TTFont
from whitenoise.middleware import WhiteNoiseMiddleware

FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSansMongolian-subset.woff2"
LICENCE = FONT.with_name("NotoSansMongolian-LICENSE.txt")
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


class TestTheSubsetFont:
    def test_it_is_a_small_woff2_with_its_licence_beside_it(self):
        font = TTFont(FONT)
        assert font.flavor == "woff2"
        assert FONT.stat().st_size < 80_000
        assert "SIL Open Font License" in LICENCE.read_text()

    def test_it_covers_every_mongolian_letter_and_the_suffix_space(self):
        cmap = TTFont(FONT).getBestCmap()
        letters = range(0x1820, 0x1878)  # a (U+1820) to cha with two dots (U+1877)
        assert all(code in cmap for code in letters)
        assert {0x180B, 0x180C, 0x180D, 0x180E, 0x202F} <= set(cmap)  # FVS1-3, MVS, NNBSP

    def test_it_keeps_the_shaping_features(self):
        font = TTFont(FONT)
        features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"init", "medi", "fina", "isol", "rlig"} <= features


@pytest.mark.django_db
class TestServingTheFont:
    def test_the_policy_allows_fonts_from_the_site_itself(self, client, mongolian):
        policy = client.get("/mn/")["Content-Security-Policy"]
        assert re.search(r"(^|;)\s*font-src 'self'\s*(;|$)", policy)

    def test_mongolian_pages_link_the_stylesheet_and_chinese_pages_do_not(self, client, mongolian):
        assert "css/mongolian.css" in client.get("/mn/").content.decode()
        assert "css/mongolian.css" not in client.get("/").content.decode()

    def test_the_face_swaps_in_when_loaded(self):
        face = re.search(r"@font-face\s*{(.*?)}", STYLESHEET.read_text(), re.S).group(1)
        assert "font-display: swap" in face
        assert 'url("../fonts/NotoSansMongolian-subset.woff2")' in face

    def test_collected_with_a_hashed_name_the_stylesheet_points_to_and_served_as_immutable(self, tmp_path):
        # Production's storage less the compression (slow, and beside the point here).
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        }
        with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
            call_command("collectstatic", "--noinput", verbosity=0)
            from django.contrib.staticfiles.storage import staticfiles_storage

            hashed_font = staticfiles_storage.stored_name("fonts/NotoSansMongolian-subset.woff2")
            hashed_css = staticfiles_storage.stored_name("css/portal.css")
            middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
            immutable = middleware.immutable_file_test(str(tmp_path / hashed_font), f"/static/{hashed_font}")
        assert hashed_font != "fonts/NotoSansMongolian-subset.woff2"
        assert Path(hashed_font).name in (tmp_path / hashed_css).read_text()
        assert immutable

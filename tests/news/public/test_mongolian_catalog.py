"""The traditional-script Mongolian catalog (locale/mn_Mong): the compiled
.mo committed beside the .po says the same, and every interface string of
the public pages has a Mongolian translation."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from news.editorial.disclosure import DisclosureMethod
from news.public.preferences import FONT_SIZES

LOCALE = Path(settings.BASE_DIR) / "locale" / "mn_Mong" / "LC_MESSAGES"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
PUBLIC_TEMPLATES = [
    TEMPLATES / "base.html",
    TEMPLATES / "400.html",
    TEMPLATES / "403.html",
    TEMPLATES / "404.html",
    *sorted((TEMPLATES / "includes").glob("*.html")),
    *sorted((TEMPLATES / "news").rglob("*.html")),
    *sorted((TEMPLATES / "search").rglob("*.html")),
]
PYTHON_SOURCES = [Path(settings.BASE_DIR) / "search" / "templatetags" / "search_page.py"]
GETTEXT_CALL = re.compile(r"gettext\((u?'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)")


def po_catalog(path):
    """msgid -> msgstr of a .po file (the plain form our catalog uses)."""
    catalog, key, current = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            key, current = "msgid", [ast.literal_eval(line[6:])]
            msgid = current
        elif line.startswith("msgstr "):
            key, current = "msgstr", [ast.literal_eval(line[7:])]
            catalog["".join(msgid)] = current
        elif line.startswith('"') and key:
            current.append(ast.literal_eval(line))
    return {msgid: "".join(parts) for msgid, parts in catalog.items() if msgid}


def mo_catalog(path):
    with path.open("rb") as handle:
        messages = gettext.GNUTranslations(handle)._catalog
    return {msgid: text for msgid, text in messages.items() if msgid}


def template_msgids():
    msgids = set()
    for path in PUBLIC_TEMPLATES:
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        msgids |= {ast.literal_eval(literal) for literal in GETTEXT_CALL.findall(code)}
    for path in PYTHON_SOURCES:
        msgids |= {ast.literal_eval(literal) for literal in GETTEXT_CALL.findall(path.read_text(encoding="utf-8"))}
    # Translated in the templates from a variable: the font sizes, 公开方式.
    return msgids | set(FONT_SIZES.values()) | set(DisclosureMethod.labels)


class TestCompiledCatalog:
    def test_the_committed_mo_says_what_the_po_says(self):
        assert mo_catalog(LOCALE / "django.mo") == po_catalog(LOCALE / "django.po")

    @pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
    def test_msgfmt_accepts_the_po_and_compiles_the_committed_catalog(self, tmp_path):
        compiled = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
        assert mo_catalog(compiled) == mo_catalog(LOCALE / "django.mo")


class TestEveryStringTranslated:
    def test_the_public_templates_use_the_translation_machinery(self):
        assert {"首页", "打印", "上一篇:", "下一篇:", "字体:", "网站地图", "站内搜索", "来源:"} <= template_msgids()

    def test_every_interface_string_has_a_mongolian_translation(self):
        catalog = po_catalog(LOCALE / "django.po")
        missing = sorted(msgid for msgid in template_msgids() if not catalog.get(msgid, "").strip())
        assert missing == []

    def test_no_translation_is_chinese(self):
        chinese = {
            msgid: text
            for msgid, text in po_catalog(LOCALE / "django.po").items()
            if re.search(r"[\u4e00-\u9fff]", text)
        }
        assert chinese == {}

    def test_suffixes_are_joined_with_a_narrow_no_break_space_not_a_space(self):
        catalog = po_catalog(LOCALE / "django.po")
        # The genitive after ᠥᠷᠲᠡᠭᠡ, as in 网站地图.
        assert "ᠥᠷᠲᠡᠭᠡ\u202fᠶᠢᠨ" in catalog["网站地图"]
        assert not any(
            re.search(r" (ᠶᠢᠨ|ᠤᠨ|ᠦᠨ|ᠶᠢ|ᠡᠴᠡ|ᠠᠴᠠ|ᠪᠡᠨ|ᠪᠠᠨ|ᠳᠡᠬᠢ|ᠳᠤ|ᠲᠤ|ᠳᠦ|ᠲᠦ)\b", text) for text in catalog.values()
        )

    def test_the_mongolian_language_shows_our_catalog_not_django_s_cyrillic_one(self):
        with translation.override("mn-mong"):
            assert translation.gettext("首页") == "ᠲᠡᠷᠢᠭᠦᠨ ᠨᠢᠭᠤᠷ"
            assert not re.search(r"[\u0400-\u04ff]", translation.gettext("This field is required."))
            assert not re.search(r"[\u0400-\u04ff]", translation.gettext("Enter a valid date."))

"""Rich text is cleaned once, when it is saved, against this allow-list.
Only the cleaned article body is ever marked safe in templates."""

import html
import re
from html.parser import HTMLParser

import nh3

# No span: the editor makes none (its Font and Highlight plugins are off), and
# those pasted from Word or WPS carry only fonts and sizes, all dropped here;
# their text stays.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "title", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "*": {"style"},
}
# CKEditor 5 marks images and tables with these classes (figure.image,
# figure.table, resized and side images); no other class reaches a body.
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "table",
        "image_resized",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-right",
        "image-style-align-center",
        "image-style-block-align-left",
        "image-style-block-align-right",
    },
}
ALLOWED_STYLE_PROPERTIES = {"text-align", "text-indent", "width", "height"}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Values of the allowed style properties: lengths, percentages, keywords.
# No parentheses, so no url(), expression() or var().
SAFE_STYLE_VALUE = re.compile(r"^[-\w.%# ]{1,40}$")
SAFE_SRCSET_URL = re.compile(r"^(https?://|/)[^\s,:]*$|^[^\s,:/][^\s,:]*$", re.IGNORECASE)


def _filter_attribute(element, attribute, value):
    if attribute == "style":
        declarations = []
        for declaration in value.split(";"):
            name, _, val = declaration.partition(":")
            name, val = name.strip().lower(), val.strip()
            if name in ALLOWED_STYLE_PROPERTIES and SAFE_STYLE_VALUE.match(val):
                declarations.append(f"{name}:{val}")
        return ";".join(declarations) or None
    if attribute == "srcset":
        candidates = [candidate.split() for candidate in value.split(",")]
        if all(parts and SAFE_SRCSET_URL.match(parts[0]) for parts in candidates):
            return value
        return None
    return value


def sanitize_html(value):
    """Return `value` with everything outside the allow-list removed."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


BLOCK_END = re.compile(r"<(/p|/h[1-6]|/li|/td|/th|/tr|/blockquote|/figcaption|br)\b", re.IGNORECASE)


def text_of(value):
    """The readable text of an HTML fragment, blocks kept apart, whitespace folded."""
    text = nh3.clean(BLOCK_END.sub(r" <\1", value or ""), tags=set(), attributes={})
    return " ".join(html.unescape(text).split())


# Blocks a reader sees as separate lines; cells of a row are joined on one line.
_BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "li", "tr", "blockquote", "figcaption", "caption"}
_CELL_TAGS = {"td", "th"}
_TABLE_BLOCK_TAGS = {"tr", "caption"}  # a paragraph inside a cell stays on its row's line


class Block:
    """One readable line of a body: its text and what kind of block it came from."""

    __slots__ = ("kind", "text", "in_table")

    def __init__(self, kind, text, in_table):
        self.kind, self.text, self.in_table = kind, text, in_table

    def __repr__(self):
        return f"Block({self.kind!r}, {self.text!r})"


class _BlockReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.parts, self.kinds, self.tables = [], [], [], 0

    def _is_block(self, tag):
        return tag in (_TABLE_BLOCK_TAGS if self.tables else _BLOCK_TAGS)

    def _flush(self):
        text = " ".join("".join(self.parts).split()).strip(" |")
        if text:
            kind = self.kinds[-1] if self.kinds else "text"
            self.blocks.append(Block(kind, text, self.tables > 0))
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._flush()
            self.tables += 1
        elif self._is_block(tag):
            self._flush()
            self.kinds.append(tag)
        elif tag == "br":
            self.parts.append(" ")
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            self._flush()
            self.blocks.append(Block("img", f"[图片:{alt}]" if alt else "[图片,无说明]", self.tables > 0))

    def handle_endtag(self, tag):
        if tag in _CELL_TAGS:
            self.parts.append(" | ")
        elif self._is_block(tag):
            self._flush()
            if tag in self.kinds:
                del self.kinds[len(self.kinds) - 1 - self.kinds[::-1].index(tag)]
        elif tag == "table":
            self._flush()
            self.tables = max(0, self.tables - 1)

    def handle_data(self, data):
        self.parts.append(data)

    def close(self):
        super().close()
        self._flush()


def blocks_of(value):
    """The body as readable lines: paragraphs, headings, list items, one line
    per table row (cells joined by |) and one per image (with its 说明)."""
    reader = _BlockReader()
    reader.feed(value or "")
    reader.close()
    return reader.blocks


def summary_from_body(value, limit=150):
    """The 摘要 a body gives when no editor wrote one: its own paragraphs
    (not tables, captions or headings), cut at a sentence end near `limit`."""
    text = ""
    for block in blocks_of(value):
        if block.kind == "p" and not block.in_table:
            # Chinese sentences join as they are; other text gets a space between paragraphs.
            text += block.text if not text or text[-1] in "。!?;:」』”)" else f" {block.text}"
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(mark) for mark in "。!?;!?;")
    return cut[: end + 1] if end >= limit // 2 else cut.rstrip() + "…"


class _ImageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attrs = dict(attrs)
            self.images.append((attrs.get("src") or "", (attrs.get("alt") or "").strip()))


def images_without_alt(value):
    """The body's images that have no 图片说明 (alt text), as (position, file
    name) with position counted from 1 among all the body's images."""
    reader = _ImageReader()
    reader.feed(value or "")
    reader.close()
    return [
        (number, src.rsplit("/", 1)[-1] or "(无地址)")
        for number, (src, alt) in enumerate(reader.images, start=1)
        if not alt
    ]

"""Rich text is cleaned once, when it is saved, against this allow-list.
Only the cleaned article body is ever marked safe in templates."""
import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span",
    "ul", "ol", "li", "blockquote", "hr", "a", "img", "figure", "figcaption",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
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
        "image", "table", "image_resized", "image-style-side",
        "image-style-align-left", "image-style-align-right", "image-style-align-center",
        "image-style-block-align-left", "image-style-block-align-right",
    },
}  # fmt: skip
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

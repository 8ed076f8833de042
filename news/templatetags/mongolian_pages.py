"""What a public page shows differently in the language read: dates and
numbers on Mongolian pages, the 来源, and the 蒙/汉 switch's links.

Dates on Mongolian pages follow the W3C "Requirements for Mongolian Script
Layout" (mlreq, github.com/w3c/mlreq) and R. Ishida's orthography
notes (r12a.github.io/scripts/mong/mn): Mongolian uses European digits in running text; in
vertical lines they are set sideways (rotated like Latin text), so every
digit run is wrapped in <span class="mn-digits"> for the stylesheet to
place it (e.g. text-combine-upright for runs of two). The words are
"<year> ᠣᠨ ᠤ <month> ᠰᠠᠷ᠎ᠠ ᠶᠢᠨ <day> ᠡᠳᠦᠷ" (year's, month's, day), with
NNBSP (U+202F) before the case suffixes and MVS (U+180E) in ᠰᠠᠷ᠎ᠠ."""

import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..language import MONGOLIAN, MONGOLIAN_PREFIX, reading_mongolian
from ..public.language import language_versions, request_language

register = template.Library()

NNBSP = "\u202f"
MVS = "\u180e"
YEAR = f"ᠣᠨ{NNBSP}ᠤ"  # on-u: of the year
MONTH = f"ᠰᠠᠷ{MVS}ᠠ{NNBSP}ᠶᠢᠨ"  # sar-a-yin: of the month
DAY = "ᠡᠳᠦᠷ"  # edür: day
DIGITS = re.compile(r"\d+")


def _digits(number):
    return format_html('<span class="mn-digits">{}</span>', number)


def mongolian_date(value, with_time=False):
    """A date (and time) in Mongolian words, its digits marked for vertical layout."""
    words = format_html(
        "{} {} {} {} {} {}",
        _digits(value.year),
        YEAR,
        _digits(value.month),
        MONTH,
        _digits(value.day),
        DAY,
    )
    if with_time:
        words = format_html("{} {}", words, _digits(f"{value.hour:02d}:{value.minute:02d}"))
    return words


@register.filter(expects_localtime=True)
def local_date(value, arg="Y-m-d"):
    """`date` with the Chinese format on Chinese pages; Mongolian words on
    Mongolian pages (with the time when the Chinese format has one)."""
    if not value:
        return ""
    if reading_mongolian():
        if getattr(value, "tzinfo", None) is not None:
            value = timezone.localtime(value)
        return mongolian_date(value, with_time="H" in arg)
    return date_filter(value, arg)


@register.filter
def local_number(value):
    """A number: as it is on Chinese pages, marked for vertical layout on Mongolian ones."""
    if reading_mongolian():
        return mark_safe(DIGITS.sub(lambda m: str(_digits(m.group())), str(conditional_escape(value))))
    return value


@register.filter
def source_for(site, article):
    """来源 in the language read: {{ site|source_for:article }}."""
    return site.source_for(article)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The 蒙/汉 switch and hreflang alternates: (html lang, address, is
    current, is an alternate). A Chinese article without a Mongolian
    version links the Mongolian home page instead, and is no alternate."""
    request = context.get("request")
    if request is None:
        return []
    versions = language_versions(request)
    if len(versions) < 2:
        return []
    current = request_language(request)
    article = context.get("article")
    missing = article is not None and not getattr(article, "has_mongolian", True)
    links = []
    for language, html_lang, url in versions:
        alternate = True
        if language == MONGOLIAN and missing:
            url = f"{getattr(request, 'site_prefix', '')}{MONGOLIAN_PREFIX}/"
            alternate = False
        links.append((html_lang, url, language == current, alternate))
    return links


@register.filter
def absolute_url(request, url):
    """hreflang alternates are full addresses: search engines ignore relative ones."""
    return request.build_absolute_uri(url)

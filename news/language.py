"""The two languages of every public page: Chinese, and traditional
Mongolian script (蒙古文版) under the /mn/ path prefix.

Which one a request reads is set by news.public.language's middleware and
read back here through Django's active language, so models and templates
can pick the Mongolian fields without a request at hand."""

from django.utils import translation

CHINESE = "zh-hans"
MONGOLIAN = "mn-mong"
# What the page's lang attribute and hreflang say (BCP 47).
HTML_LANG = {CHINESE: "zh-CN", MONGOLIAN: "mn-Mong"}
MONGOLIAN_PREFIX = "/mn"


def reading_mongolian():
    return translation.get_language() == MONGOLIAN


def shown(obj, name):
    """The field `name` in the language being read: its Mongolian version
    (`<name>_mn`) on Mongolian pages when there is one, else the Chinese."""
    if reading_mongolian():
        value = getattr(obj, f"{name}_mn", "")
        if value:
            return value
    return getattr(obj, name)

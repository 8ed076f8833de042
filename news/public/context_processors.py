from ..language import HTML_LANG, MONGOLIAN
from .language import language_versions, request_language
from .pages import portal_state
from .preferences import FONT_SIZES
from .sites import site_links


def portal(request):
    state = portal_state(request)
    language = request_language(request)
    return {
        "html_lang": HTML_LANG[language],
        "mongolian": language == MONGOLIAN,
        # The same page in each language (蒙/汉 switch, hreflang).
        "language_versions": lambda: language_versions(request),
        "site": state.site,
        "column_tree": state.columns,
        "navigation": state.columns.navigation(),
        "font_sizes": FONT_SIZES,
        # Called by the template, only on the pages that show it.
        "platform_sites": lambda: site_links(request),
    }

from .pages import portal_state
from .preferences import FONT_SIZES
from .sites import site_links


def portal(request):
    state = portal_state(request)
    return {
        "site": state.site,
        "column_tree": state.columns,
        "navigation": state.columns.navigation(),
        "font_sizes": FONT_SIZES,
        # Called by the template, only on the pages that show it.
        "platform_sites": lambda: site_links(request),
    }

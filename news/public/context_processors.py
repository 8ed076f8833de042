from .pages import portal_state
from .preferences import FONT_SIZES


def portal(request):
    state = portal_state(request)
    return {
        "site": state.site,
        "column_tree": state.columns,
        "navigation": state.columns.navigation(),
        "font_sizes": FONT_SIZES,
    }

"""Reading preferences (font size, elder mode) live in cookies, so that they
work with JavaScript off and on every page. The pages themselves are the
same for everyone (one published file per page): a preference only picks a
small stylesheet, /preferences.css, rendered from templates/preferences.css.
nginx serves one written copy per combination (publishing writes them) and
the application renders the same for `make run`."""

from dataclasses import dataclass
from itertools import product

from django.template.loader import render_to_string

FONT_SIZES = {"large": "大", "medium": "中", "small": "小"}
DEFAULT_FONT_SIZE = "medium"
FONT_SIZE_COOKIE = "font_size"
ELDER_MODE_COOKIE = "elder_mode"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class Preferences:
    font_size: str = DEFAULT_FONT_SIZE
    elder_mode: bool = False

    @property
    def variant(self):
        """The name of this combination's stylesheet in the published tree
        (deploy/nginx/portal-maps.conf builds the same from the cookies)."""
        return f"{self.font_size}-{int(self.elder_mode)}"


def preferences_of(request):
    font_size = request.COOKIES.get(FONT_SIZE_COOKIE)
    if font_size not in FONT_SIZES:
        font_size = DEFAULT_FONT_SIZE
    return Preferences(font_size=font_size, elder_mode=request.COOKIES.get(ELDER_MODE_COOKIE) == "1")


def preference_variants():
    """Every combination a visitor can choose."""
    return [Preferences(font_size=size, elder_mode=elder) for elder, size in product((False, True), FONT_SIZES)]


def preferences_stylesheet_render(preferences):
    """The stylesheet of one combination, as bytes. It reads nothing but the
    preferences: no request, no database."""
    return render_to_string("preferences.css", {"preferences": preferences}).encode()

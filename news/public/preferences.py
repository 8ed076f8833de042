"""Reading preferences (font size, elder mode) live in cookies, so that they
work with JavaScript off and on every page, and the server renders them."""

from dataclasses import dataclass

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
    def cache_key(self):
        return f"{self.font_size}-{int(self.elder_mode)}"


def preferences_of(request):
    font_size = request.COOKIES.get(FONT_SIZE_COOKIE)
    if font_size not in FONT_SIZES:
        font_size = DEFAULT_FONT_SIZE
    return Preferences(font_size=font_size, elder_mode=request.COOKIES.get(ELDER_MODE_COOKIE) == "1")

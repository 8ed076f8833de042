"""Where the health check gets what other parts of the portal own.

After the editorial workflow (issue 3) lands, these are re-pointed:
- `wording_findings` at its 错敏词 model and matcher,
- `attachment_links` at its article attachments,
- `prepare_articles` to prefetch those attachments.
Until then they use the built-in placeholder list in settings and no
attachments. Callers only rely on the shapes documented here."""
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

# Phrases left in by mistake (templates, drafts); each a "warn" for review.
DEFAULT_PHRASES = {"XXX": "warn", "此处": "warn", "待补充": "warn", "测试": "warn"}
LEVELS = ("severe", "warn")


@dataclass(frozen=True)
class WordingHit:
    phrase: str
    level: str  # "severe" (serious wording error, a single-veto risk) or "warn" (to be reviewed)
    start: int
    end: int
    suggestion: str = ""


def configured_phrases():
    phrases = getattr(settings, "HEALTH_WORDING_PHRASES", DEFAULT_PHRASES)
    return tuple(sorted((phrase, level if level in LEVELS else "warn") for phrase, level in phrases.items() if phrase))


@lru_cache(maxsize=8)
def _matcher(phrases):
    if not phrases:
        return None, {}
    # Longest first, so a longer phrase wins over a phrase it contains.
    ordered = sorted((phrase for phrase, _ in phrases), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(phrase) for phrase in ordered), re.IGNORECASE)
    return pattern, {phrase.casefold(): level for phrase, level in phrases}


def wording_findings(text):
    """Every listed phrase in `text` (plain text, not HTML), in order."""
    pattern, levels = _matcher(configured_phrases())
    if pattern is None or not text:
        return []
    return [
        WordingHit(match.group(0), levels[match.group(0).casefold()], match.start(), match.end())
        for match in pattern.finditer(text)
    ]


def attachment_links(article):
    """(url, text) for each attachment of a published article. None yet."""
    return []


def prepare_articles(queryset):
    """The published-articles queryset the content scan iterates, with
    whatever `attachment_links` needs loaded alongside."""
    return queryset

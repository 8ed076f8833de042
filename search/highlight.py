"""Marking the query's words in plain text. The text is escaped here, piece by
piece, and only <mark> is added, so the result is safe to show as HTML."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .mongolian import INSIDE_WORD, LETTERS, has_mongolian, mongolian_pattern

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30
LATIN = re.compile(r"^[a-z0-9]+$")


def word_pattern(words):
    """A regex finding any of `words`, longest first; Latin words and numbers
    only as whole words, so "art" does not mark "article"; Mongolian words
    whatever variation selectors or vowel separators the text has in them,
    and only as whole words, so ᠣᠨ does not mark the start of ᠣᠨᠴᠠ."""
    parts = []
    for word in words:
        part = re.escape(word)
        if has_mongolian(word):
            part = rf"(?<![{LETTERS}]){mongolian_pattern(word)}(?![{LETTERS}{INSIDE_WORD}])"
        elif LATIN.match(word):
            part = rf"(?<![a-z0-9]){part}(?![a-z0-9])"
        parts.append(part)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text, pattern):
    if pattern is None:
        return escape(text)
    spans = []
    for match in pattern.finditer(text):
        if spans and spans[-1][1] == match.start():
            # Words side by side (防汛 抗旱) are marked as one: 防汛抗旱.
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append(match.span())
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first word found."""
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LEAD) if match else 0
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    piece = highlight(text[start:end], pattern)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))

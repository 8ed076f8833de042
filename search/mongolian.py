"""Traditional Mongolian script as search compares it, the same for the index
and for the query (segmentation.normalise calls `mongolian_normalise`).

One word is often typed several ways: with or without a free variation
selector (FVS1–4 only pick a glyph shape), with or without the Mongolian
vowel separator (MVS, which only picks the separated final form of a/e,
e.g. ᠰᠠᠷ᠎ᠠ "month" is also typed ᠰᠠᠷᠠ), with the narrow no-break space
(NNBSP) before a case suffix or a plain space. So:

- FVS1–4, MVS, ZWJ and ZWNJ are dropped: they are inside a word and choose
  how its letters look, not which letters it has (Unicode 6.3 made MVS a
  format character; UAX #29 word boundaries ignore format and extend
  characters, so none of them splits a word). Mapping MVS to a space would
  cut ᠰᠠᠷ᠎ᠠ into ᠰᠠᠷ and a lone ᠠ, and never match ᠰᠠᠷᠠ.
- NNBSP is a word boundary like a space: the stem before a case suffix
  (ᠣᠨ in ᠣᠨ ᠤ "of the year") is then found by itself, as a resident who
  types the stem expects, and a suffix typed after a plain space matches
  one written after NNBSP.
- Mongolian punctuation (᠀ ᠁ ᠂ ᠃ ᠄ ᠅ ᠆ ᠇ ᠈ ᠉ ᠊ and the Mongolian
  Supplement's U+11660–U+1166C) separates words.
- Mongolian digits become ASCII digits, so ᠒᠐᠒᠔ matches 2024.
- Then Unicode NFC.
"""

import re
import unicodedata

FREE_VARIATION_SELECTORS = "\u180b\u180c\u180d\u180f"
VOWEL_SEPARATOR = "\u180e"
ZERO_WIDTH_JOINERS = "\u200c\u200d"
NARROW_NO_BREAK_SPACE = "\u202f"
INSIDE_WORD = FREE_VARIATION_SELECTORS + VOWEL_SEPARATOR + ZERO_WIDTH_JOINERS
PUNCTUATION = "".join(map(chr, range(0x1800, 0x180B))) + "".join(map(chr, range(0x11660, 0x1166D)))

_TABLE = {
    **dict.fromkeys(map(ord, INSIDE_WORD), None),
    **dict.fromkeys(map(ord, PUNCTUATION + NARROW_NO_BREAK_SPACE), " "),
    **{0x1810 + digit: str(digit) for digit in range(10)},
}

# Letters of the Mongolian block (with the Todo, Sibe, Manchu and Ali Gali
# ones): a run of them is one word, never given to jieba, which would cut it
# into single letters.
LETTERS = "\u1820-\u1878\u1880-\u18aa"
WORD = re.compile(f"[{LETTERS}]+")
_ANY_LETTER = re.compile(f"[{LETTERS}]")
# What may stand between two letters of a word in stored text.
_INVISIBLE = f"[{INSIDE_WORD}]*"
_BOUNDARY = rf"[\s{NARROW_NO_BREAK_SPACE}{PUNCTUATION}]+"


def mongolian_normalise(text):
    """`text` with Mongolian spelling variants folded; other scripts unchanged."""
    return unicodedata.normalize("NFC", (text or "").translate(_TABLE))


def has_mongolian(text):
    return bool(_ANY_LETTER.search(text or ""))


def mongolian_pattern(word):
    """A regex source finding normalised `word` in stored, unnormalised text:
    any FVS, MVS, ZWJ or ZWNJ between its letters, a space or NNBSP (or
    punctuation) where it has a space."""
    parts = []
    for piece in word.split():
        parts.append(_INVISIBLE.join(re.escape(char) for char in piece))
    return _BOUNDARY.join(parts)

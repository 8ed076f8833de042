"""Chinese word segmentation with jieba, the same way for articles and queries.

The dictionary takes about a second to load, so it is loaded once per process
(`load()` runs in portal/wsgi.py, before gunicorn forks with --preload, else on first use),
never per request. Its cache file goes under the project's var/ directory.

HMM new-word guessing is off: it makes the cut of an unknown name depend on the
characters around it, so a name could be cut one way in an article and another
way in a query. Without it an unknown word is cut into single characters on
both sides, and the query treats a run of them as a phrase (see query.py).
"""

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
from django.conf import settings

from .mongolian import WORD as MONGOLIAN_WORD
from .mongolian import has_mongolian, mongolian_normalise

USER_DICTIONARY = Path(__file__).resolve().parent / "dictionary.txt"
# Letters and digits in any script; everything else (punctuation, symbols,
# emoji, underscores) separates tokens and is never searchable.
TOKEN_PART = re.compile(r"[^\W_]+")
# jieba cuts sentence by sentence anyway; cutting per block lets identical
# sentences (boilerplate, repeated phrases) be cut once.
BLOCK = re.compile(r"[^\s。!?;!?;,,、::“”\"'()()《》【】\[\]]+")
MAX_TOKEN_LENGTH = 64

_lock = threading.Lock()
_loaded = False


def load():
    """Load jieba's dictionary and ours; safe to call again, it loads once."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        jieba.setLogLevel(logging.WARNING)
        cache_dir = Path(settings.VAR_DIR) / "jieba"
        cache_dir.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(cache_dir)
        jieba.dt.cache_file = "jieba.cache"
        jieba.initialize()
        jieba.load_userdict(str(USER_DICTIONARY))
        _loaded = True


def normalise(text):
    """Full-width letters and digits to ASCII, lower case, Mongolian spelling
    variants folded (search/mongolian.py): what is compared."""
    return unicodedata.normalize("NFKC", mongolian_normalise(text)).lower()


def _runs(text):
    """`text` as (is_mongolian, piece): a Mongolian word is one token as it
    stands, as jieba would cut it into single letters."""
    if not has_mongolian(text):
        return [(False, text)]
    runs, last = [], 0
    for match in MONGOLIAN_WORD.finditer(text):
        runs += [(False, text[last : match.start()]), (True, match.group()[:MAX_TOKEN_LENGTH])]
        last = match.end()
    runs.append((False, text[last:]))
    return [(mongolian, piece) for mongolian, piece in runs if piece]


def _jieba_tokens(words):
    tokens = []
    for word in words:
        tokens.extend(part[:MAX_TOKEN_LENGTH] for part in TOKEN_PART.findall(word))
    return tokens


@lru_cache(maxsize=65536)
def _cut_block(block):
    tokens = []
    for mongolian, piece in _runs(block):
        tokens.extend([piece] if mongolian else _jieba_tokens(jieba.cut_for_search(piece, HMM=False)))
    return tuple(tokens)


def tokens(text):
    """The searchable tokens of `text`, in order: whole words and the shorter
    dictionary words inside them (中华人民共和国 → 中华, 人民, 共和国, …)."""
    load()
    result = []
    for block in BLOCK.findall(normalise(text)):
        result.extend(_cut_block(block))
    return result


def words(text):
    """`text` cut into whole words only (precise mode), normalised, with the
    separators dropped: how a query is read before its sub-words are added."""
    load()
    result = []
    for mongolian, piece in _runs(normalise(text)):
        result.extend([piece] if mongolian else _jieba_tokens(jieba.cut(piece, HMM=False)))
    return result


def subwords(word):
    """The shorter dictionary words jieba's search mode adds for `word`."""
    load()
    return [token for token in _cut_block(word) if token != word]

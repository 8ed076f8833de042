"""The wording check (错敏词): every active rule's phrase is looked for in the
title and the body text at once, with an Aho-Corasick automaton. The work is
linear in the text: a megabyte of body takes a fraction of a second."""

import re
import threading
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from operator import add

import ahocorasick

from ..media.html import text_of
from ..models import WordingLevel, WordingRule

CONTEXT_CHARS = 12
# The most hits listed per field. A text with more is refused as it stands
# (an overflow hit that blocks), and the scan stops early: time and the page
# listing them stay bounded whatever is pasted into a draft.
MAX_HITS = 1000
SPANS_READ = 20 * MAX_HITS


@dataclass(frozen=True)
class WordingHit:
    field: str  # 标题 or 正文
    position: int  # 1-based character position in the field's text
    found: str  # the text as written
    phrase: str
    correct_form: str
    level: str
    note: str
    context: str
    overflow: bool = False  # stands for the hits past MAX_HITS, not listed

    @property
    def is_block(self):
        return self.level == WordingLevel.BLOCK

    def __str__(self):
        if self.overflow:
            return f"{self.field}中的错敏词超过 {MAX_HITS} 处,只列出前 {MAX_HITS} 处:请先改正已列出的,再重新检查。"
        advice = f"应为“{self.correct_form}”" if self.correct_form else "请删除或改写"
        return f"{self.field}第 {self.position} 字“{self.found}”:{advice}({self.note or '错敏词'})。上下文:…{self.context}…"


# What full-width to half-width (NFKC) and case folding make of each
# character, learnt once per process for the characters seen so far. A text
# is then handled by regular expressions over whole strings: one finds the
# characters not seen before, one those that change; the few thousand
# distinct characters of a text are never looked at one by one again.
_folded = {}
_unseen_pattern = re.compile(r"(?s).")
_changed_pattern = None  # the characters that fold to something else, as a group
_changed_table = {}  # the same for str.translate
SPLITS = 20_000
_uneven_pattern = None  # those that fold into more or fewer than one (ß, ㈠, …)
# Learnt up front: ASCII to CJK punctuation, the common ideographs, full-width forms.
COMMON_CHARACTERS = (range(0x20, 0x3100), range(0x4E00, 0xA000), range(0xFF00, 0xFFF0))


def _char_class(code_points, negate=False, group=False):
    """A regular-expression character class, consecutive code points as ranges."""
    parts, points = [], sorted(code_points)
    index = 0
    while index < len(points):
        last = index
        while last + 1 < len(points) and points[last + 1] == points[last] + 1:
            last += 1
        first, end = re.escape(chr(points[index])), re.escape(chr(points[last]))
        parts.append(first if last == index else f"{first}-{end}")
        index = last + 1
    if not parts:
        return None
    pattern = f"[{'^' if negate else ''}{''.join(parts)}]"
    return re.compile(f"({pattern})" if group else pattern)


_learning = threading.Lock()


def _learn(characters):
    with _learning:
        _learn_locked(characters)


def _learn_locked(characters):
    global _unseen_pattern, _changed_pattern, _uneven_pattern
    for char in characters:
        _folded[char] = folded = unicodedata.normalize("NFKC", char).casefold()
        if folded != char:
            _changed_table[ord(char)] = folded
    _unseen_pattern = _char_class((ord(char) for char in _folded), negate=True)
    _changed_pattern = _char_class((ord(char) for char, folded in _folded.items() if folded != char), group=True)
    _uneven_pattern = _char_class(ord(char) for char, folded in _folded.items() if len(folded) != 1)


def _normalise(text):
    """Full-width to half-width and case folded, character by character as
    the rules are, with a function from a position in the result back to the
    position in `text`. Only characters that fold into more or fewer than one
    need the offset map; texts without them (nearly all) need none."""
    if not _folded:
        _learn(chr(code) for block in COMMON_CHARACTERS for code in block)
    unseen = set(_unseen_pattern.findall(text))
    if unseen:
        _learn(unseen)
    if _changed_pattern is None:
        normalised = text
    else:
        # Split around the characters that change: faster than sub() or
        # translate() while they are a few; translate() the rest if not.
        pieces = _changed_pattern.split(text, maxsplit=SPLITS)
        if len(pieces) > 2 * SPLITS:
            pieces[-1] = pieces[-1].translate(_changed_table)
        pieces[1::2] = [_folded[char] for char in pieces[1::2]]
        normalised = "".join(pieces)
    uneven = [match.start() for match in _uneven_pattern.finditer(text)] if _uneven_pattern else []
    if not uneven:
        return normalised, None
    return normalised, _Origins(text, uneven)


class _Origins:
    """Normalised position -> original position, as sorted segments: runs
    where each character stayed one, and single characters that became several."""

    def __init__(self, text, uneven):
        self.starts, self.segments = [], []  # (original start, whether a run)
        position = previous = 0
        for index in uneven:
            if index > previous:
                self._add(position, previous, True)
                position += index - previous
            width = len(_folded[text[index]])
            if width:
                self._add(position, index, False)
                position += width
            previous = index + 1
        self._add(position, previous, True)

    def _add(self, start, origin, run):
        self.starts.append(start)
        self.segments.append((origin, run))

    def __call__(self, index):
        segment = bisect_right(self.starts, index) - 1
        origin, run = self.segments[segment]
        return origin + (index - self.starts[segment]) if run else origin


_automaton_cache = {}


def _automaton(rules):
    """The automaton for these rules, and the longest phrase it holds."""
    key = hash(rules)
    built = _automaton_cache.get(key)
    if built is None:
        automaton, longest = ahocorasick.Automaton(), 0
        for rule in rules:
            needle, _ = _normalise(rule[0])
            if needle:
                automaton.add_word(needle, (len(needle), rule))
                longest = max(longest, len(needle))
        automaton.make_automaton()
        built = automaton, longest
        _automaton_cache.clear()  # only the current rule set is worth keeping
        _automaton_cache[key] = built
    return built


def active_rules():
    return tuple(
        WordingRule.objects.filter(is_active=True)
        .order_by("phrase")
        .values_list("phrase", "correct_form", "level", "note")
    )


def _outermost(spans):
    """The spans not inside a longer one (此处 in 此处插入 says nothing more),
    in order. Sorted by start, longest first, a span lies inside a longer one
    exactly when an earlier span, not the same stretch, reaches as far."""
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept, reach, index = [], -1, 0
    while index < len(spans):
        start, stop = spans[index][0], spans[index][1]
        same = index
        while same < len(spans) and spans[same][0] == start and spans[same][1] == stop:
            same += 1
        if stop > reach:
            kept.extend(spans[index:same])
            reach = stop
        index = same
    return sorted(kept)


_folding_matters_cache = {}


def _folding_matters(rules):
    """A pattern finding the characters for which folding a text can change
    what the rules match: those not learnt yet, those that fold into
    something a phrase holds (or are themselves in a phrase), and those that
    fold into more or fewer than one (positions move). A text with none of
    them matches as it is: most texts, since full-width punctuation (，。:)
    folds into characters no phrase holds. One search over the text: a class
    of every other character, negated."""
    key = (id(rules), len(_folded))
    found = _folding_matters_cache.get(key)
    if found is None or found[0] is not rules:
        phrase_chars = set("".join(_normalise(rule[0])[0] for rule in rules))
        pattern = _char_class(
            (
                ord(char)
                for char, folded in _folded.items()
                if folded == char or (len(folded) == 1 and folded not in phrase_chars and char not in phrase_chars)
            ),
            negate=True,
        )
        found = (rules, pattern)
        _folding_matters_cache.clear()
        _folding_matters_cache[(id(rules), len(_folded))] = found
    return found[1]


def hit_possible(rules, sample=""):
    """A function of a text, false only where `find_in_text` finds no hit:
    it looks for the characters folding can change and for two neighbouring
    characters of every phrase (the pair rarest in `sample`; a phrase of one
    character, that one). Over many texts, nearly all without a hit, its two
    searches replace the automaton's."""
    automaton, _ = _automaton(rules)
    _normalise(sample)  # learns its characters: those that fold to themselves are then not searched for
    chars, pairs = Counter(sample), Counter(map(add, sample, sample[1:]))
    chosen = {
        min((needle[i : i + 2] for i in range(len(needle) - 1)), key=lambda pair: (pairs[pair], chars[pair[0]]))
        if len(needle) > 1
        else needle
        for needle in automaton.keys()  # noqa: SIM118 - an Aho-Corasick automaton, not a dict
    }
    folding = _folding_matters(rules).search
    phrases = re.compile("|".join(map(re.escape, sorted(chosen)))).search
    return lambda text: folding(text) is not None or phrases(text) is not None


def find_in_text(text, *, field, rules=None):
    rules = active_rules() if rules is None else rules
    if not rules or not text:
        return []
    automaton, longest = _automaton(rules)
    if _folding_matters(rules).search(text) is None:
        normalised, origin = text, None  # folding would change nothing the rules see
    else:
        normalised, origin = _normalise(text)
    matches = islice(automaton.iter(normalised), SPANS_READ)
    if origin is None:  # one character for one: positions are the same
        spans = [(end - length + 1, end + 1, *rule) for end, (length, rule) in matches]
    else:
        spans = [(origin(end - length + 1), origin(end) + 1, *rule) for end, (length, rule) in matches]
    kept = _outermost(spans)
    cut_short = len(spans) == SPANS_READ
    if cut_short:
        # A later, unread match could hold one of the last spans read: those are
        # left out. No match covers more characters than the longest phrase.
        reach = max(span[1] for span in spans) - longest
        kept = [span for span in kept if span[0] < reach]
    hits = []
    for start, stop, phrase, correct_form, level, note in kept[:MAX_HITS]:
        context = text[max(0, start - CONTEXT_CHARS) : stop + CONTEXT_CHARS]
        hits.append(WordingHit(field, start + 1, text[start:stop], phrase, correct_form, level, note, context))
    if cut_short or len(kept) > MAX_HITS:
        position = hits[-1].position if hits else 1
        hits.append(WordingHit(field, position, "", "", "", WordingLevel.BLOCK, "", "", overflow=True))
    return hits


def check_article(article):
    """Every hit in the article's title, subtitle and body text (and those of its
    蒙古文版), blocks first."""
    rules = active_rules()
    hits = (
        find_in_text(article.title, field="标题", rules=rules)
        + find_in_text(article.subtitle, field="副标题", rules=rules)
        + find_in_text(text_of(article.body), field="正文", rules=rules)
        # The 蒙古文版 too: Chinese pasted into it by mistake is caught the same way.
        + find_in_text(getattr(article, "title_mn", ""), field="蒙古文标题", rules=rules)
        + find_in_text(text_of(getattr(article, "body_mn", "") or ""), field="蒙古文正文", rules=rules)
    )
    return sorted(hits, key=lambda hit: (not hit.is_block,))

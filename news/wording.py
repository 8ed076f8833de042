"""The wording check (错敏词): every active rule's phrase is looked for in the
title and the body text at once, with an Aho-Corasick automaton."""
import unicodedata
from dataclasses import dataclass

import ahocorasick

from .html import text_of
from .models import WordingLevel, WordingRule

CONTEXT_CHARS = 12


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

    @property
    def is_block(self):
        return self.level == WordingLevel.BLOCK

    def __str__(self):
        advice = f"应为“{self.correct_form}”" if self.correct_form else "请删除或改写"
        return f"{self.field}第 {self.position} 字“{self.found}”:{advice}({self.note or '错敏词'})。上下文:…{self.context}…"


def _normalise(text):
    """Full-width to half-width, case folded, one character at a time, with a
    map back to where each normalised character came from."""
    chars, origin = [], []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


_automaton_cache = {}


def _automaton(rules):
    key = hash(rules)
    automaton = _automaton_cache.get(key)
    if automaton is None:
        automaton = ahocorasick.Automaton()
        for rule in rules:
            needle, _ = _normalise(rule[0])
            if needle:
                automaton.add_word(needle, (len(needle), rule))
        automaton.make_automaton()
        _automaton_cache.clear()  # only the current rule set is worth keeping
        _automaton_cache[key] = automaton
    return automaton


def active_rules():
    return tuple(
        WordingRule.objects.filter(is_active=True)
        .order_by("phrase")
        .values_list("phrase", "correct_form", "level", "note")
    )


def find_in_text(text, *, field, rules=None):
    rules = active_rules() if rules is None else rules
    if not rules or not text:
        return []
    normalised, origin = _normalise(text)
    automaton = _automaton(rules)
    spans = []
    for end, (length, (phrase, correct_form, level, note)) in automaton.iter(normalised):
        start = origin[end - length + 1]
        stop = origin[end] + 1
        spans.append((start, stop, phrase, correct_form, level, note))
    # A hit inside a longer one (此处 in 此处插入) says nothing more.
    spans = [
        span for span in spans
        if not any(o is not span and o[0] <= span[0] and span[1] <= o[1] and (o[1] - o[0]) > (span[1] - span[0])
                   for o in spans)
    ]  # fmt: skip
    hits = []
    for start, stop, phrase, correct_form, level, note in sorted(spans):
        context = text[max(0, start - CONTEXT_CHARS) : stop + CONTEXT_CHARS]
        hits.append(
            WordingHit(field, start + 1, text[start:stop], phrase, correct_form, level, note, context)
        )
    return hits


def check_article(article):
    """Every hit in the article's title, subtitle and body text, blocks first."""
    rules = active_rules()
    hits = (
        find_in_text(article.title, field="标题", rules=rules)
        + find_in_text(article.subtitle, field="副标题", rules=rules)
        + find_in_text(text_of(article.body), field="正文", rules=rules)
    )
    return sorted(hits, key=lambda hit: (not hit.is_block,))

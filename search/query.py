"""What a resident typed, read into words every result must contain.

- Words separated by spaces, or run together, all have to be found (AND).
- A word is found as itself or as the shorter dictionary words jieba's search
  mode indexes inside longer words (民族团结 is found in 民族团结进步 through
  民族 and 团结).
- "Quoted text", an unknown name cut into single characters (茜沁), and
  codes such as 11150626MB1234567X/2024-00001 or COVID-19 must also appear
  literally, as a phrase.
- A 文号 (苏政发〔2024〕12号, brackets of any kind) finds the articles with
  exactly that 文号, not articles holding its words.
- Nothing typed is ever passed to the database as syntax: every backend quotes
  each token, and tokens are letters and digits only.
"""

import re
from dataclasses import dataclass, field

from news.editorial.disclosure import DOCUMENT_NUMBER_PATTERN, document_number_key

from . import segmentation

MAX_QUERY_LENGTH = 100
MAX_TERMS = 24
QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
# Letters/digits joined by - / . : (a 索引号, a model number, 3.5): one phrase.
CODE = re.compile(r"[^\W_]+(?:[-/.:·][^\W_]+)+")
CJK_CHAR = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]$")


@dataclass(frozen=True)
class Term:
    """One word; an article contains it if it contains every token of any
    one of the alternatives."""

    word: str
    alternatives: tuple

    @classmethod
    def for_word(cls, word):
        alternatives = [(word,)]
        inner = tuple(dict.fromkeys(segmentation.subwords(word)))
        if inner:
            alternatives.append(inner)
        return cls(word=word, alternatives=tuple(alternatives))


@dataclass
class SearchQuery:
    text: str = ""
    truncated: bool = False
    terms: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    # 文号 typed, as news.editorial.disclosure.document_number_key compares them.
    document_numbers: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.text

    @property
    def is_searchable(self):
        return bool(self.terms or self.document_numbers)

    @property
    def highlight_words(self):
        """Longest first, so a whole word is marked rather than a part of it."""
        found = set(self.phrases)
        for term in self.terms:
            for alternative in term.alternatives:
                found.update(alternative)
        return sorted(found, key=lambda word: (-len(word), word))

    @classmethod
    def parse(cls, raw):
        text = " ".join((raw or "").replace("\x00", " ").split())
        truncated = len(text) > MAX_QUERY_LENGTH
        text = text[:MAX_QUERY_LENGTH].strip()
        query = cls(text=text, truncated=truncated)
        rest = DOCUMENT_NUMBER_PATTERN.sub(lambda match: query._add_document_number(match.group()), text)
        rest = QUOTED.sub(lambda match: query._add_phrase(next(g for g in match.groups() if g is not None)), rest)
        rest = CODE.sub(lambda match: query._add_phrase(match.group()), segmentation.normalise(rest))
        query._add_words(segmentation.words(rest))
        del query.terms[MAX_TERMS:]
        return query

    def _add_document_number(self, number):
        key = document_number_key(number)
        if key not in self.document_numbers:
            self.document_numbers.append(key)
        return " "

    def _add_phrase(self, phrase):
        phrase = " ".join(segmentation.normalise(phrase).split())
        before = len(self.terms)
        self._add_words(segmentation.words(phrase), phrase_runs=False)
        if len(self.terms) > before and phrase not in self.phrases:
            self.phrases.append(phrase)
        return " "

    def _add_words(self, words, phrase_runs=True):
        run = []
        for word in [*words, None]:
            if word is not None and CJK_CHAR.match(word):
                run.append(word)
                continue
            if phrase_runs and len(run) > 1:
                # Characters jieba does not know as a word: a name or a place.
                self._add_phrase("".join(run))
            else:
                for char in run:
                    self._add_term(char)
            run = []
            if word is not None:
                self._add_term(word)

    def _add_term(self, word):
        if word and all(term.word != word for term in self.terms):
            self.terms.append(Term.for_word(word))

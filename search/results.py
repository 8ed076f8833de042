"""Search results as a lazily read, sliceable sequence, so Django's Paginator
asks the index for one page at a time."""

from dataclasses import dataclass
from functools import cached_property

from news.language import CHINESE, HTML_LANG, reading_mongolian
from news.media.html import text_of
from news.models import Article

from .backends import SearchBackend, get_backend
from .highlight import highlight, snippet, word_pattern

ORDERS = (SearchBackend.RELEVANCE, SearchBackend.DATE)
# Like the big engines, list at most this many: counting and ranking every
# article holding a common word costs more than anyone pages through.
MAX_RESULTS = 1000
# A quoted phrase or code is checked on each match's text, which costs more
# than the index: fewer are counted and listed.
MAX_PHRASE_RESULTS = 200


@dataclass
class Hit:
    article: Article
    title: str
    snippet: str
    # The snippet's lang when it is not in the page's language.
    snippet_lang: str = ""
    source: str = ""
    # Set by the view: the article and its column on the article's own site.
    url: str = ""
    column_url: str = ""


class SearchResults:
    def __init__(self, query, *, queryset=None, order=SearchBackend.RELEVANCE):
        self.query = query
        self.order = order if order in ORDERS else SearchBackend.RELEVANCE
        self.backend = get_backend()
        # Quoted text and codes must appear as typed, not only word by word.
        queryset = Article.objects.published() if queryset is None else queryset
        # A 文号 is matched exactly, on the stored key, by either database.
        for number in query.document_numbers:
            queryset = queryset.filter(document_number_key=number)
        self.queryset = self.backend.matching_phrases(queryset, query)
        self.pattern = word_pattern(query.highlight_words)

    def count(self):
        return self._count

    @property
    def listed_at_most(self):
        return MAX_PHRASE_RESULTS if self.query.phrases else MAX_RESULTS

    @property
    def more_than_listed(self):
        return self._found > self.listed_at_most

    @cached_property
    def _found(self):
        if not self.query.is_searchable:
            return 0
        if not self.query.terms:  # only 文号: no words for the index
            return self.queryset[: self.listed_at_most + 1].count()
        return self.backend.count(self.queryset, self.query, at_most=self.listed_at_most + 1)

    @property
    def _count(self):
        return min(self._found, self.listed_at_most)

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("search results are read a page at a time")
        if not self.query.is_searchable:
            return []
        offset = index.start or 0
        limit = (index.stop if index.stop is not None else self._count) - offset
        if limit <= 0:
            return []
        if self.query.terms:
            ids = self.backend.ranked_ids(self.queryset, self.query, order=self.order, limit=limit, offset=offset)
        else:
            ids = list(self.queryset.newest_first().values_list("id", flat=True)[offset : offset + limit])
        # Read back through published() again: what is shown is what residents may see.
        articles = Article.objects.published().select_related("column__site").in_bulk(ids)
        return [self._hit(articles[pk]) for pk in ids if pk in articles]

    def _hit(self, article):
        """In the language read (shown_title, shown_body). On a Mongolian
        page a Chinese query matches the Chinese text: its snippet is then
        the Chinese one, marked as such, so the reader sees why."""
        body = text_of(article.shown_body)
        snippet_lang = ""
        if reading_mongolian() and self.pattern and not self.pattern.search(body):
            chinese = text_of(article.body)
            if self.pattern.search(chinese):
                body, snippet_lang = chinese, HTML_LANG[CHINESE]
        return Hit(
            article=article,
            title=highlight(article.shown_title, self.pattern),
            snippet=snippet(body, self.pattern),
            snippet_lang=snippet_lang,
            source=article.column.site.source_for(article) if reading_mongolian() else article.source,
        )

"""Keeping the index in step with the articles.

Every article is indexed whatever its status, with the rest left to the query:
results are always joined to Article.objects.published(), so drafts, withdrawn
and scheduled articles are never shown, and a scheduled article becomes
findable the moment it is due, with no job to run.

An article's Mongolian version (蒙古文版), when it has one, is indexed in
the same entry: its title with the title, its summary and body with the
body. Mongolian words and Chinese ones never share a token, and a Mongolian
search page joins only articles with a Mongolian version (has_mongolian)."""

from django.db import transaction

from news.content_version import content_version_bump
from news.media.html import text_of
from news.models import Article

from . import segmentation
from .backends import get_backend
from .backends.base import Document

INDEXED_FIELDS = [
    "id",
    "title",
    "subtitle",
    "summary",
    "summary_auto",
    "body",
    "author",
    "source",
    "index_number",
    "document_number",
    "published_at",
    "has_mongolian",
    "title_mn",
    "summary_mn",
    "body_mn",
]


def article_document(article):
    body_text = text_of(article.body)
    # A summary made from the body is the body's own words: counted once.
    summary = "" if article.summary_auto or body_text.startswith(article.summary) else article.summary
    mongolian = mongolian_texts(article)
    return Document(
        article_id=article.pk,
        title=" ".join(segmentation.tokens(" ".join([article.title, *mongolian[:1]]))),
        body=" ".join(segmentation.tokens(" ".join([article.subtitle, summary, body_text, *mongolian[1:]]))),
        meta=" ".join(
            segmentation.tokens(
                " ".join([article.index_number or "", article.document_number, article.source, article.author])
            )
        ),
        published_at=article.published_at,
        text=plain_text(
            [
                article.title,
                article.subtitle,
                article.summary,
                body_text,
                article.index_number,
                article.document_number,
                article.source,
                article.author,
                *mongolian,
            ]
        ),
    )


def mongolian_texts(article):
    """[title, summary, body text] of the Mongolian version; [] if none."""
    if not article.has_mongolian:
        return []
    body_text = text_of(article.body_mn)
    summary = "" if body_text.startswith(article.summary_mn) else article.summary_mn
    return [article.title_mn, summary, body_text]


def plain_text(fields):
    """The fields normalised as queries are, whitespace folded, one a line, so
    a phrase (which never holds a line break) is found within one field."""
    return "\n".join(" ".join(segmentation.normalise(field).split()) for field in fields if field)


def article_index(*, article):
    get_backend().index([article_document(article)])


def article_unindex(*, article_id):
    get_backend().remove([article_id])


def index_rebuild(*, batch_size=500, progress=None):
    """Re-index every article, a batch per transaction so searches and editors
    carry on meanwhile, then drop entries of articles that no longer exist."""
    backend = get_backend()
    articles = Article.objects.order_by("id").only(*INDEXED_FIELDS)
    batch, done = [], 0
    for article in articles.iterator(chunk_size=batch_size):
        batch.append(article_document(article))
        if len(batch) >= batch_size:
            done += _index_batch(backend, batch, progress)
            batch = []
    done += _index_batch(backend, batch, progress)
    with transaction.atomic():
        backend.remove_orphans()
    # Cached results pages were read from the old index.
    content_version_bump()
    return done


def _index_batch(backend, batch, progress):
    if batch:
        with transaction.atomic():
            backend.index(batch)
        if progress:
            progress(len(batch))
    return len(batch)

"""Article saves whose follow-up work is done once for the whole batch.

Each article save has receivers that keep other things in step: the public
pages' content version (news.public.cache_signals), the search index
(search.signals) and the published tree (publishing.signals). A command that
writes thousands of articles in one transaction (imports) marks the block
with `article_saves_deferred()`: inside it those receivers do nothing, and
the command does their work once for every article it wrote. The mark is a
context variable, so it holds for the code inside the block only: another
thread or request saving an article at the same time is not affected."""

from contextlib import contextmanager
from contextvars import ContextVar

_deferred = ContextVar("article_saves_deferred", default=False)


@contextmanager
def article_saves_deferred():
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def article_saves_are_deferred():
    return _deferred.get()

"""A batch of article saves defers the receivers' work for its own code only."""

import threading

from news.models import Site
from news.save_batches import article_saves_are_deferred, article_saves_deferred


def content_version():
    return Site.objects.values_list("content_version", flat=True).get()


class TestDeferredSaves:
    def test_inside_the_block_a_save_does_not_bump_the_content_version(self, make_article):
        article = make_article(title="批量保存")
        before = content_version()
        with article_saves_deferred():
            article.title = "批量保存(改)"
            article.save()
        assert content_version() == before
        article.save()
        assert content_version() == before + 1

    def test_another_thread_is_not_deferred_meanwhile(self):
        seen = {}
        with article_saves_deferred():
            thread = threading.Thread(target=lambda: seen.update(other=article_saves_are_deferred()))
            thread.start()
            thread.join()
            seen["own"] = article_saves_are_deferred()
        assert seen == {"own": True, "other": False}
        assert not article_saves_are_deferred()

"""Writers racing with editors and with each other."""

from datetime import timedelta

from django.utils import timezone

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_withdraw
from publishing import services
from publishing.models import PageFile
from publishing.services import pages_publish_waiting


def page(root, article):
    return root / "main" / "article" / str(article.pk) / "index.html"


class TestWithdrawalDuringAWrite:
    def test_a_page_rendered_before_the_withdrawal_does_not_stay_in_the_tree(
        self, published_tree, make_article, publish, monkeypatch, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_article(title="撤回时正在写出的文章"))
        render = services.page_render

        def render_then_withdraw(path, **kwargs):
            result = render(path, **kwargs)
            if path == f"/article/{article.pk}/" and article.status == "published":
                # The editor withdraws it while the writer holds the old rendering.
                with django_capture_on_commit_callbacks(execute=True):
                    article_withdraw(article=article, actor=SYSTEM, remark="内容有误")
            return result

        monkeypatch.setattr(services, "page_render", render_then_withdraw)
        article.title = "撤回时正在写出的文章(改)"
        publish(lambda: article_save(article=article, actor=SYSTEM))
        assert not page(published_tree, article).exists()
        assert not PageFile.objects.filter(path=f"/article/{article.pk}/").exists()


class TestTwoWriters:
    def test_pages_claimed_by_a_writer_are_left_to_it(self, published_tree, make_article, publish):
        article = publish(lambda: make_article(title="两个写出进程"))
        row = PageFile.objects.get(path=f"/article/{article.pk}/")
        PageFile.objects.filter(pk=row.pk).update(
            queued_at=timezone.now() + timedelta(seconds=1), claimed_at=timezone.now(), claimed_by="other"
        )
        pages_publish_waiting()
        row.refresh_from_db()
        assert row.claimed_by == "other"
        assert row.written_at < row.queued_at  # still waiting: the other writer writes it

    def test_a_claim_of_a_writer_that_died_expires(self, published_tree, make_article, publish, time_machine):
        article = publish(lambda: make_article(title="写出进程中断"))
        page(published_tree, article).unlink()
        PageFile.objects.filter(path=f"/article/{article.pk}/").update(
            queued_at=timezone.now() + timedelta(seconds=1), claimed_at=timezone.now(), claimed_by="dead"
        )
        time_machine.move_to(timezone.now() + timedelta(seconds=services.CLAIM_SECONDS + 5), tick=True)
        pages_publish_waiting()
        assert page(published_tree, article).exists()
        assert not PageFile.objects.waiting().exists()


class TestUrgentPages:
    def test_a_batch_of_other_pages_stops_for_a_new_publication(
        self, published_tree, make_article, monkeypatch, django_capture_on_commit_callbacks
    ):
        from publishing.services import site_publish_queue

        for number in range(30):
            make_article(title=f"旧文章{number}")
        site_publish_queue()
        monkeypatch.setattr(services, "URGENT_CHECK_SECONDS", 0)
        order, render, fresh = [], services.page_render, {}

        def render_and_publish(path, **kwargs):
            order.append(path)
            if len(order) == 3:  # an editor publishes while the writer is busy
                with django_capture_on_commit_callbacks(execute=True):
                    fresh["article"] = make_article(title="刚发布的文章")
            return render(path, **kwargs)

        monkeypatch.setattr(services, "page_render", render_and_publish)
        pages_publish_waiting(batch_size=200)
        assert order[3] == f"/article/{fresh['article'].pk}/"
        assert not PageFile.objects.waiting().exists()

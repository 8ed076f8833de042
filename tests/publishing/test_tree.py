"""What a change writes to the published tree, and what it removes."""

from django.test import Client

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_withdraw
from publishing.models import PageFile
from publishing.services import pages_publish_waiting, site_publish_queue
from tests.conftest import beijing


def file_of(root, path):
    return root / "main" / path


def waiting_paths():
    return set(PageFile.objects.waiting().values_list("path", flat=True))


class TestPublication:
    def test_a_published_article_is_written_with_the_pages_that_list_it(self, published_tree, make_article, publish):
        article = publish(lambda: make_article(title="草原防火动员会"))
        page = file_of(published_tree, f"article/{article.pk}/index.html").read_text()
        assert "草原防火动员会" in page
        assert "草原防火动员会" in file_of(published_tree, "index.html").read_text()
        assert "草原防火动员会" in file_of(published_tree, "column/dongtai/index.html").read_text()
        assert "草原防火动员会" in file_of(published_tree, "column/gongkai/index.html").read_text()
        assert "草原防火动员会" in file_of(published_tree, "feed/index.xml").read_text()
        assert not waiting_paths()

    def test_the_file_is_the_page_an_anonymous_visitor_gets(self, published_tree, make_article, publish):
        article = publish(lambda: make_article(title="牧区道路修缮"))
        served = Client().get(f"/article/{article.pk}/").content
        assert file_of(published_tree, f"article/{article.pk}/index.html").read_bytes() == served

    def test_an_unrelated_column_is_not_rewritten(self, published_tree, make_article, publish, columns):
        publish(lambda: make_article(title="要闻一", column=columns["headlines"]))
        headlines = file_of(published_tree, "column/yaowen/index.html")
        before = headlines.stat().st_mtime_ns
        publish(lambda: make_article(title="动态一"))
        assert headlines.stat().st_mtime_ns == before


class TestWithdrawal:
    def test_a_withdrawn_article_disappears_before_the_worker_runs(
        self, published_tree, make_article, publish, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_article(title="将被撤回的文章"))
        page = file_of(published_tree, f"article/{article.pk}/index.html")
        assert page.exists()
        with django_capture_on_commit_callbacks(execute=True):
            article_withdraw(article=article, actor=SYSTEM, remark="内容有误")
        assert not page.exists()
        pages_publish_waiting()
        assert "将被撤回的文章" not in file_of(published_tree, "column/dongtai/index.html").read_text()
        assert "将被撤回的文章" not in file_of(published_tree, "index.html").read_text()


class TestEdits:
    def test_an_edit_rewrites_the_article_and_its_neighbours(self, published_tree, make_article, publish):
        older = publish(lambda: make_article(title="较早的文章", published_at=beijing(2024, 6, 1, 9, 0)))
        article = publish(lambda: make_article(title="原标题", published_at=beijing(2024, 6, 2, 9, 0)))

        def edit():
            article.title = "新标题"
            return article_save(article=article, actor=SYSTEM)

        publish(edit)
        assert "新标题" in file_of(published_tree, f"article/{article.pk}/index.html").read_text()
        assert "新标题" in file_of(published_tree, f"article/{older.pk}/index.html").read_text()
        assert "新标题" in file_of(published_tree, "column/dongtai/index.html").read_text()


class TestWholeSite:
    def test_every_page_is_queued_and_written(self, published_tree, make_article):
        for number in range(25):
            make_article(title=f"第{number}篇", published_at=beijing(2024, 1, 1 + number, 9, 0))
        site_publish_queue()
        written, failed = pages_publish_waiting()
        assert failed == 0
        assert file_of(published_tree, "column/dongtai/page-2.html").exists()
        assert not file_of(published_tree, "column/dongtai/page-3.html").exists()
        assert file_of(published_tree, "_errors/503.html").exists()
        assert written == PageFile.objects.count()


class TestColumnChanges:
    def test_a_renamed_column_leaves_no_page_under_its_old_address(
        self, published_tree, make_article, columns, publish
    ):
        publish(lambda: make_article(title="栏目改名前的文章"))
        site_publish_queue()
        pages_publish_waiting()
        old = file_of(published_tree, "column/dongtai/index.html")
        assert old.exists()
        news = columns["news"]
        news.slug = "sumu-dongtai"
        news.save()
        site_publish_queue()
        pages_publish_waiting()
        assert not old.exists()
        assert "栏目改名前的文章" in file_of(published_tree, "column/sumu-dongtai/index.html").read_text()
        assert not PageFile.objects.filter(path__startswith="/column/dongtai/").exists()


class TestSitemapPages:
    def test_a_withdrawal_shifts_the_later_sitemap_pages_and_removes_the_last(
        self, published_tree, make_article, publish, two_per_page, django_capture_on_commit_callbacks
    ):
        articles = [make_article(title=f"第{n}篇", published_at=beijing(2024, 1, 1 + n, 9, 0)) for n in range(5)]
        site_publish_queue()
        pages_publish_waiting()
        third = file_of(published_tree, "sitemap-articles-p3.xml")
        assert f"/article/{articles[4].pk}/" in third.read_text()
        with django_capture_on_commit_callbacks(execute=True):
            article_withdraw(article=articles[0], actor=SYSTEM, remark="内容有误")
        pages_publish_waiting()
        assert not third.exists()
        second = file_of(published_tree, "sitemap-articles-p2.xml").read_text()
        assert f"/article/{articles[4].pk}/" in second
        first = file_of(published_tree, "sitemap-articles.xml").read_text()
        assert f"/article/{articles[0].pk}/" not in first
        assert f"/article/{articles[2].pk}/" in first


class TestClocks:
    def test_a_page_queued_by_a_clock_ahead_of_the_writers_is_written_once(self, published_tree, site, monkeypatch):
        from datetime import timedelta

        from django.utils import timezone

        from publishing import services

        site_publish_queue()
        PageFile.objects.exclude(path="/").delete()
        PageFile.objects.update(queued_at=timezone.now() + timedelta(hours=1))  # another machine's clock
        calls = []

        def publish_counted(*args):
            calls.append(args)
            if len(calls) > 3:
                raise RuntimeError("the same page again and again")
            return page_publish(*args)

        page_publish = services.page_publish
        monkeypatch.setattr(services, "page_publish", publish_counted)
        assert pages_publish_waiting() == (1, 0)
        assert len(calls) == 1
        assert not waiting_paths()


class TestOrder:
    def test_a_new_publication_is_written_before_a_whole_site_rewrite_waiting(
        self, published_tree, make_article, monkeypatch, django_capture_on_commit_callbacks
    ):
        from publishing import services

        for number in range(5):
            make_article(title=f"旧文章{number}", published_at=beijing(2024, 1, 1 + number, 9, 0))
        site_publish_queue()
        with django_capture_on_commit_callbacks(execute=True):
            fresh = make_article(title="刚发布的文章", published_at=beijing(2024, 2, 1, 9, 0))
        order = []
        render = services.page_render
        monkeypatch.setattr(services, "page_render", lambda path, **kw: (order.append(path), render(path, **kw))[1])
        pages_publish_waiting()
        assert order[0] == f"/article/{fresh.pk}/"


class TestTheEditorsRequest:
    def test_the_commit_queues_the_article_and_leaves_the_lists_to_the_writer(
        self, published_tree, make_article, django_capture_on_commit_callbacks
    ):
        from publishing.models import ListChange

        older = [make_article(title=f"旧文章{n}", published_at=beijing(2024, 1, 1 + n, 9, 0)) for n in range(25)]
        with django_capture_on_commit_callbacks(execute=True):
            fresh = make_article(title="刚发布的文章", published_at=beijing(2024, 3, 1, 9, 0))
        assert waiting_paths() == {f"/article/{fresh.pk}/", f"/article/{older[-1].pk}/", "/"}
        assert ListChange.objects.count() == 1
        pages_publish_waiting()
        assert not ListChange.objects.exists()
        assert not waiting_paths()
        assert "刚发布的文章" in file_of(published_tree, "column/dongtai/index.html").read_text()
        assert "旧文章0" in file_of(published_tree, "column/dongtai/page-2.html").read_text()
        assert "刚发布的文章" in file_of(published_tree, "feed/index.xml").read_text()

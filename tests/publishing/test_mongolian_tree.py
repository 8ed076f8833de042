"""The 蒙古文版 in the published tree: PUBLISH_ROOT/<key>/mn/…, written by
the same views with Mongolian active, kept in step with the Mongolian
fields, and gone with the site's 蒙古文版."""

import pytest
from django.test import Client
from django.utils import translation

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_withdraw
from publishing.models import PageFile
from publishing.paths import page_file_name
from publishing.services import pages_publish_waiting, site_publish_queue
from tests.conftest import MN_TITLE, beijing


def file_of(root, path):
    return root / "main" / path


def _file_name(path):
    return page_file_name("main", path).split("/", 1)[1]


@pytest.fixture
def tasks_run_at_once(monkeypatch):
    """The worker's tasks run as soon as they are queued (the whole-site rewrite a site or column change queues)."""
    from publishing import tasks

    monkeypatch.setattr(tasks, "_enqueue_once", lambda task, site: task.func(site))


def rebuild():
    site_publish_queue()
    written, failed = pages_publish_waiting()
    assert failed == 0
    return written


class TestWholeSite:
    def test_the_mongolian_pages_are_written_under_mn(self, published_tree, make_mongolian_article, make_article):
        article = make_mongolian_article(title="有蒙古文的文章")
        chinese_only = make_article(title="只有中文的文章")
        rebuild()
        page = file_of(published_tree, f"mn/article/{article.pk}/index.html").read_text()
        assert MN_TITLE in page
        assert 'lang="mn-Mong"' in page
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/index.html").read_text()
        for name in ("mn/column/dongtai/index.html", "mn/column/gongkai/index.html", "mn/sitemap/index.html"):
            assert file_of(published_tree, name).exists(), name
        assert file_of(published_tree, "mn/feed/index.xml").exists()
        assert file_of(published_tree, "mn/column/dongtai/feed/index.xml").exists()
        assert not file_of(published_tree, f"mn/article/{chinese_only.pk}/index.html").exists()
        assert "只有中文的文章" not in file_of(published_tree, "mn/column/dongtai/index.html").read_text()

    @pytest.mark.parametrize(
        "path", ["/mn/", "/mn/column/dongtai/", "/mn/feed/", "/mn/column/dongtai/feed/", "/mn/sitemap/", "article"]
    )
    def test_a_mongolian_file_is_the_page_an_anonymous_visitor_gets(self, published_tree, make_mongolian_article, path):
        article = make_mongolian_article()
        make_mongolian_article(title="第二篇", published_at=beijing(2024, 6, 2, 9, 0))
        rebuild()
        path = f"/mn/article/{article.pk}/" if path == "article" else path
        name = path.lstrip("/") + ("index.xml" if path.endswith("/feed/") else "index.html")
        served = Client(HTTP_HOST="www.example.gov.cn").get(path)
        assert served.status_code == 200
        assert file_of(published_tree, name).read_bytes() == served.content

    def test_the_mongolian_column_pages_count_only_the_articles_with_a_mongolian_version(
        self, published_tree, make_mongolian_article, make_article
    ):
        for number in range(22):
            make_mongolian_article(title=f"蒙汉{number}", published_at=beijing(2024, 1, 1 + number, 9, 0))
            make_article(title=f"只有中文{number}", published_at=beijing(2024, 2, 1 + number, 9, 0))
        rebuild()
        client = Client(HTTP_HOST="www.example.gov.cn")
        for path, name in (("/mn/column/dongtai/", "index.html"), ("/mn/column/dongtai/?page=2", "page-2.html")):
            assert file_of(published_tree, f"mn/column/dongtai/{name}").read_bytes() == client.get(path).content
        assert not file_of(published_tree, "mn/column/dongtai/page-3.html").exists()
        assert file_of(published_tree, "column/dongtai/page-3.html").exists()

    def test_a_big_batch_reading_its_articles_together_writes_the_same_pages(
        self, published_tree, make_mongolian_article, make_article
    ):
        from publishing.prefetch import PREFETCH_MIN_ARTICLES

        articles = []
        for number in range(PREFETCH_MIN_ARTICLES + 5):
            when = beijing(2024, 1, 1, 9, number)
            articles.append(
                make_mongolian_article(title=f"蒙汉{number}", published_at=when, title_mn=f"ᠮᠡᠳᠡᠭᠡ {number}")
            )
            make_article(title=f"只有中文{number}", published_at=when)
        site_publish_queue()
        assert pages_publish_waiting(batch_size=1000)[1] == 0
        client = Client(HTTP_HOST="www.example.gov.cn")
        for article in (articles[0], articles[len(articles) // 2], articles[-1]):
            for prefix in ("", "mn/"):
                served = client.get(f"/{prefix}article/{article.pk}/").content
                assert file_of(published_tree, f"{prefix}article/{article.pk}/index.html").read_bytes() == served

    def test_the_chinese_pages_stay_chinese_after_mongolian_ones_are_written(
        self, published_tree, make_mongolian_article
    ):
        article = make_mongolian_article(title="中文标题")
        rebuild()
        page = file_of(published_tree, f"article/{article.pk}/index.html").read_bytes()
        assert page == Client(HTTP_HOST="www.example.gov.cn").get(f"/article/{article.pk}/").content
        assert 'lang="zh-CN"' in page.decode()
        assert translation.get_language() != "mn-mong"

    def test_a_site_without_a_mongolian_version_has_no_mn_folder(self, published_tree, make_article):
        make_article(title="中文文章", title_mn=MN_TITLE, body_mn="<p>ᠰᠤᠮᠤ</p>")
        rebuild()
        assert not file_of(published_tree, "mn").exists()
        assert not PageFile.objects.filter(path__startswith="/mn/").exists()


class TestChanges:
    def test_a_new_mongolian_article_is_written_with_its_mongolian_lists(
        self, published_tree, make_mongolian_article, publish
    ):
        rebuild()
        article = publish(lambda: make_mongolian_article(title="新文章"))
        assert MN_TITLE in file_of(published_tree, f"mn/article/{article.pk}/index.html").read_text()
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/index.html").read_text()
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/column/dongtai/index.html").read_text()
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/column/gongkai/index.html").read_text()
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/feed/index.xml").read_text()

    def test_a_changed_mongolian_title_rewrites_its_page_and_lists(
        self, published_tree, make_mongolian_article, publish
    ):
        article = publish(lambda: make_mongolian_article())
        written_before = PageFile.objects.get(path="/mn/column/dongtai/").written_at

        def edit():
            article.title_mn = "ᠰᠢᠨ᠎ᠡ ᠮᠡᠳᠡᠭᠡ"
            return article_save(article=article, actor=SYSTEM)

        publish(edit)
        assert "ᠰᠢᠨ᠎ᠡ ᠮᠡᠳᠡᠭᠡ" in file_of(published_tree, f"mn/article/{article.pk}/index.html").read_text()
        assert PageFile.objects.get(path="/mn/column/dongtai/").written_at > written_before

    def test_a_mongolian_version_added_later_writes_the_mongolian_page(
        self, published_tree, make_article, mongolian, publish
    ):
        article = publish(lambda: make_article(title="先有中文"))
        page = file_of(published_tree, f"mn/article/{article.pk}/index.html")
        assert not page.exists()

        def translate():
            article.title_mn = MN_TITLE
            article.body_mn = "<p>ᠰᠤᠮᠤ</p>"
            return article_save(article=article, actor=SYSTEM)

        publish(translate)
        assert MN_TITLE in page.read_text()
        assert f"/mn/article/{article.pk}/" in file_of(published_tree, "mn/column/dongtai/index.html").read_text()

    def test_an_article_losing_its_mongolian_version_leaves_the_mongolian_tree_at_once(
        self, published_tree, make_mongolian_article, publish, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_mongolian_article(title="中文仍在"))
        page = file_of(published_tree, f"mn/article/{article.pk}/index.html")
        assert page.exists()
        article.body_mn = ""
        with django_capture_on_commit_callbacks(execute=True):
            article_save(article=article, actor=SYSTEM)
        assert not page.exists()
        pages_publish_waiting()
        assert not page.exists()
        assert f"/mn/article/{article.pk}/" not in file_of(published_tree, "mn/column/dongtai/index.html").read_text()
        assert file_of(published_tree, f"article/{article.pk}/index.html").exists()

    def test_a_withdrawn_article_leaves_both_trees_at_once(
        self, published_tree, make_mongolian_article, publish, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_mongolian_article())
        pages = [file_of(published_tree, f"{prefix}article/{article.pk}/index.html") for prefix in ("", "mn/")]
        assert all(page.exists() for page in pages)
        with django_capture_on_commit_callbacks(execute=True):
            article_withdraw(article=article, actor=SYSTEM, remark="内容有误")
        assert not any(page.exists() for page in pages)

    def test_the_mongolian_neighbour_is_rewritten_with_its_new_next_article(
        self, published_tree, make_mongolian_article, make_article, publish
    ):
        older = publish(lambda: make_mongolian_article(title="较早", published_at=beijing(2024, 6, 1, 9, 0)))
        publish(lambda: make_article(title="中间只有中文", published_at=beijing(2024, 6, 2, 9, 0)))
        newer = publish(lambda: make_mongolian_article(title="较新", published_at=beijing(2024, 6, 3, 9, 0)))
        assert f"/mn/article/{newer.pk}/" in file_of(published_tree, f"mn/article/{older.pk}/index.html").read_text()

    def test_a_column_name_in_mongolian_rewrites_the_mongolian_pages(
        self, published_tree, make_mongolian_article, columns, publish, tasks_run_at_once
    ):
        publish(lambda: make_mongolian_article())
        rebuild()
        paths = list(PageFile.objects.filter(path__startswith="/mn/").values_list("path", flat=True))
        assert len(paths) > 5
        written = {path: file_of(published_tree, _file_name(path)).stat().st_mtime_ns for path in paths}

        def rename():
            columns["headlines"].name_mn = "ᠴᠢᠬᠤᠯᠠ ᠮᠡᠳᠡᠭᠡ"
            columns["headlines"].save()

        publish(rename)
        for path, mtime in written.items():
            assert file_of(published_tree, _file_name(path)).stat().st_mtime_ns > mtime, path


class TestSiteSwitch:
    def test_opening_the_mongolian_version_writes_the_mn_tree(
        self, published_tree, make_article, site, publish, tasks_run_at_once
    ):
        article = make_article(title_mn=MN_TITLE, body_mn="<p>ᠰᠤᠮᠤ</p>")
        rebuild()
        assert not file_of(published_tree, "mn/index.html").exists()

        def open_mongolian():
            site.mongolian_enabled = True
            site.save()

        publish(open_mongolian)
        assert file_of(published_tree, "mn/index.html").exists()
        assert file_of(published_tree, f"mn/article/{article.pk}/index.html").exists()

    def test_closing_the_mongolian_version_removes_the_mn_tree_at_once(
        self, published_tree, make_mongolian_article, mongolian, django_capture_on_commit_callbacks
    ):
        make_mongolian_article()
        rebuild()
        assert file_of(published_tree, "mn/index.html").exists()
        mongolian.mongolian_enabled = False
        with django_capture_on_commit_callbacks(execute=True):
            mongolian.save()
        assert not file_of(published_tree, "mn").exists()
        assert not PageFile.objects.filter(path__startswith="/mn/").exists()
        pages_publish_waiting()
        assert not file_of(published_tree, "mn").exists()


class TestChangesBypassingSignals:
    def test_a_restored_database_without_the_mongolian_version_removes_its_page(
        self, published_tree, make_mongolian_article
    ):
        from news.models import Article
        from publishing.services import article_pages_unknown_remove

        article = make_mongolian_article()
        rebuild()
        page = file_of(published_tree, f"mn/article/{article.pk}/index.html")
        assert page.exists()
        Article.objects.filter(pk=article.pk).update(has_mongolian=False, title_mn="", body_mn="")
        assert article_pages_unknown_remove("main") == 1
        assert not page.exists()
        assert file_of(published_tree, f"article/{article.pk}/index.html").exists()

    def test_an_import_that_unpublished_an_article_removes_its_mongolian_page(
        self, published_tree, make_mongolian_article
    ):
        from news.models import Article, ArticleStatus
        from publishing.services import articles_unpublished_remove

        article = make_mongolian_article()
        rebuild()
        Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
        assert articles_unpublished_remove([article.pk]) == [article.pk]
        assert not file_of(published_tree, f"mn/article/{article.pk}/index.html").exists()
        assert not file_of(published_tree, f"article/{article.pk}/index.html").exists()


class TestChangedSince:
    def test_an_article_that_lost_its_mongolian_version_is_taken_off_the_mongolian_pages(
        self, published_tree, make_mongolian_article, make_article
    ):
        from django.utils import timezone

        from news.models import Article
        from publishing.targets import changed_since_targets

        kept = make_mongolian_article(title="仍有蒙古文", published_at=beijing(2024, 6, 1, 9, 0))
        lost = make_mongolian_article(title="失去蒙古文", published_at=beijing(2024, 6, 2, 9, 0))
        rebuild()
        since = timezone.now()
        Article.objects.filter(pk=lost.pk).update(has_mongolian=False, body_mn="", updated_at=since)
        paths = {target.path for target in changed_since_targets(since, "main")}
        assert f"/mn/article/{lost.pk}/" in paths
        assert {"/mn/column/dongtai/", "/mn/column/gongkai/", "/mn/feed/", f"/mn/article/{kept.pk}/"} <= paths
        Article.objects.filter(pk=kept.pk).update(title_mn="ᠰᠢᠨ᠎ᠡ", updated_at=since)
        paths = {target.path for target in changed_since_targets(since, "main")}
        assert {f"/mn/article/{kept.pk}/", "/mn/column/dongtai/", "/mn/feed/"} <= paths


class TestSitemapPagesOfABilingualSite:
    """Django's sitemap pages over (article, language): an article with a
    Mongolian version takes two entries."""

    def test_a_new_article_is_written_on_the_sitemap_page_that_lists_it(
        self, published_tree, make_mongolian_article, two_per_page, django_capture_on_commit_callbacks
    ):
        for number in range(3):
            make_mongolian_article(title=f"第{number}篇", published_at=beijing(2024, 1, 1 + number, 9, 0))
        rebuild()
        with django_capture_on_commit_callbacks(execute=True):
            newest = make_mongolian_article(title="最新", published_at=beijing(2024, 1, 9, 9, 0))
        pages_publish_waiting()
        # Three articles before it take six entries: the newest is on page 4.
        fourth = file_of(published_tree, "sitemap-articles-p4.xml").read_text()
        assert f"/mn/article/{newest.pk}/" in fourth and f"/article/{newest.pk}/" in fourth
        served = Client(HTTP_HOST="www.example.gov.cn").get("/sitemap-articles.xml", {"p": 4})
        assert served.content.decode() == fourth

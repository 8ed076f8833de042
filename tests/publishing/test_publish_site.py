"""manage.py publish_site: the whole tree, or what changed since a time, in
one or several processes; failures named; bad arguments refused in Chinese."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_withdraw
from publishing import prefetch, services
from publishing.models import PageFile
from tests.conftest import TEST_NOW, beijing


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("publish_site", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def tree(root):
    """Every file of the tree: name -> bytes."""
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def next_day(days=1):
    """A day after the test clock's start (tests/conftest.py TEST_NOW)."""
    return TEST_NOW.date() + timedelta(days=days)


def at_nine(day):
    return beijing(day.year, day.month, day.day, 9, 0)


def articles_in_two_columns(make_article, columns, count=25):
    news = [make_article(title=f"动态第{n}篇", published_at=beijing(2024, 1, 1 + n, 9, 0)) for n in range(count)]
    headline = make_article(title="要闻一篇", column=columns["headlines"], published_at=beijing(2024, 3, 1, 9, 0))
    return news, headline


class TestWholeSite:
    def test_every_page_is_written_and_none_waits(self, published_tree, make_article, columns):
        news, headline = articles_in_two_columns(make_article, columns)
        out, _ = run("--processes", "1")
        main = published_tree / "main"
        for article in [*news, headline]:
            assert (main / f"article/{article.pk}/index.html").exists()
        for name in (
            "index.html",
            "column/dongtai/index.html",
            "column/dongtai/page-2.html",
            "column/yaowen/index.html",
            "feed/index.xml",
            "sitemap.xml",
            "robots.txt",
            "_errors/503.html",
        ):
            assert (main / name).exists(), name
        assert not PageFile.objects.waiting().exists()
        assert PageFile.objects.filter(written_at__isnull=False).count() == PageFile.objects.count()
        assert f"写出 {PageFile.objects.count()} 个,失败 0 个" in out

    def test_the_written_article_is_the_page_a_visitor_gets(self, published_tree, make_article, columns):
        news, _ = articles_in_two_columns(make_article, columns, count=3)
        run("--processes", "1")
        served = Client().get(f"/article/{news[1].pk}/").content
        assert (published_tree / "main" / f"article/{news[1].pk}/index.html").read_bytes() == served

    def test_a_page_queued_again_while_its_batch_is_written_stays_waiting(
        self, published_tree, make_article, columns, monkeypatch
    ):
        article = make_article(title="写出时又被修改")
        written = services.page_publish
        home_writes = []

        def publish_then_requeue(storage, address, row, context=None):
            status = written(storage, address, row, context)
            if row.path == "/":
                home_writes.append(row.pk)
                if len(home_writes) == 1:  # an editor's change lands while the batch is being written
                    PageFile.objects.filter(path=row.path).update(queued_at=timezone.now())
            return status

        monkeypatch.setattr(services, "page_publish", publish_then_requeue)
        run("--processes", "1")
        assert (published_tree / "main" / f"article/{article.pk}/index.html").exists()
        assert len(home_writes) == 2  # written again after the change
        assert not PageFile.objects.waiting().exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


class TestProgress:
    def test_a_terminal_sees_a_progress_bar_and_a_log_only_the_summary(self, published_tree, make_article):
        make_article(title="进度条")
        terminal = Terminal()
        call_command("publish_site", "--processes", "1", stdout=io.StringIO(), stderr=terminal)
        assert "写出页面" in terminal.getvalue()
        log = io.StringIO()
        out = io.StringIO()
        call_command("publish_site", "--processes", "1", stdout=out, stderr=log)
        assert log.getvalue() == ""
        assert len(out.getvalue().strip().splitlines()) == 1


class TestChangedSince:
    def test_only_the_pages_an_edited_article_touches_are_written_again(
        self, published_tree, make_article, columns, time_machine
    ):
        news, headline = articles_in_two_columns(make_article, columns)
        run("--processes", "1")
        main = published_tree / "main"
        untouched = {
            name: (main / name).stat().st_mtime_ns
            for name in (
                f"article/{headline.pk}/index.html",
                f"article/{news[3].pk}/index.html",
                "column/yaowen/index.html",
                "column/dongtai/page-2.html",
            )
        }
        day = next_day()
        time_machine.move_to(at_nine(day), tick=True)
        edited = news[20]
        edited.title = "修改后的标题"
        article_save(article=edited, actor=SYSTEM)  # no worker ran: the tree is stale
        out, _ = run("--processes", "1", "--changed-since", f"{day:%Y-%m-%d}")
        assert "修改后的标题" in (main / f"article/{edited.pk}/index.html").read_text()
        assert "修改后的标题" in (main / f"article/{news[19].pk}/index.html").read_text()  # its neighbour
        assert "修改后的标题" in (main / f"article/{news[21].pk}/index.html").read_text()
        assert "修改后的标题" in (main / "column/dongtai/index.html").read_text()
        assert "修改后的标题" in (main / "index.html").read_text()
        for name, mtime in untouched.items():
            assert (main / name).stat().st_mtime_ns == mtime, name
        assert f"{day:%Y-%m-%d} 00:00 以来变化所影响的页面" in out

    def test_a_withdrawn_article_loses_its_page_and_its_listing(
        self, published_tree, make_article, columns, time_machine
    ):
        news, _ = articles_in_two_columns(make_article, columns, count=3)
        run("--processes", "1")
        main = published_tree / "main"
        day = next_day()
        time_machine.move_to(at_nine(day), tick=True)
        gone = news[1]
        PageFile.objects.filter(article_id=gone.pk).update(written_at=timezone.now())
        article_withdraw(article=gone, actor=SYSTEM, remark="内容有误")
        run("--processes", "1", "--changed-since", f"{day:%Y-%m-%d}T08:30")
        assert not (main / f"article/{gone.pk}/index.html").exists()
        assert gone.title not in (main / "column/dongtai/index.html").read_text()
        assert gone.title not in (main / f"article/{news[0].pk}/index.html").read_text()

    def test_nothing_changed_writes_nothing(self, published_tree, make_article, columns, time_machine):
        make_article(title="旧文章")
        run("--processes", "1")
        home = published_tree / "main" / "index.html"
        before = home.stat().st_mtime_ns
        day = next_day(5)
        time_machine.move_to(at_nine(day), tick=True)
        out, _ = run("--processes", "1", "--changed-since", f"{day - timedelta(days=1):%Y-%m-%d} 12:00")
        assert home.stat().st_mtime_ns == before
        assert "写出 0 个" in out


@pytest.mark.django_db(transaction=True)
class TestProcesses:
    def test_two_processes_write_the_same_tree_as_one(self, published_tree, make_article, columns):
        articles_in_two_columns(make_article, columns)
        make_article(title="通知一则", column=columns["notices"])  # an empty feed would be dated "now"
        run("--processes", "1")
        one = tree(published_tree)
        for path in published_tree.rglob("*"):
            if path.is_file():
                path.unlink()
        out, _ = run("--processes", "2")
        assert tree(published_tree) == one
        assert "2 个进程" in out
        assert not PageFile.objects.waiting().exists()


class TestFailures:
    def test_failed_pages_are_named_and_the_exit_status_is_1(self, published_tree, make_article, columns, monkeypatch):
        article = make_article(title="会写失败的文章")
        rendered = services.page_render

        def render(path, **options):
            if path == f"/article/{article.pk}/":
                raise ValueError("模板出错")
            return rendered(path, **options)

        monkeypatch.setattr(services, "page_render", render)
        with pytest.raises(SystemExit) as exit_:
            run("--processes", "1")
        assert exit_.value.code == 1
        row = PageFile.objects.get(path=f"/article/{article.pk}/")
        assert row.error == "ValueError: 模板出错"
        assert (published_tree / "main" / "index.html").exists()

    def test_the_failure_message_lists_the_page(self, published_tree, make_article, columns, monkeypatch, capsys):
        article = make_article(title="会写失败的文章")
        rendered = services.page_render
        monkeypatch.setattr(
            services,
            "page_render",
            lambda path, **o: (
                (_ for _ in ()).throw(OSError("磁盘已满")) if path == f"/article/{article.pk}/" else rendered(path, **o)
            ),
        )
        err = io.StringIO()
        with pytest.raises(SystemExit):
            call_command("publish_site", "--processes", "1", stdout=io.StringIO(), stderr=err)
        assert "1 个页面写出失败" in err.getvalue()
        assert f"/article/{article.pk}/  OSError: 磁盘已满" in err.getvalue()


class TestBadArguments:
    @pytest.mark.parametrize("when", ["昨天", "2026-13-01", "16/06/2026"])
    def test_an_unreadable_time_is_refused(self, db, when):
        with pytest.raises(CommandError, match="无法识别"):
            run("--changed-since", when)

    def test_a_time_in_the_future_is_refused(self, db):
        with pytest.raises(CommandError, match="晚于现在"):
            run("--changed-since", f"{next_day(16):%Y-%m-%d}")

    @pytest.mark.parametrize("count", ["0", "-2", "两个"])
    def test_a_process_count_below_one_is_refused(self, db, count):
        with pytest.raises(CommandError, match="--processes 应为不小于 1 的整数"):
            run("--processes", count)


class TestBatchReads:
    def test_a_batch_read_together_writes_the_same_article_pages(
        self, published_tree, make_article, columns, monkeypatch
    ):
        news, _ = articles_in_two_columns(make_article, columns, count=5)
        monkeypatch.setattr(prefetch, "PREFETCH_MIN_ARTICLES", 1)
        run("--processes", "1")
        client = Client()
        for article in news:
            served = client.get(f"/article/{article.pk}/").content
            assert (published_tree / "main" / f"article/{article.pk}/index.html").read_bytes() == served

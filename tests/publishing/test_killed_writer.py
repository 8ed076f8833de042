"""A writer killed in the middle of a regeneration (SIGKILL: no cleanup runs)
leaves no partial page in the tree, nginx never serves its temporary file,
and the next run writes what it had not."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from news.models.site import DEFAULT_SITE_KEY as DEFAULT_SITE
from news.public.preferences import preference_variants
from publishing.models import PageFile
from publishing.paths import ERROR_PAGES, page_file_name
from publishing.services import CLAIM_SECONDS, pages_publish_waiting, site_publish_queue
from publishing.storage import STALE_PART_SECONDS, publish_storage, stale_parts_remove
from tests.gunicorn import ROOT, child_environment, run_database
from tests.nginx import Nginx, free_port
from tests.publishing.conftest import anonymous_get

# A regeneration of the whole site, in a child process, that stops for good
# half-way through writing its `pause_at`-th page: the first half of the
# bytes is on disk, in the page's temporary file, when the test kills it.
WRITER = """
import os, sys, time
import django
import time_machine

# The test's clock (frozen by tests/conftest.py, then running): the
# queue's times must not be ahead of the test's own next run.
time_machine.travel(os.environ["PORTAL_TEST_CLOCK"], tick=True).start()
django.setup()
from publishing.services import CLAIM_SECONDS, pages_publish_waiting, site_publish_queue

pause_at, writes, fdopen = int(sys.argv[1]), [], os.fdopen


class Stalling:
    def __init__(self, out):
        self.out = out

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.out.__exit__(*exc)

    def write(self, data):
        writes.append(1)
        if len(writes) == pause_at:
            self.out.write(data[: len(data) // 2])
            self.out.flush()
            print("paused", flush=True)
            time.sleep(120)
        return self.out.write(data)


os.fdopen = lambda fd, *args, **kwargs: Stalling(fdopen(fd, *args, **kwargs))
site_publish_queue()
# Article pages first (a whole-site rewrite puts them last), so that the
# writer is killed in the middle of one.
from publishing.models import PageFile
# (The Chinese ones: the 蒙古文版's article pages share their article ids.)
PageFile.objects.filter(article_id__isnull=False).exclude(path__startswith="/mn/").update(priority=0)
pages_publish_waiting()
print("finished", flush=True)
"""
# The site's own files come first (error pages, preference sheets), then
# article pages: 5 whole, the 6th half.
EXTRAS = len(ERROR_PAGES) + len(preference_variants())
PAUSE_AT = EXTRAS + 6


def temporary_files(root):
    return sorted(root.rglob(".tmp-*.part"))


def run_writer_until_paused(home):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(PAUSE_AT)],
        cwd=ROOT,
        env={**child_environment(run_database(), home), "PORTAL_TEST_CLOCK": timezone.now().isoformat()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.append(writer.stdout.readline()), daemon=True)
    reader.start()
    reader.join(120)
    if lines != ["paused\n"]:
        writer.kill()
        raise AssertionError(f"the writer did not pause: {lines} {writer.stderr.read()}")
    return writer


@pytest.fixture
def killed_writer(published_site):
    """The article pages removed from the tree, then a regeneration started
    in a child process and killed with SIGKILL half-way through a page."""
    root = published_site["root"]
    for article_id in published_site["article_ids"]:
        (root / page_file_name(DEFAULT_SITE, f"/article/{article_id}/")).unlink()
    home = Path(tempfile.mkdtemp(prefix="portal-test-writer-"))
    writer = run_writer_until_paused(home)
    os.killpg(writer.pid, signal.SIGKILL)
    writer.wait(10)
    writer.stdout.close()
    writer.stderr.close()
    yield root
    shutil.rmtree(home, ignore_errors=True)
    for stray in temporary_files(root):
        stray.unlink()
    pages_publish_waiting()


@pytest.fixture
def article_pages(published_site):
    """Each article's file name and the bytes Django serves for it."""
    return {
        page_file_name(DEFAULT_SITE, f"/article/{pk}/"): anonymous_get(f"/article/{pk}/").content
        for pk in published_site["article_ids"]
    }


# Committed data: the writer is another process. The test flushes the
# database at its end, after the module's site is no longer needed.
@pytest.mark.django_db(transaction=True)
class TestKilledWriter:
    def test_no_partial_page_is_left_nginx_never_serves_the_temporary_file_and_the_next_run_completes_it(
        self, published_site, killed_writer, article_pages, time_machine
    ):
        root = killed_writer
        (partial,) = temporary_files(root)  # the page it was killed writing
        assert not partial.read_bytes().rstrip().endswith(b"</html>")

        # Every page in the tree is whole: what Django serves, byte for byte.
        written = [name for name in article_pages if (root / name).exists()]
        assert len(written) == PAUSE_AT - 1 - EXTRAS
        for name in written:
            assert (root / name).read_bytes() == article_pages[name]
        for page in root.rglob("*.html"):
            assert page.read_bytes().rstrip().endswith(b"</html>"), page
        for path, content in published_site["served"].items():
            if not path.startswith("/article/"):
                assert (root / page_file_name(DEFAULT_SITE, path)).read_bytes() == content, path

        # nginx serves no temporary file, whatever it is asked.
        proxy = Nginx(free_port()).start()  # no application behind it
        try:
            partial_path = "/" + str(partial.relative_to(root / DEFAULT_SITE))
            for path in (partial_path, partial_path + "/", partial_path.rsplit("/", 1)[0] + "/"):
                response = proxy.get(path)
                assert partial.read_bytes() not in response.body, path
                assert response.status in (200, 503), path
                if response.status == 200:
                    assert response.body.rstrip().endswith(b"</html>"), path
        finally:
            proxy.stop()

        # The killed run recorded nothing as written: once its claim on its
        # batch has expired, the next run writes every page again, and the
        # ones it had not reached.
        chinese_article_pages = (
            PageFile.objects.waiting().filter(article_id__isnull=False).exclude(path__startswith="/mn/")
        )
        assert chinese_article_pages.count() == len(article_pages)
        time_machine.move_to(timezone.now() + timedelta(seconds=CLAIM_SECONDS + 5), tick=True)
        written, failed = pages_publish_waiting()
        assert failed == 0
        assert not PageFile.objects.waiting().exists()
        for name, content in article_pages.items():
            assert (root / name).read_bytes() == content, name

        # The temporary file is fresh: a writer may still be at work on it.
        assert stale_parts_remove(publish_storage()) == 0
        assert partial.exists()


@pytest.mark.django_db
class TestStaleTemporaryFiles:
    def test_only_temporary_files_older_than_the_limit_are_removed(self, published_tree):
        folder = published_tree / DEFAULT_SITE / "article" / "5"
        folder.mkdir(parents=True)
        old = folder / ".tmp-old1234.part"
        fresh = folder / ".tmp-new5678.part"
        page = folder / "index.html"
        lookalike = folder / "tmp-old.part"
        for file in (old, fresh, page, lookalike):
            file.write_bytes(b"<html>")
        # Stamps as the file system keeps them (the test clock is not its clock).
        now = page.stat().st_mtime
        long_ago = now - STALE_PART_SECONDS - 60
        for file in (old, page, lookalike):
            os.utime(file, (long_ago, long_ago))
        just_now = now - 5  # a writer at work
        os.utime(fresh, (just_now, just_now))
        assert stale_parts_remove(publish_storage()) == 1
        assert not old.exists()
        assert fresh.exists() and page.exists() and lookalike.exists()

    def test_the_file_systems_clock_decides_not_this_processs(self, published_tree, time_machine):
        """A machine (or test) clock far ahead of the file system's must not
        make a writer's fresh file look abandoned; the probe leaves nothing."""
        folder = published_tree / DEFAULT_SITE
        folder.mkdir(parents=True)
        fresh = folder / ".tmp-busy.part"
        fresh.write_bytes(b"<html>")
        time_machine.move_to(timezone.now() + timedelta(days=400), tick=True)
        assert stale_parts_remove(publish_storage()) == 0
        assert [path.name for path in folder.iterdir()] == [fresh.name]

    def test_a_whole_site_regeneration_clears_what_killed_writers_left(self, published_tree, site):
        stray = published_tree / DEFAULT_SITE / ".tmp-killed.part"
        stray.parent.mkdir(parents=True)
        stray.write_bytes(b"<html><body>half")
        long_ago = stray.stat().st_mtime - STALE_PART_SECONDS - 60
        os.utime(stray, (long_ago, long_ago))
        site_publish_queue()
        assert not stray.exists()

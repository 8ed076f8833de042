"""An archive office opens a package's page offline in Chromium."""

import zipfile

import pytest

from archive.selection import filters_parse
from archive.services import archive_export
from news.demo import township_load
from news.models import Article
from tests.archive.conftest import illustrated_article, media_files, png_bytes  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unzipped(tmp_path, site, columns, illustrated_article):  # noqa: F811
    township_load()  # the demo's township in the test site
    result = archive_export(filters=filters_parse(), fmt="package", out=tmp_path / "offline.zip", with_pdf=False)
    with zipfile.ZipFile(result.path) as archive:
        archive.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / "offline" / "data" / "articles"


def folder_of(article):
    return article.index_number.replace("/", "_")


class TestOfflinePage:
    def test_the_seed_article_opens_from_disk_with_its_stylesheet_and_images(self, page, unzipped):
        seed = Article.objects.get(title__startswith="苏力德苏木:做好")
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.route("http*://**", lambda route: route.abort())  # no network: it must all be on disk
        page.goto((unzipped / folder_of(seed) / "index.html").as_uri())
        assert page.get_by_role("heading", level=1).inner_text() == seed.title
        assert "以铸牢中华民族共同体意识为主线" in page.locator(".article-body").inner_text()
        # The stylesheet is applied: the body text is in the portal's layout, not the browser default.
        font = page.eval_on_selector("body", "b => getComputedStyle(b).fontFamily")
        assert "WenQuanYi Micro Hei" in font
        assert page.eval_on_selector(".site-footer", "f => getComputedStyle(f).display") != "inline"
        badges = page.eval_on_selector_all(".site-footer img", "imgs => imgs.map(i => i.complete && i.naturalWidth)")
        assert badges and all(badges), "the footer's images load from the package"
        assert not [url for url in failed if url.startswith("file:")]

    def test_an_article_with_a_photo_shows_it_offline(self, page, unzipped, illustrated_article):  # noqa: F811
        page.route("http*://**", lambda route: route.abort())
        page.goto((unzipped / folder_of(illustrated_article) / "index.html").as_uri())
        photo = page.get_by_role("img", name="现场照片")
        assert photo.evaluate("i => i.complete && i.naturalWidth") == 40
        link = page.get_by_role("link", name="附件:整治通知")
        assert link.get_attribute("href") == "files/files/通知.pdf"
        assert (unzipped / folder_of(illustrated_article) / "files/files/通知.pdf").is_file()

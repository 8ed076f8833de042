"""Browser tests: Playwright driving Debian's Chromium (never a downloaded one)."""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Under libfaketime (scripts/shifted-clocks.sh) Chromium never loads a page:
# it runs on the real clock, as it does beside the tests' own time travel.
BROWSER_ENV = (
    {name: value for name, value in os.environ.items() if name not in ("LD_PRELOAD", "FAKETIME")}
    if "FAKETIME" in os.environ
    else None
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per session: a second sync one cannot start beside it."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=BROWSER_ENV)
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


# Screenshots the suite keeps for people to look at (the office screen for the
# admin, a phone for the public site); CI and reviewers open them there.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ADMIN_SCREEN = {"width": 1366, "height": 900}
PHONE_SCREEN = {"width": 375, "height": 812}


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "what")` saves a full-page PNG under
    test-artifacts/screenshots/, named after the test, and returns its path."""

    def take(page, what):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{request.node.name}-{what}")
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
        return path

    return take


LONG_COLUMN_ARTICLES = 45


def demo_township(live_server):
    """Load the demo platform; 苏力德苏木's address on the live server (its
    /site/<key>/ prefix: the server's own host name is the banner's portal)
    and the seed article."""
    from django.core.management import call_command

    from news.demo import read_seed_article, township_site
    from news.models import Article

    call_command("load_demo", stdout=io.StringIO())
    township = township_site()
    seed = Article.objects.get(column__site=township, title=read_seed_article().title)
    return f"{live_server.url}/site/{township.key}", seed


@pytest.fixture
def public_pages(live_server):
    """The demo's 苏力德苏木 site with the seed article, plus a long column
    that pages.

    Returns the URL of every public page type, by a short name."""
    from datetime import timedelta

    from news.demo import BEIJING
    from news.editorial.actors import SYSTEM
    from news.editorial.services import article_publish
    from news.models import Article, Column

    base, seed = demo_township(live_server)
    township = seed.column.site
    column = Column.objects.get(site=township, slug="sumuzhen-dongtai")
    for number in range(1, LONG_COLUMN_ARTICLES + 1):
        article_publish(
            article=Article(
                column=column,
                title=f"苏力德苏木召开第{number}次党政联席会议",
                body=f"<p>会议研究了第{number}项工作。</p>",
            ),
            published_at=seed.published_at.astimezone(BEIJING) - timedelta(days=number),
            actor=SYSTEM,
        )
    # A policy document of the 公开 section with every 政务公开 field filled in.
    from datetime import date

    policy = article_publish(
        article=Article(
            column=Column.objects.get(site=township, slug="zhengce-wenjian"),
            title="苏力德苏木关于印发草原防火工作方案的通知",
            body="<p>现将方案印发给你们,请认真贯彻执行。</p>",
            document_number="苏政发〔2024〕12号",
            written_on=date(2024, 3, 1),
            subject="agriculture",
            genre="notice",
            validity="repealed",
            validity_date=date(2025, 3, 1),
        ),
        published_at=seed.published_at.astimezone(BEIJING) - timedelta(hours=1),
        actor=SYSTEM,
    )
    return {
        "home": f"{base}/",
        "column": f"{base}{column.get_absolute_url()}",
        "column-page-3": f"{base}{column.get_absolute_url()}?page=3",
        "section": f"{base}/column/gongkai/",
        "article": f"{base}{seed.get_absolute_url()}",
        "policy-article": f"{base}{policy.get_absolute_url()}",
        "not-found": f"{base}/column/no-such-column/",
        "search": f"{base}/search/?q=统战",
        "search-empty": f"{base}/search/",
        "site-map": f"{base}/sitemap/",
    }


@pytest.fixture
def elder_context(browser, live_server):
    """A visitor who chose 关怀版 earlier: the cookie the switch sets."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    yield context
    context.close()


# Host names of the many-sites tests (集约化): every *.test name is 127.0.0.1.
SITE_HOSTS_RULES = "--host-resolver-rules=MAP *.test 127.0.0.1"


@pytest.fixture(scope="module")
def hosts_browser(playwright):
    """Chromium resolving every *.test host name to this machine, so that
    sites routed by host name can be visited on the loopback servers."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, SITE_HOSTS_RULES], env=BROWSER_ENV
    )
    yield browser
    browser.close()


@pytest.fixture
def hosts_page(hosts_browser):
    context = hosts_browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()

"""In Chromium: the public pages and the admin run under the strict CSP with
no violation, and no known XSS payload executes, even with CSP bypassed."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.content_version import content_version_bump
from news.models import Article, Column, ColumnType, Site

from ..xss_payloads import PAYLOADS
from .reading_preferences import wait_for_body_font_variable

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Sulide-2024-news"

HOOKS = """
window.__violations = [];
window.__executed = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__executed.push(name + ':' + args.join(',')); };
}
"""


class Watched:
    """A page whose CSP violations, console errors, dialogs and hooked calls are recorded."""

    def __init__(self, context):
        context.add_init_script(HOOKS)
        self.page = context.new_page()
        self.console_errors, self.dialogs = [], []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def visit(self, url):
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        return self.page

    def problems(self):
        return {
            "violations": self.page.evaluate("window.__violations"),
            "executed": self.page.evaluate("window.__executed"),
            "console": [e for e in self.console_errors if "404" not in e],
            "dialogs": self.dialogs,
        }


def clean(problems):
    return not any(problems.values())


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url  # the banner's portal


def admin_sign_in(page, base, username="chief"):
    user = User.objects.get(username=username)
    device = TOTPDevice.objects.get(user=user)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


@pytest.fixture
def chief(db):
    user = User.objects.create_superuser("chief", "chief@example.gov.cn", PASSWORD)
    TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    return user


class TestContentSecurityPolicyInChromium:
    def test_public_pages_show_and_work_without_a_single_violation(self, context, demo):
        watched = Watched(context)
        article = Article.objects.filter(column__site__key="wsq").first()
        for path in ["/", article.column.get_absolute_url(), article.get_absolute_url(), "/no-such-page/"]:
            page = watched.visit(demo + path)
            assert clean(watched.problems()), (path, watched.problems())
        page = watched.visit(demo + article.get_absolute_url())
        page.get_by_role("link", name="字体大").first.click()  # portal.js still runs under the policy
        wait_for_body_font_variable(page, "20px")

    def test_the_admin_login_and_change_pages_work_without_a_violation(self, context, demo, chief):
        watched = Watched(context)
        page = watched.visit(f"{demo}/admin/login/")
        assert clean(watched.problems()), watched.problems()
        admin_sign_in(page, demo)
        article = Article.objects.first()
        for path in [
            "/admin/",
            "/admin/news/article/",
            f"/admin/news/article/{article.pk}/change/",
            "/admin/news/article/add/",
            "/admin/news/column/add/",
            "/admin/news/site/1/change/",
            "/admin/two-factor/",
        ]:
            watched.visit(demo + path)
            assert clean(watched.problems()), (path, watched.problems())
        # The admin's own scripts (date shortcuts, collapse, actions) still run.
        watched.visit(f"{demo}/admin/news/article/add/")
        page.click(".datetimeshortcuts a >> nth=0")
        assert page.input_value("#id_published_at_0") != ""


class TestTwoFactorInChromium:
    def test_a_new_superuser_enrols_by_scanning_and_typing_the_code(self, page, demo):
        from staff.enrolment import enrolment_link_issue

        chief = User.objects.create_superuser("newchief", "n@example.gov.cn", PASSWORD)
        page.goto(f"{demo}/admin/two-factor/link/{enrolment_link_issue(user=chief)}/")
        page.wait_for_url(f"{demo}/admin/login/**")
        page.fill("#id_username", "newchief")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{demo}/admin/two-factor/")
        assert page.locator(".otp-qr svg").is_visible()
        device = TOTPDevice.objects.get(user__username="newchief")
        page.fill("#id_token", f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}")
        page.click("input[type=submit]")
        page.wait_for_url(f"{demo}/admin/")
        assert "两步验证已启用" in page.content()


@pytest.fixture
def hostile_site(demo):
    """Every payload in every text field of articles, columns and the site settings."""
    site = Site.objects.default()
    fields = [
        "site_name",
        "organiser",
        "contact",
        "icp_number",
        "police_number",
        "site_id_code",
        "publisher",
        "site_description",
        "site_keywords",
        "default_source",
    ]
    for i, name in enumerate(fields):
        setattr(site, name, PAYLOADS[i % len(PAYLOADS)][: Site._meta.get_field(name).max_length])
    site.save()
    section = Column.objects.exclude(column_type=ColumnType.SECTION).first()
    columns = []
    for i in range(0, len(PAYLOADS), 8):
        column = Column.objects.create(
            name=PAYLOADS[i][:50],
            slug=f"xss-{i}",
            description=PAYLOADS[i + 1][:200],
            keywords=PAYLOADS[i + 2][:200],
            parent=section.parent,
            column_type=ColumnType.NEWS,
        )
        columns.append(column)
    articles = []
    for i, payload in enumerate(PAYLOADS):
        rotated = [PAYLOADS[(i + k) % len(PAYLOADS)] for k in range(7)]
        article = Article.objects.create(
            column=columns[i // 8],
            title=rotated[0][:200],
            subtitle=rotated[1][:200],
            source=rotated[2][:100],
            author=rotated[3][:100],
            body=payload + rotated[4],
            summary=rotated[5],
            cover_alt=rotated[6][:200],
            status="published",
            published_at="2024-06-07T10:00:00+08:00",
        )
        articles.append(article)
    content_version_bump()
    return demo, columns, articles


class TestXssInChromium:
    def test_no_payload_executes_on_any_public_page_even_without_csp(self, browser, hostile_site):
        base, columns, articles = hostile_site
        context = browser.new_context(bypass_csp=True)
        watched = Watched(context)
        paths = ["/", *(c.get_absolute_url() for c in columns), *(a.get_absolute_url() for a in articles)]
        for path in paths:
            watched.visit(base + path)
            page = watched.page
            page.mouse.move(200, 300)  # hover handlers, if any survived
            problems = watched.problems()
            assert not problems["executed"] and not problems["dialogs"], (path, problems)
        context.close()

    def test_no_payload_executes_in_the_admin_lists_and_forms(self, browser, hostile_site, chief):
        base, columns, articles = hostile_site
        context = browser.new_context(bypass_csp=True)
        watched = Watched(context)
        admin_sign_in(watched.page, base)
        for path in [
            "/admin/news/article/",
            "/admin/news/column/",
            "/admin/news/site/1/change/",
            *(f"/admin/news/article/{a.pk}/change/" for a in articles[::4]),
            *(f"/admin/news/column/{c.pk}/change/" for c in columns),
        ]:
            watched.visit(base + path)
            problems = watched.problems()
            assert not problems["executed"] and not problems["dialogs"], (path, problems)
        context.close()


class TestTheWatchItself:
    """The hooks above would see a violation or an executed payload."""

    def test_an_inline_script_is_blocked_and_reported(self, context, demo):
        watched = Watched(context)
        page = watched.visit(demo + "/")
        page.evaluate(
            "() => { const s = document.createElement('script'); s.textContent = 'alert(1)'; document.body.append(s); }"
        )
        page.wait_for_timeout(200)
        problems = watched.problems()
        assert any("script-src" in v for v in problems["violations"])
        assert problems["executed"] == []

    def test_a_payload_that_runs_is_recorded_when_csp_is_bypassed(self, browser, demo):
        context = browser.new_context(bypass_csp=True)
        watched = Watched(context)
        page = watched.visit(demo + "/")
        page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(7)>')")
        page.wait_for_timeout(300)
        assert watched.problems()["executed"] == ["alert:7"]
        context.close()

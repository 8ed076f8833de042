"""What every response tells the browser, and what production adds."""

import json
import secrets

import pytest

from portal.security import permissions_policy_header
from tests.settings_env import PRODUCTION, manage

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


class TestContentSecurityPolicy:
    def test_public_pages_forbid_inline_and_foreign_scripts(self, client, site):
        policy = directives(client.get("/"))
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert "'unsafe-eval'" not in sum(policy.values(), [])

    def test_the_admin_allows_the_editors_inline_styles_but_no_inline_scripts(self, client, site):
        policy = directives(client.get("/admin/login/"))
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["script-src"] == ["'self'"]
        assert "blob:" in policy["img-src"]

    def test_the_admin_hook_relaxes_styles_under_the_admin_only(self, client, site, settings):
        settings.ADMIN_CONTENT_SECURITY_POLICY_UPDATE = {"style-src": ["'unsafe-inline'"]}
        assert "'unsafe-inline'" in directives(client.get("/admin/login/"))["style-src"]
        assert directives(client.get("/"))["style-src"] == ["'self'"]
        assert directives(client.get("/admin/login/"))["script-src"] == ["'self'"]


class TestOtherHeaders:
    def test_every_page_says_nosniff_referrer_policy_and_no_framing(self, client, site):
        response = client.get("/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_browser_features_the_portal_never_uses_are_switched_off(self, client, site):
        header = client.get("/")["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in header

    def test_the_permissions_policy_header_is_written_in_the_standard_syntax(self):
        assert permissions_policy_header({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"


class TestProductionHeaders:
    def test_production_sends_hsts_and_secure_httponly_cookies(self):
        code = (
            "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
            "['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
            " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SERVE_MEDIA',"
            " 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
        )
        result = manage("shell", "-v", "0", "-c", code, SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION)
        values = json.loads(result.stdout)
        assert values["SECURE_HSTS_SECONDS"] >= 31536000
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
        assert values["SESSION_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
        assert values["CSRF_COOKIE_SECURE"] and values["CSRF_COOKIE_HTTPONLY"]
        assert values["SECURE_SSL_REDIRECT"] and values["SECURE_CONTENT_TYPE_NOSNIFF"]
        assert values["SERVE_MEDIA"] is False  # nginx serves uploads

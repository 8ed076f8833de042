"""Production refuses to start unsafe; development works out of the box."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.settings_env import NOT_INHERITED, PRODUCTION, ROOT, manage


def unit_environment(unit):
    """The Environment= assignments of one of the systemd units in deploy/."""
    lines = (ROOT / "deploy" / "systemd" / unit).read_text().splitlines()
    return dict(line.removeprefix("Environment=").split("=", 1) for line in lines if line.startswith("Environment="))


class TestProductionSettings:
    def test_check_deploy_passes_with_no_warnings_given_its_environment(self):
        result = manage(
            "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60, "a" * 60])
    def test_production_refuses_to_start_without_a_real_secret_key(self, key):
        result = manage("check", SECRET_KEY=key, **PRODUCTION)
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr

    def test_production_refuses_to_start_without_allowed_hosts(self):
        env = dict(PRODUCTION, ALLOWED_HOSTS="")
        result = manage("check", SECRET_KEY=secrets.token_urlsafe(64), **env)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS" in result.stderr


class TestProxySettings:
    """Behind nginx every peer is 127.0.0.1: without TRUSTED_PROXY_COUNT five
    wrong passwords from anywhere would lock a user name out for everyone."""

    @pytest.mark.parametrize("count", [None, "", "one", "-1"])
    def test_production_refuses_to_start_without_an_explicit_proxy_count(self, count):
        env = {k: v for k, v in PRODUCTION.items() if k != "TRUSTED_PROXY_COUNT"}
        if count is not None:
            env["TRUSTED_PROXY_COUNT"] = count
        result = manage("check", SECRET_KEY=secrets.token_urlsafe(64), **env)
        assert result.returncode != 0
        assert "TRUSTED_PROXY_COUNT must be" in result.stderr

    @pytest.mark.parametrize("count", ["0", "1", "2"])
    def test_production_takes_the_count_it_is_given(self, count):
        code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
        env = dict(PRODUCTION, TRUSTED_PROXY_COUNT=count)
        result = manage("shell", "-v", "0", "-c", code, SECRET_KEY=secrets.token_urlsafe(64), **env)
        assert result.stdout.strip() == count, result.stderr

    @pytest.mark.parametrize("unit", ["portal.service", "portal-backup.service"])
    def test_the_systemd_units_trust_exactly_the_one_nginx_in_front(self, unit):
        environment = unit_environment(unit)
        assert environment["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert environment["TRUSTED_PROXY_COUNT"] == "1"

    @pytest.mark.parametrize("snippet", ["portal-pages.conf", "portal-pages-s3.conf"])
    def test_nginx_appends_the_peer_address_as_the_last_forwarded_entry(self, snippet):
        conf = (ROOT / "deploy" / "nginx" / snippet).read_text()
        headers = [line.split() for line in conf.splitlines() if "proxy_set_header X-Forwarded-For" in line]
        assert headers == [["proxy_set_header", "X-Forwarded-For", "$proxy_add_x_forwarded_for;"]]


class TestCommonSettings:
    def test_debug_is_off_unless_asked(self):
        result = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)")
        assert result.stdout.strip() == "False"
        result = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)", DEBUG="1")
        assert result.stdout.strip() == "True"

    def test_time_zone_and_language_are_beijing_and_simplified_chinese(self, settings):
        assert settings.TIME_ZONE == "Asia/Shanghai"
        assert settings.LANGUAGE_CODE == "zh-hans"

    def test_the_database_comes_from_database_url(self):
        code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
        result = manage("shell", "-v", "0", "-c", code, DATABASE_URL="postgres://u:p@db.example:5432/portal")
        assert result.stdout.split() == ["django.db.backends.postgresql", "portal"]

    def test_the_default_database_is_sqlite_under_var(self):
        code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED | {"DATABASE_URL"}}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.stdout.strip() == str(ROOT / "var" / "portal.sqlite3")

    @pytest.mark.parametrize(
        "url, backend",
        [
            ("", "django.core.cache.backends.locmem.LocMemCache"),
            ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
            ("memcached://127.0.0.1:11211", "django.core.cache.backends.memcached.PyMemcacheCache"),
        ],
    )
    def test_the_cache_comes_from_cache_url(self, url, backend):
        from portal.settings.common import cache_from_url

        assert cache_from_url(url)["BACKEND"] == backend

    def test_an_unknown_cache_url_is_refused(self):
        from django.core.exceptions import ImproperlyConfigured

        from portal.settings.common import cache_from_url

        with pytest.raises(ImproperlyConfigured):
            cache_from_url("ftp://cache")

    def test_manage_check_prints_no_warnings(self):
        result = manage("check", "--fail-level", "WARNING")
        assert result.returncode == 0, result.stdout + result.stderr

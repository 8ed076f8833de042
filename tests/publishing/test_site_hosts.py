"""Every site's host names must be allowed by ALLOWED_HOSTS (patterns such
as .wsq.gov.cn cover new sites without a settings change): `manage.py
check` warns, and 网站体检 names the missing ones."""

import pytest
from django.core import checks

from health.publishing import publishing_findings
from news.models import Site
from publishing.site_hosts import site_hosts_check, site_hosts_not_allowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(site):
    galutu = Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.wsq.gov.cn", organiser="嘎鲁图镇人民政府"
    )
    galutu.extra_domains = "galutu.gov.cn"
    galutu.save()
    return site, galutu


class TestAllowedHosts:
    def test_a_pattern_allows_every_site_under_it(self, two_sites, settings):
        settings.ALLOWED_HOSTS = [".example.gov.cn", ".wsq.gov.cn", "galutu.gov.cn"]
        assert site_hosts_not_allowed() == []
        assert site_hosts_check(databases=["default"]) == []

    def test_a_domain_not_allowed_is_named_by_manage_py_check(self, two_sites, settings):
        settings.ALLOWED_HOSTS = [".example.gov.cn", ".wsq.gov.cn"]
        assert site_hosts_not_allowed() == [("嘎鲁图镇人民政府", "galutu.gov.cn")]
        (warning,) = site_hosts_check(databases=["default"])
        assert warning.id == "publishing.W001" and warning.level == checks.WARNING
        assert "嘎鲁图镇人民政府的 galutu.gov.cn" in warning.msg and "ALLOWED_HOSTS" in warning.hint

    def test_the_check_reads_no_database_unless_asked_to(self, two_sites, settings, django_assert_num_queries):
        settings.ALLOWED_HOSTS = ["localhost"]
        with django_assert_num_queries(0):
            assert site_hosts_check(databases=None) == []

    def test_the_site_check_names_the_missing_domain(self, two_sites, settings):
        settings.ALLOWED_HOSTS = [".example.gov.cn"]
        settings.DEBUG = False
        (finding,) = [f for f in publishing_findings(None) if f.code == "site_hosts_not_allowed"]
        assert finding.severity.value == "veto"
        assert "galutu.wsq.gov.cn" in finding.message and "galutu.gov.cn" in finding.message

    def test_a_sites_own_verdict_names_only_its_domains(self, two_sites, settings):
        main, galutu = two_sites
        settings.ALLOWED_HOSTS = ["localhost"]
        settings.DEBUG = False
        (finding,) = [f for f in publishing_findings(None, site=main) if f.code == "site_hosts_not_allowed"]
        assert "www.example.gov.cn" in finding.message and "galutu" not in finding.message


class TestPagesPerSite:
    def test_a_sites_verdict_counts_only_its_own_failed_pages(self, two_sites):
        from django.utils import timezone

        from publishing.models import PageFile

        main, galutu = two_sites
        now = timezone.now()
        PageFile.objects.create(site="galutu", path="/", queued_at=now, written_at=now, error="boom", failed_at=now)

        def codes(site):
            return {finding.code for finding in publishing_findings(None, site=site)}

        assert "pages_failed" in codes(galutu)
        assert "pages_failed" not in codes(main)
        assert "pages_failed" in codes(None)

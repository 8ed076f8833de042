"""Every site's host names must be allowed (ALLOWED_HOSTS): otherwise what
has no published file there (search, the admin, a page not written yet)
answers 400. Sites are added in the admin, not in the settings, so the
settings are meant to hold patterns (`.wsq.gov.cn` allows every name under
it); this finds the names they miss, for `manage.py check` (on migrate,
or `check --database default`) and for 网站体检 (health/publishing.py)."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.http.request import validate_host

from news.models import Site


def site_hosts_not_allowed():
    """[(site name, host name)] of every site host name ALLOWED_HOSTS refuses."""
    return [
        (site.site_name, name)
        for site in Site.objects.order_by("id").only("site_name", "domain", "extra_domains")
        for name in site.host_names
        if not validate_host(name, settings.ALLOWED_HOSTS)
    ]


def site_hosts_message(missing):
    names = "、".join(f"{site}的 {host}" for site, host in missing)
    return f"{len(missing)} 个站点域名不在 ALLOWED_HOSTS 中:{names};这些域名的搜索和后台等动态页面会返回 400"


@checks.register(checks.Tags.security, checks.Tags.database)
def site_hosts_check(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []  # reads the sites: only when the databases may be used
    try:
        missing = site_hosts_not_allowed()
    except DatabaseError:
        return []  # not migrated yet
    if not missing:
        return []
    return [
        checks.Warning(
            site_hosts_message(missing),
            hint="在环境变量 ALLOWED_HOSTS 中加入这些域名,或加入覆盖它们的上级域名(如 .wsq.gov.cn),然后重启服务。",
            id="publishing.W001",
        )
    ]

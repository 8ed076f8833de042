"""The admin home's 我的站点: every site the person works on, each linked by
its /site/<key>/ path, which reaches it on whatever host the admin is on."""

from django import template

from ..editorial.permissions import administered_site_ids, site_ids_for
from ..models import Site
from ..public.sites import site_path

register = template.Library()


def sites_of(user):
    """(site, public path, is site admin) for each site `user` works on; every site for superusers."""
    ids = site_ids_for(user)
    sites = Site.objects.order_by("id") if ids is None else Site.objects.filter(pk__in=ids).order_by("id")
    administered = administered_site_ids(user)
    return [
        (site, f"{site_path(site.key)}/", administered is None or site.pk in administered)
        for site in sites.only("id", "key", "site_name")
    ]


@register.inclusion_tag("admin/news/sites.html", takes_context=True)
def admin_sites(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"sites": sites_of(user) if user is not None and user.is_active else []}

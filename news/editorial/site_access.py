"""Which sites a staff member works on (集约化): superusers every site;
others the sites they are members of (SiteMembership); staff with no
membership work on no site (as news.editorial.permissions.site_ids_for says)."""

from ..models import Site


def sites_for(user):
    """A queryset of the sites `user` may work on, in id order."""
    sites = Site.objects.order_by("id")
    if user.is_superuser:
        return sites
    return sites.filter(memberships__user=user)

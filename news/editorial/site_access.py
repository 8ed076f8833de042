"""Which sites a staff member works on (集约化): superusers every site;
others the sites they are members of (SiteMembership). Staff with no
membership at all (made before sites, or by a command) count as members of
the default site only."""

from ..models import Site


def sites_for(user):
    """A queryset of the sites `user` may work on, in id order."""
    sites = Site.objects.order_by("id")
    if user.is_superuser:
        return sites
    mine = sites.filter(memberships__user=user)
    if mine.exists():
        return mine
    return sites.filter(pk=Site.objects.default().pk)

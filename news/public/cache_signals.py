"""Keep the public page cache honest: any change to what residents may see
(an article, a column, a site's settings) bumps the content version that
the site's cached pages are keyed on, and a changed site is routed anew."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..content_version import content_version_bump
from ..models import Article, Column, Site
from ..save_batches import article_saves_are_deferred
from .sites import site_hosts_forget


@receiver([post_save, post_delete], sender=Site)
def site_changed(sender, **kwargs):
    site_hosts_forget()


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Column)
@receiver([post_save, post_delete], sender=Site)
def public_content_changed(sender, raw=False, **kwargs):
    if raw or (sender is Article and article_saves_are_deferred()):
        # A fixture or a backup being loaded (the restore bumps the version once
        # at its end), or a batch of article saves that bumps it once itself.
        return
    if sender is Site:
        # Every site's pages name the platform's sites (站群导航).
        content_version_bump()
    elif sender is Column:
        content_version_bump(site_id=kwargs["instance"].site_id)
    else:
        content_version_bump(column_id=kwargs["instance"].column_id)

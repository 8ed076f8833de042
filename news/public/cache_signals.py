"""Keep the public page cache honest: any change to what residents may see
(an article, a column, the site settings) bumps the content version that
every cached page is keyed on."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..content_version import content_version_bump
from ..models import Article, Column, SiteSettings


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Column)
@receiver(post_save, sender=SiteSettings)
def public_content_changed(sender, raw=False, **kwargs):
    if raw:
        return  # loading a fixture or a backup: the restore bumps the version once at the end
    content_version_bump()

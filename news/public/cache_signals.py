"""Keep the public page cache honest: any change to what residents may see
(an article, a column, the site settings) bumps the content version that
every cached page is keyed on."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..content_version import content_version_bump
from ..models import Article, Column, SiteSettings
from ..save_batches import article_saves_are_deferred


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=Column)
@receiver(post_save, sender=SiteSettings)
def public_content_changed(sender, raw=False, **kwargs):
    if raw or (sender is Article and article_saves_are_deferred()):
        # A fixture or a backup being loaded (the restore bumps the version once
        # at its end), or a batch of article saves that bumps it once itself.
        return
    content_version_bump()

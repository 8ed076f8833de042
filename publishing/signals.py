"""Keep the published tree in step with what residents may see.

An article's save notes, before it is written, where the article was listed
(if it was public); once the transaction commits, the pages it touches
then and now are queued for the task worker, and a withdrawn or trashed
article's own page is removed at once. A change of a column or of a site's
settings queues the whole site; a deleted site's folder is removed. Scheduled articles are published by a task
that runs at their publication time (publishing.tasks.article_publication_due)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from news.models import Article, Column, Site
from news.save_batches import article_saves_are_deferred

from .changes import article_change_publish, site_change_publish, site_deleted_publish, site_settings_change_publish
from .targets import public_state


@receiver(pre_save, sender=Article)
@receiver(pre_delete, sender=Article)
def article_before_change(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or article_saves_are_deferred():
        return
    instance._public_before = public_state(instance.pk)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if raw or article_saves_are_deferred():
        return
    before = getattr(instance, "_public_before", None)
    instance._public_before = None
    article_id = instance.pk
    transaction.on_commit(lambda: article_change_publish(article_id, before))


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    before = getattr(instance, "_public_before", None)
    article_id = instance.pk
    transaction.on_commit(lambda: article_change_publish(article_id, before, deleted=True))


@receiver(pre_save, sender=Column)
def column_before_change(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._site_before = Column.objects.filter(pk=instance.pk).values_list("site_id", flat=True).first()


@receiver([post_save, post_delete], sender=Column)
def column_changed(sender, instance, raw=False, **kwargs):
    """Its site's pages show it; a column moved to another site, both sites'."""
    if raw:
        return
    site_ids = {instance.site_id, getattr(instance, "_site_before", None)} - {None}
    instance._site_before = None
    for site in Site.objects.filter(pk__in=site_ids).values_list("key", flat=True):
        # A column deleted with its site has no site left to publish (site_deleted).
        transaction.on_commit(lambda site=site: site_change_publish(site))


@receiver(pre_save, sender=Site)
def site_before_change(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._key_before = Site.objects.filter(pk=instance.pk).values_list("key", flat=True).first()


@receiver(post_save, sender=Site)
def site_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    site, old_key = instance.key, getattr(instance, "_key_before", None)
    instance._key_before = None
    transaction.on_commit(lambda: site_settings_change_publish(site, old_key=old_key))


@receiver(post_delete, sender=Site)
def site_deleted(sender, instance, **kwargs):
    site = instance.key
    transaction.on_commit(lambda: site_deleted_publish(site))

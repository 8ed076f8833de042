"""Keep the published tree in step with what residents may see.

An article's save notes, before it is written, where the article was listed
(if it was public); once the transaction commits, the pages it touches
then and now are queued for the task worker, and a withdrawn or trashed
article's own page is removed at once. A change of a column or of the site
settings queues the whole site. Scheduled articles are published by a task
that runs at their publication time (publishing.tasks.article_publication_due)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from news.models import Article, Column, Site
from news.save_batches import article_saves_are_deferred

from .changes import article_change_publish, site_change_publish
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


@receiver([post_save, post_delete], sender=Column)
@receiver(post_save, sender=Site)
def site_changed(sender, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(site_change_publish)

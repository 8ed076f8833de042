"""Index maintenance is infrastructure, not business logic: whatever saves or
deletes an article (publish, edit, withdraw, trash, the admin, a fixture), the
index follows in the same transaction."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from news.models import Article
from news.save_batches import article_saves_are_deferred

from .indexing import article_index, article_unindex


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance, **kwargs):
    if article_saves_are_deferred():
        return  # the batch indexes its articles once at its end
    article_index(article=instance)


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
def article_deleted(sender, instance, **kwargs):
    article_unindex(article_id=instance.pk)

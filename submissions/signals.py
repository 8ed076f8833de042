"""The hook from articles to 信息报送: after an article's save is committed,
its open submissions follow it (submissions.services.submission_follow_all).
After the commit, so a township's own save never waits for or fails with
the banner's copy."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from news.models import Article

from .services import submission_follow_all


@receiver(post_save, sender=Article, dispatch_uid="submissions_follow_original")
def original_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return  # a new article has never been sent (imports and seeding stay one query cheaper each)
    original_id = instance.pk

    def follow():  # named: Django names a failing on-commit function in its log
        submission_follow_all(original_id=original_id)

    transaction.on_commit(follow, robust=True)

"""Writes with side effects. Views, admin actions and commands call these;
each is atomic and writes its audit entry. The workflow itself (submit,
approve, publish, withdraw, trash, revert...) lives in news/workflow.py and is
re-exported here so callers have one place to import from. Every workflow
function takes `actor=`: the signed-in user, or SYSTEM (news.actors) for the
portal's own work."""
from django.db import transaction
from django.utils import timezone

from .actors import SYSTEM
from .audit import audit_record
from .corrections import (
    CorrectionConflictError,
    correction_approve,
    correction_discard,
    correction_reject,
    correction_save,
    correction_start,
    correction_submit,
)
from .models import IndexNumberCounter, SiteSettings
from .workflow import (
    ConcurrentEditError,
    ImagesWithoutAltError,
    WordingBlockedError,
    WordingWarningError,
    WorkflowError,
    article_approve,
    article_publish,
    article_purge,
    article_reject,
    article_restore,
    article_revert,
    article_save,
    article_submit,
    article_trash,
    article_withdraw,
)


@transaction.atomic
def index_number_assign(*, article):
    """Give the article its 索引号 once; it never changes afterwards."""
    if article.index_number:
        return article.index_number
    site = SiteSettings.load()
    prefix = site.index_prefix or site.site_id_code or "000000000"
    year = timezone.localtime(article.published_at).year
    counter, _ = IndexNumberCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = IndexNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    article.index_number = f"{prefix}/{year}-{counter.last_number:05d}"
    return article.index_number


__all__ = [
    "SYSTEM",
    "ConcurrentEditError",
    "ImagesWithoutAltError",
    "WordingBlockedError",
    "WordingWarningError",
    "WorkflowError",
    "article_approve",
    "article_publish",
    "article_purge",
    "article_reject",
    "article_restore",
    "article_revert",
    "article_save",
    "article_submit",
    "article_trash",
    "article_withdraw",
    "audit_record",
    "CorrectionConflictError",
    "correction_approve",
    "correction_discard",
    "correction_reject",
    "correction_save",
    "correction_start",
    "correction_submit",
    "index_number_assign",
]

"""Where the health check gets what other parts of the portal own: the
错敏词 list and matcher of the editorial check (news.editorial.wording) and the
articles' attachments. Callers only rely on the shapes documented here."""

from dataclasses import dataclass

from news.editorial.wording import active_rules, find_in_text, hit_possible
from news.models import WordingLevel

LEVELS = ("severe", "warn")


def _level(hit):
    """A blocked wrong form with its correct form (a leader's name or title, an
    official name written wrong) is, once published, a serious wording error:
    a single-veto risk. Placeholders and warnings are to be reviewed."""
    return "severe" if hit.level == WordingLevel.BLOCK and hit.correct_form else "warn"


@dataclass(frozen=True)
class WordingHit:
    phrase: str
    level: str  # "severe" (serious wording error, a single-veto risk) or "warn" (to be reviewed)
    start: int
    end: int
    suggestion: str = ""


def wording_rules():
    """The active 错敏词 rules, read once for a whole scan."""
    return active_rules()


def wording_prefilter(rules, sample):
    """A function of a text, false only where `wording_findings` finds
    nothing (see news.editorial.wording.hit_possible); `sample`, text like that to be
    scanned, tells which pairs of characters are rare."""
    return hit_possible(rules, sample)


def wording_findings(text, rules=None):
    """Every listed phrase in `text` (plain text, not HTML), in order."""
    hits = find_in_text(text, field="", rules=wording_rules() if rules is None else rules)
    return [
        WordingHit(
            phrase=hit.found,
            level=_level(hit),
            start=hit.position - 1,
            end=hit.position - 1 + len(hit.found),
            suggestion=hit.correct_form,
        )
        for hit in hits
        if not hit.overflow  # each listed hit is a finding already
    ]


def attachment_links_of_published(site):
    """{article id: [(url, text), …]} for the attachments of every published
    article, in one query: the content scan reads bodies as plain rows, not
    model instances, and asks nothing per article."""
    from django.urls import reverse

    from news.models import Article, Attachment

    marker = 987654321987
    pattern = reverse("news:attachment", kwargs={"pk": marker}).replace(str(marker), "{}")
    found = {}
    rows = (
        Attachment.objects.filter(article__in=Article.objects.published().filter(column__site=site))
        .order_by("article_id", "order", "id")
        .values_list("article_id", "id", "original_name")
    )
    for article_id, pk, name in rows.iterator(chunk_size=2000):
        found.setdefault(article_id, []).append((pattern.format(pk), name))
    return found

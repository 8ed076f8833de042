"""What publishing will do, said before the button is pressed, and what it did,
said after: at once, at a time to come (定时发布), or at once but backdated."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

PUBLISHING_ACTIONS = ("approve", "publish")
# A 发布时间 a little in the past is "now" (the form was opened a while ago).
BACKDATED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class PublishNotice:
    kind: str  # "now", "scheduled", "backdated"
    text: str


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def publish_notice(article, now=None):
    """What pressing 发布 would do with this article's 发布时间, in the office's words."""
    now = now or timezone.now()
    when = article.published_at
    if when is None:
        return PublishNotice("now", "确认后立即在网站上公开,发布时间记为确认的时刻。")
    if when > now:
        return PublishNotice(
            "scheduled",
            f"发布时间为 {_when(when)},在将来:确认后文章为“定时发布”,到 {_when(when)} 才在网站上公开,之前公众看不到。",
        )
    if when < now - BACKDATED_AFTER:
        return PublishNotice(
            "backdated",
            f"发布时间为 {_when(when)},已经过去:确认后立即公开,但网站上显示的发布时间是 {_when(when)},"
            "在栏目中按这个时间排列,不会排在最前面。如要按现在的时间发布,请先清空发布时间并保存。",
        )
    return PublishNotice("now", f"确认后立即在网站上公开,发布时间为 {_when(when)}。")


def workflow_done_message(action, label, article, now=None):
    """The message after an action; for publishing it says when residents see the article."""
    if action not in PUBLISHING_ACTIONS:
        return f"《{article.title}》已{label}。"
    now = now or timezone.now()
    done = "已审核通过" if action == "approve" else "已发布"
    if article.published_at > now:
        return f"《{article.title}》{done},定时发布:将于 {_when(article.published_at)} 在网站上公开。"
    if article.published_at < now - BACKDATED_AFTER:
        return f"《{article.title}》{done}并已公开,发布时间为 {_when(article.published_at)}(早于现在)。"
    return f"《{article.title}》{done}并已在网站上公开。"


def bulk_publish_notes(articles, now=None):
    """After a bulk approval: one line for each article not simply public now."""
    now = now or timezone.now()
    notes = []
    for article in articles:
        if article.published_at > now or article.published_at < now - BACKDATED_AFTER:
            notes.append(workflow_done_message("approve", "", article, now=now))
    return notes

"""The admin home's 待办: what is waiting for this person, counted in their columns."""

from django import template
from django.urls import reverse

from ..admin.article_list import RETURNED
from ..admin.scoping import scoped
from ..editorial.review import awaiting_review_by, level_label
from ..models import Article
from ..models import ArticleStatus as S

register = template.Library()


def waiting_for(user):
    """(label, count, list URL) for each kind of work this user does; zero counts included."""
    articles = scoped(Article.objects.alive(), user)
    url = reverse("admin:news_article_changelist")
    rows = []
    if user.has_perm("news.review_article"):
        rows.append(("待审核", articles.filter(status=S.SUBMITTED).count(), f"{url}?state=submitted"))
        rows.extend(_mine_by_level(user, articles, f"{url}?state=mine"))
    if user.has_perm("news.submit_article"):
        rows.append(("已退回待修改", articles.filter(RETURNED).count(), f"{url}?state=returned"))
    return rows


def _mine_by_level(user, articles, url):
    """待我审核, one row per level (待我初审, 待我复审, 待我终审) with work waiting."""
    counts = {}
    for article in awaiting_review_by(user, articles):
        label = level_label(article, article.column)
        counts[label] = counts.get(label, 0) + 1
    if not counts:
        return [("待我审核", 0, url)]
    order = ["审核", "初审", "复审", "终审"]
    return [
        ("待我审核" if label == "审核" else f"待我{label}", count, url)
        for label, count in sorted(counts.items(), key=lambda item: order.index(item[0]))
    ]


@register.inclusion_tag("admin/news/todo.html", takes_context=True)
def admin_todo(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"rows": waiting_for(user) if user is not None and user.is_active else []}

"""The admin home's 待办: what is waiting for this person, counted in their columns."""
from django import template
from django.urls import reverse

from ..admin.article_list import RETURNED
from ..admin.scoping import scoped
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
    if user.has_perm("news.submit_article"):
        rows.append(("已退回待修改", articles.filter(RETURNED).count(), f"{url}?state=returned"))
    return rows


@register.inclusion_tag("admin/news/todo.html", takes_context=True)
def admin_todo(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"rows": waiting_for(user) if user is not None and user.is_active else []}

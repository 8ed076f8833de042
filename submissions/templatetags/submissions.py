from django import template
from django.urls import reverse

from ..permissions import may_send

register = template.Library()


@register.inclusion_tag("admin/submissions/includes/send_link.html", takes_context=True)
def submission_send_link(context, article):
    """The 报送 button on a published article's change page, for those who may send it."""
    request = context.get("request")
    if request is None or article is None or not article.is_public or not may_send(request.user, article):
        return {"url": None}
    return {"url": reverse("admin:submissions_submission_send", args=[article.pk])}

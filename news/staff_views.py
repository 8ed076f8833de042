"""Pages for staff outside the admin: the preview, and the lockout page."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from staff.access import staff_required

from .editorial.permissions import may_see_article
from .models import Article
from .public.views import article_page_context, article_page_parts


@never_cache
@staff_required
def article_preview(request, pk):
    """Any article exactly as residents will see it, for the staff who work in
    its column. Never cached (Cache-Control: private, no-store)."""
    article = get_object_or_404(Article.objects.select_related("column"), pk=pk)
    if not may_see_article(request.user, article):
        raise PermissionDenied("您没有查看此栏目文章的权限。")
    if article.published_at is None:
        article.published_at = timezone.now()  # shown as if published now
    context = {**article_page_context(request, article, article_page_parts(article)), "preview": True}
    response = render(request, "news/article.html", context)
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed logins for this user name from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)

"""The preview: an article exactly as residents will see it, for staff."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from news.editorial.permissions import may_see_article
from news.models import Article
from news.public.views import article_page_context, article_page_parts
from staff.access import staff_required


@never_cache
@staff_required
def article_preview(request, pk):
    """Any article exactly as residents will see it, for the staff who work in
    its column. Never cached (Cache-Control: private, no-store)."""
    article = get_object_or_404(Article.objects.select_related("column__site"), pk=pk)
    if not may_see_article(request.user, article):
        raise PermissionDenied("您没有查看此栏目文章的权限。")
    # In its own site's frame (columns, footer), whichever host the staff use.
    request.site_key = article.column.site.key
    if article.published_at is None:
        article.published_at = timezone.now()  # shown as if published now
    context = {**article_page_context(request, article, article_page_parts(article)), "preview": True}
    response = render(request, "news/article.html", context)
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

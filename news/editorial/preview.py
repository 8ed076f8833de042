"""The preview: an article exactly as residents will see it, for staff; under
/mn/ (蒙古文预览) its 蒙古文版, published or not."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from news.editorial.permissions import may_see_article
from news.language import MONGOLIAN
from news.models import Article
from news.public.language import request_language
from news.public.views import article_page_context, article_page_parts
from staff.access import staff_required

NO_STORE = "private, no-cache, no-store, must-revalidate, max-age=0"


@never_cache
@staff_required
def article_preview(request, pk):
    """Any article exactly as residents will see it, for the staff who work in
    its column. Never cached (Cache-Control: private, no-store). Under /mn/
    an article without a 蒙古文版 (or on a site without one) is said to have
    none, never shown in Chinese inside a Mongolian page."""
    article = get_object_or_404(Article.objects.select_related("column__site"), pk=pk)
    if not may_see_article(request.user, article):
        raise PermissionDenied("您没有查看此栏目文章的权限。")
    # In its own site's frame (columns, footer), whichever host the staff use.
    request.site_key = article.column.site.key
    language = request_language(request)
    if language == MONGOLIAN and not (article.column.site.mongolian_enabled and article.has_mongolian_text):
        response = render(
            request,
            "news/preview_no_mongolian.html",
            {"article": article, "preview": True, "site_has_mongolian": article.column.site.mongolian_enabled},
            status=404,
        )
    else:
        if article.published_at is None:
            article.published_at = timezone.now()  # shown as if published now
        parts = article_page_parts(article, language)
        context = {**article_page_context(request, article, parts), "preview": True}
        response = render(request, "news/article.html", context)
    response["Cache-Control"] = NO_STORE
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

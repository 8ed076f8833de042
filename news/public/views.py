import base64

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from staff.access import is_staff_signed_in

from ..editorial.permissions import may_see_article
from ..media.attachment_files import attachment_download_name
from ..models import Article, Attachment
from .language import request_language
from .pages import DATABASE_UNAVAILABLE, cache_public_page, is_cacheable, portal_state
from .preferences import (
    COOKIE_MAX_AGE,
    ELDER_MODE_COOKIE,
    FONT_SIZE_COOKIE,
    FONT_SIZES,
    preferences_of,
    preferences_stylesheet_render,
)
from .view_counts import article_view_record

HOME_ITEMS_PER_COLUMN = 8


@method_decorator(cache_public_page, name="get")
class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        tree = portal_state(self.request).columns
        published = (
            Article.objects.published()
            .in_language(request_language(self.request))
            .in_columns([column.id for column in tree.columns])
            .select_related("column")
            .defer("body")
            .newest_first()
        )
        headline = published.filter(is_headline=True).first() or published.first()
        sections = []
        for column in tree.home_sections():
            articles = list(published.in_columns(tree.descendant_ids(column))[:HOME_ITEMS_PER_COLUMN])
            sections.append({"column": column, "articles": articles})
        return super().get_context_data(headline=headline, sections=sections, **kwargs)


@method_decorator(cache_public_page(reads=["page"]), name="get")
class ColumnView(ListView):
    template_name = "news/column.html"
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        tree = portal_state(self.request).columns
        self.column = tree.get(self.kwargs["slug"])
        if self.column is None:
            raise Http404("没有这个栏目")
        listing = getattr(self.request, "column_listing", None)
        if listing is not None:
            # Publishing writes every page of the column in a row: the whole
            # list read once, not a deeper OFFSET for each page.
            return listing(tuple(tree.descendant_ids(self.column)))
        return (
            Article.objects.published()
            .in_language(request_language(self.request))
            .in_columns(tree.descendant_ids(self.column))
            .select_related("column")
            .only("id", "title", "title_mn", "published_at", "column__name", "column__name_mn", "column__slug")
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        tree = portal_state(self.request).columns
        return super().get_context_data(
            column=self.column,
            breadcrumb=tree.ancestors(self.column),
            subcolumns=tree.children(self.column),
            **kwargs,
        )


@method_decorator(cache_public_page, name="get")
class SiteMapView(TemplateView):
    """网站地图 for people: the whole column tree as links (sitemap.xml is for crawlers)."""

    template_name = "news/site_map.html"

    def get_context_data(self, **kwargs):
        tree = portal_state(self.request).columns

        def branches(parent):
            return [{"column": column, "children": branches(column)} for column in tree.children(parent)]

        return super().get_context_data(branches=branches(None), **kwargs)


def article_page_parts(article, language=None):
    """What the article page shows beside the article itself; cached with it."""
    return {"neighbours": article.neighbours(language), "attachments": list(article.attachments.all())}


def article_page_context(request, article, parts):
    """The article page's context. The public page, the staff preview and the
    archived copy all render news/article.html from this."""
    tree = portal_state(request).columns
    older, newer = parts["neighbours"]
    column = tree.by_id[article.column_id]
    return {
        "article": article,
        "column": article.column,
        "breadcrumb": tree.ancestors(column),
        # Articles in 政务公开 columns show the disclosure box above the body.
        "disclosure": tree.is_disclosure(column),
        "previous_article": newer,
        "next_article": older,
        "attachments": parts["attachments"],
    }


class ArticleView(DetailView):
    """The article as residents see it. What is rendered is cached per content
    version; whether it is public and its view count are read on every
    request. Reading it writes nothing: the page itself sends the counting
    request (article_view_beacon), counted in batches (view_counts.py), so
    the count shown is the one of the last batch."""

    template_name = "news/article.html"
    context_object_name = "article"
    counts_views = True  # the page carries the counting request

    def get_object(self, queryset=None):
        pk = self.kwargs["pk"]
        prefetched = getattr(self.request, "articles_prefetched", {}).get(pk)
        if prefetched is not None:  # publishing read it with the rest of its batch
            self.parts = prefetched["parts"]
            return prefetched["article"]
        state = portal_state(self.request)
        language = request_language(self.request)
        key = f"article:{state.site.pk}:{state.content_version}:{language}:{pk}"
        cacheable = is_cacheable(self.request)
        cached = cache.get(key) if cacheable else None
        try:
            if cached is None:
                # Only this site's articles: another site's id is not found here.
                article = (
                    Article.objects.published()
                    .in_language(language)
                    .select_related("column")
                    .filter(pk=pk, column__site_id=state.site.pk)
                    .first()
                )
                if article is None:
                    raise Http404("没有这篇文章")
                cached = {"article": article, "parts": article_page_parts(article, language)}
                if cacheable:
                    cache.set(key, cached, settings.PAGE_CACHE_SECONDS)
            else:
                # One read tells whether residents may still see it, and its count.
                view_count = (
                    Article.objects.published()
                    .in_language(language)
                    .filter(pk=pk)
                    .values_list("view_count", flat=True)
                    .first()
                )
                if view_count is None:
                    raise Http404("没有这篇文章")
                cached["article"].view_count = view_count
        except DATABASE_UNAVAILABLE:
            # The database is lost: a copy rendered before still shows (its
            # view count as it was then); without one, the outage page.
            if cached is None:
                raise
        self.parts = cached["parts"]
        return cached["article"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_page_context(self.request, self.object, self.parts))
        if self.counts_views:
            context["view_beacon_url"] = reverse("news:article_view_beacon", args=[self.object.pk])
        return context


# A transparent 1×1 GIF: the answer to the <noscript> counting image.
BEACON_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
# Fetch Metadata of the requests that are counted: from the portal's own
# pages, or from a browser too old to say (a page elsewhere embedding the
# beacon, or the address typed in, counts no view).
COUNTED_FETCH_SITES = {None, "same-origin", "same-site"}


@csrf_exempt  # a view count is nobody's action: there is nothing to forge
@never_cache
@require_http_methods(["GET", "POST"])
def article_view_beacon(request, pk):
    """The counting request of an article page: navigator.sendBeacon's POST
    (204) or the <noscript> image's GET (a 1×1 GIF). It appends the view to
    the spool and touches no database, whether the article exists or not:
    unknown and unpublished ids are dropped when the batch is counted. It
    stays a dynamic address when the pages themselves become static files."""
    if request.headers.get("Sec-Fetch-Site") in COUNTED_FETCH_SITES:
        article_view_record(article_id=pk)
    if request.method == "POST":
        return HttpResponse(status=204)
    return HttpResponse(BEACON_GIF, content_type="image/gif")


@require_GET
def attachment_download(request, pk):
    """Attachments under their original (Chinese) names: those of public
    articles for everyone; those of any other article for the staff who may
    see it (the preview, the admin's link), never kept by a shared cache."""
    attachment = get_object_or_404(Attachment.objects.select_related("article"), pk=pk)
    public = Article.objects.published().filter(pk=attachment.article_id).exists()
    if not public and not (is_staff_signed_in(request.user) and may_see_article(request.user, attachment.article)):
        raise Http404("没有这个附件")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件不存在") from None
    name = attachment_download_name(attachment.original_name, attachment.file_type)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=attachment.content_type)
    if not public:
        response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    return response


def _redirect_back(request):
    home = reverse("news:home")  # the site's own, under its /site/<key>/ prefix if it came with one
    target = request.GET.get("next", home)
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = home
    return HttpResponseRedirect(target)


@require_GET
def preferences_stylesheet(request):
    """/preferences.css for the visitor's cookies. nginx serves the published
    copy (deploy/nginx/portal-pages.conf); this answers without nginx (make
    run) and when the copy is missing. Never shared between visitors."""
    response = HttpResponse(
        preferences_stylesheet_render(preferences_of(request)), content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


@require_GET
def set_font_size(request, size):
    if size not in FONT_SIZES:
        raise Http404("没有这种字号")
    response = _redirect_back(request)
    response.set_cookie(FONT_SIZE_COOKIE, size, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


@require_GET
def set_elder_mode(request, state):
    if state not in ("on", "off"):
        raise Http404("没有这种模式")
    response = _redirect_back(request)
    if state == "on":
        response.set_cookie(ELDER_MODE_COOKIE, "1", max_age=COOKIE_MAX_AGE, samesite="Lax")
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

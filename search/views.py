from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View

from news.language import MONGOLIAN
from news.models import Article, Site
from news.public.language import request_language
from news.public.pages import cache_public_page, portal_state

from .forms import SearchForm
from .query import MAX_QUERY_LENGTH, SearchQuery
from .results import SearchResults
from .site_links import SiteLinks

RESULTS_PER_PAGE = 20


def other_sites_versions(request):
    """The banner's search across sites changes with every site's content:
    its cached pages are keyed on all their content versions (one small
    query; a site's own search needs none)."""
    site = portal_state(request).site
    if not site.is_platform or request.GET.get("site") == site.key:
        return ()
    return tuple(Site.objects.order_by("id").values_list("id", "content_version"))


@method_decorator(
    cache_public_page(
        reads=[*SearchForm.base_fields, "site", "page"],
        budget="SEARCH_PAGE_CACHE_LIMIT",
        key_parts=other_sites_versions,
    ),
    name="get",
)
class SearchView(View):
    """站内搜索. Results are cached like any public page: keyed on the content
    version, so a publish, edit or withdrawal shows at once. Every query is a
    page of its own, so only the first SEARCH_PAGE_CACHE_LIMIT distinct ones
    in each cache period are stored: random queries cannot fill the cache.
    A site finds its own articles; the banner's portal (Site.is_platform)
    every site's, with a 站点 filter, each linked on its own site. Under
    /mn/ (蒙古文版) only articles with a Mongolian version are searched and
    shown in Mongolian; the banner's search there spans the sites that
    have a 蒙古文版. The page cache key is the full path, /mn/ included."""

    template_name = "search/results.html"

    def get(self, request):
        state = portal_state(request)
        language = request_language(request)
        form = SearchForm(request.GET, column_tree=state.columns, site=state.site, mongolian=language == MONGOLIAN)
        context = {"form": form, "max_query_length": MAX_QUERY_LENGTH, "spans_sites": form.spans_sites}
        if not form.is_valid():
            context["query"] = SearchQuery.parse(request.GET.get("q", "").replace("\x00", " "))
            return render(request, self.template_name, context, status=400)
        query = SearchQuery.parse(form.cleaned_data["q"])
        context["query"] = query
        if query.is_searchable:
            results = SearchResults(
                query, queryset=form.filter(Article.objects.published().in_language(language)), order=form.order
            )
            context["page_obj"] = page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
            links = SiteLinks(request, state.site)
            for hit in page.object_list:
                site = hit.article.column.site
                hit.url, hit.column_url = links.url(hit.article, site), links.url(hit.article.column, site)
        return render(request, self.template_name, context)

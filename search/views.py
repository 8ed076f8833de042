from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View

from news.models import Article
from news.public.pages import cache_public_page, portal_state

from .forms import SearchForm
from .query import MAX_QUERY_LENGTH, SearchQuery
from .results import SearchResults

RESULTS_PER_PAGE = 20


@method_decorator(
    cache_public_page(reads=list(SearchForm.base_fields) + ["page"], budget="SEARCH_PAGE_CACHE_LIMIT"), name="get"
)
class SearchView(View):
    """站内搜索. Results are cached like any public page: keyed on the content
    version, so a publish, edit or withdrawal shows at once. Every query is a
    page of its own, so only the first SEARCH_PAGE_CACHE_LIMIT distinct ones
    in each cache period are stored: random queries cannot fill the cache."""

    template_name = "search/results.html"

    def get(self, request):
        form = SearchForm(request.GET, column_tree=portal_state(request).columns)
        context = {"form": form, "max_query_length": MAX_QUERY_LENGTH}
        if not form.is_valid():
            context["query"] = SearchQuery.parse(request.GET.get("q", "").replace("\x00", " "))
            return render(request, self.template_name, context, status=400)
        query = SearchQuery.parse(form.cleaned_data["q"])
        context["query"] = query
        if query.is_searchable:
            results = SearchResults(query, queryset=form.filter(Article.objects.published()), order=form.order)
            context["page_obj"] = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        return render(request, self.template_name, context)

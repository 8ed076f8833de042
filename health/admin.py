"""The 网站体检 page in the admin, for site administrators and auditors
(permission health.view_site_health; superusers always). It never runs the
check inside the request: it shows the last report the background task made
(with its time) and a button asking for a new one. It never fetches other
sites: external links show the answers `check_site` kept.

Each site has its own report (`?site=<key>`); someone who works on several
sites (a superuser: every site) first sees the platform overview: each
site's verdict and counts of findings, linking to its report."""

from urllib.parse import parse_qs, urlsplit

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, path, resolve, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from news.editorial.permissions import may_work_in
from news.editorial.site_access import sites_for
from news.models import Article, Site
from portal.admin_mixins import ReadOnlyAdminMixin

from . import chart
from .exports import PdfFontMissing, report_pdf, report_xlsx
from .findings import POINTS_CAP
from .models import LinkCheckResult, SiteHealth
from .tasks import health_report_request, last_health_report, last_health_reports, waiting_health_report

PERMISSION = "health.view_site_health"
POINTS_CAP_LABELS = {
    "link_broken": "文章中的不可用链接",
    "article_without_time": "没有发布时间的文章",
    "policy_without_validity": "未标注有效性的政策文件",
}


def followable_urls(request, urls):
    """The fix links this viewer may open: each admin page is asked, as it
    would be on opening it, whether the viewer may add, see or change there.
    An auditor reads the findings; the links are for those who fix them."""
    allowed, articles = set(), {}
    for url in set(urls):
        parts = urlsplit(url)
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        model_admin = getattr(match.func, "model_admin", None)
        name = match.url_name or ""
        if model_admin is None:
            continue
        if name.endswith("_add"):
            column = parse_qs(parts.query).get("column", [""])[0]
            if model_admin.has_add_permission(request) and (
                not column.isdigit() or may_work_in(request.user, int(column))
            ):
                allowed.add(url)
        elif name.endswith(("_change", "_changelist")) and model_admin.has_view_or_change_permission(request):
            if name.endswith("_change") and model_admin.model is Article:
                articles[url] = int(match.kwargs.get("object_id", "0") or 0)
            else:
                allowed.add(url)
    if articles:  # one query for every article's column
        columns = dict(Article.objects.filter(pk__in=set(articles.values())).values_list("pk", "column_id"))
        allowed |= {url for url, pk in articles.items() if pk in columns and may_work_in(request.user, columns[pk])}
    return allowed


@admin.register(SiteHealth)
class SiteHealthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(PERMISSION)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="health_sitehealth_changelist"),
            path("report.xlsx", wrap(self.download_xlsx), name="health_sitehealth_xlsx"),
            path("report.pdf", wrap(self.download_pdf), name="health_sitehealth_pdf"),
            path("refresh/", wrap(require_POST(self.refresh_view)), name="health_sitehealth_refresh"),
        ]

    def _site(self, request):
        """The site asked for (`?site=<key>`), or the only one the viewer
        works on; None when they work on several and named none (the
        overview). Another site's report is refused, an unknown one 404."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        mine = sites_for(request.user)
        key = request.GET.get("site", "")
        if key:
            site = mine.filter(key=key).first()
            if site is None and Site.objects.filter(key=key).exists():
                raise PermissionDenied
            if site is None:
                raise Http404("没有这个站点")
            return site
        sites = list(mine[:2])
        return sites[0] if len(sites) == 1 else None

    def _report(self, request):
        """(the site, its last report made or None before the first one)."""
        site = self._site(request)
        if site is None:
            raise Http404("请选择站点")
        report, _ = last_health_report(site)
        return site, report

    @staticmethod
    def _page_of(site):
        return f"{reverse('admin:health_sitehealth_changelist')}?site={site.key}"

    def refresh_view(self, request):
        """Ask the task queue for a new report; the page shows it once made."""
        site = self._site(request)
        if site is None:
            raise Http404("请选择站点")
        health_report_request(site=site, user=request.user)
        messages.info(request, f"已提交重新体检({site.site_name}),报告生成后刷新本页即可查看。")
        return HttpResponseRedirect(self._page_of(site))

    def _no_report_yet(self, request, site):
        messages.warning(request, "还没有体检报告。请先点击「重新体检」,报告生成后再下载。")
        return HttpResponseRedirect(self._page_of(site))

    def overview_view(self, request):
        """Every site the viewer works on, its last verdict and findings."""
        sites = list(sites_for(request.user))
        reports = last_health_reports(sites)
        rows = [(site, reports.get(site.pk), self._page_of(site)) for site in sites]
        context = {
            **self.admin_site.each_context(request),
            "title": "网站体检(全部站点)",
            "opts": self.model._meta,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/health/overview.html", context)

    def changelist_view(self, request, extra_context=None):
        site = self._site(request)
        if site is None:
            return self.overview_view(request)
        report, _ = last_health_report(site)
        context = {
            **self.admin_site.each_context(request),
            "title": f"网站体检 - {site.site_name}",
            "opts": self.model._meta,
            "site": site,
            "site_query": f"?site={site.key}",
            "several_sites": sites_for(request.user)[1:2].exists(),
            "waiting": waiting_health_report(site),
        }
        if report is None:
            return TemplateResponse(request, "admin/health/report.html", {**context, "report": None})
        cache = LinkCheckResult.objects.aggregate(last=Max("checked_at"))
        context = {
            **context,
            "report": report,
            "verdict": report.verdict,
            "chart_svg": mark_safe(chart.svg(report.weekly, report.generated_at)),  # built by us, every text escaped
            "link_cache_last": cache["last"],
            "link_cache_count": LinkCheckResult.objects.count(),
            "followable": followable_urls(request, [f.fix_url for f in report.findings if f.fix_url]),
            "points_caps": [
                f"{POINTS_CAP_LABELS[code]}最多扣 {cap} 分"
                for code, cap in POINTS_CAP.items()
                if code in POINTS_CAP_LABELS
            ],
        }
        return TemplateResponse(request, "admin/health/report.html", context)

    def _download(self, request, site, content, content_type, extension):
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="site-health-{site.key}-{stamp}.{extension}"'
        return response

    def download_xlsx(self, request):
        site, report = self._report(request)
        if report is None:
            return self._no_report_yet(request, site)
        content = report_xlsx(report, base_url=request.build_absolute_uri("/")[:-1])
        return self._download(
            request, site, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
        )

    def download_pdf(self, request):
        site, report = self._report(request)
        if report is None:
            return self._no_report_yet(request, site)
        try:
            content = report_pdf(report)
        except PdfFontMissing as error:
            return HttpResponse(
                f"无法生成 PDF:{error}。可先下载 Excel 版本。", status=503, content_type="text/plain; charset=utf-8"
            )
        return self._download(request, site, content, "application/pdf", "pdf")

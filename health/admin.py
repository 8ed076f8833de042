"""The 网站体检 page in the admin, for site administrators and auditors
(permission health.view_site_health; superusers always). It never fetches
other sites: external links show the answers `check_site` kept."""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from news.admin.read_only import ReadOnlyAdminMixin

from . import chart
from .exports import PdfFontMissing, report_pdf, report_xlsx
from .models import LinkCheckResult, SiteHealth
from .report import site_health_check

PERMISSION = "health.view_site_health"


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
        ]

    def _report(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return site_health_check(external=True, fetch_external=False)

    def changelist_view(self, request, extra_context=None):
        report = self._report(request)
        cache = LinkCheckResult.objects.aggregate(last=Max("checked_at"))
        context = {
            **self.admin_site.each_context(request),
            "title": "网站体检",
            "opts": self.model._meta,
            "report": report,
            "verdict": report.verdict,
            "chart_svg": mark_safe(chart.svg(report.weekly, report.generated_at)),  # built by us, every text escaped
            "link_cache_last": cache["last"],
            "link_cache_count": LinkCheckResult.objects.count(),
        }
        return TemplateResponse(request, "admin/health/report.html", context)

    def _download(self, request, content, content_type, extension):
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="site-health-{stamp}.{extension}"'
        return response

    def download_xlsx(self, request):
        report = self._report(request)
        content = report_xlsx(report, base_url=request.build_absolute_uri("/")[:-1])
        return self._download(request, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")

    def download_pdf(self, request):
        report = self._report(request)
        try:
            content = report_pdf(report)
        except PdfFontMissing as error:
            return HttpResponse(f"无法生成 PDF:{error}。可先下载 Excel 版本。", status=503,
                                content_type="text/plain; charset=utf-8")  # fmt: skip
        return self._download(request, content, "application/pdf", "pdf")

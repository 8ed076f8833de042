"""The auditors' export page in the admin, and the pages of background jobs."""

from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from news.editorial.site_access import sites_for
from news.models import Site
from staff.access import SIGN_IN, staff_required

from .forms import ExportForm
from .models import ExportFormat, ExportJob
from .services import CONTENT_TYPES, export_job_create, listing_stream
from .tasks import export_job_start

STREAMED_FORMATS = {ExportFormat.CSV, ExportFormat.JSON}


def can_export(user):
    return user.is_active and (user.is_superuser or user.has_perm("archive.export_archive"))


def forbidden(request, reason=None):
    """A plain 403 for everyone who may not export; those who may sign in
    (again, past the second factor) get the link to do so."""
    context = {"title": "没有导出权限", "sign_in": reason == SIGN_IN}
    return TemplateResponse(request, "archive/forbidden.html", context, status=403)


def _page(request, template, context, status=200):
    return TemplateResponse(request, template, {**admin.site.each_context(request), **context}, status=status)


def _export_site(request, sites):
    """The site to export: ?site=<key> (or the posted one) among the sites
    the auditor works on, else the first of them. Another site's key is
    refused (403), an unknown one 404."""
    if not sites:
        raise PermissionDenied("您还没有加入任何站点,不能导出")
    key = request.POST.get("site") or request.GET.get("site") or ""
    if not key:
        return sites[0]
    site = next((site for site in sites if site.key == key), None)
    if site is None:
        if Site.objects.filter(key=key).exists():
            raise PermissionDenied("您不能导出该站点的文章")
        raise Http404("没有这个站点")
    return site


@never_cache
@staff_required(refused=forbidden)
def export_page(request):
    if not can_export(request.user):
        return forbidden(request)
    sites = list(sites_for(request.user))
    try:
        site = _export_site(request, sites)
    except PermissionDenied:
        return forbidden(request)
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST, sites=sites, site=site)
        if form.is_valid():
            fmt = form.cleaned_data["format"]
            if fmt in STREAMED_FORMATS:
                # Sent as it is made: the first bytes leave at once, so no
                # worker timeout however many articles are selected.
                stream = listing_stream(filters=form.filters, fmt=fmt, user=request.user)
                response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
                response["Content-Disposition"] = f'attachment; filename="{stream.file_name}"'
                return response
            job = export_job_create(
                user=request.user, filters=form.filters, fmt=fmt, with_pdf=form.cleaned_data["with_pdf"]
            )
            export_job_start(job)
            return redirect("admin:archive_export_job", pk=job.pk)
        status = 400
    else:
        form = ExportForm(sites=sites, site=site)
    jobs = ExportJob.objects.filter(user=request.user).select_related("site")[:10]
    context = {"title": f"导出文章档案 - {site.site_name}", "form": form, "jobs": jobs, "site": site, "sites": sites}
    return _page(request, "archive/export.html", context, status)


def _job_of(request, pk):
    job = get_object_or_404(ExportJob, pk=pk)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404("没有这个导出任务")
    return job


@never_cache
@staff_required(refused=forbidden)
def export_job_page(request, pk):
    if not can_export(request.user):
        return forbidden(request)
    job = _job_of(request, pk)
    return _page(request, "archive/job.html", {"title": f"导出任务 {job.pk}", "job": job})


@staff_required(refused=forbidden)
def export_job_download(request, pk):
    if not can_export(request.user):
        return forbidden(request)
    job = _job_of(request, pk)
    path = Path(settings.ARCHIVE_EXPORT_DIR) / job.file_name
    if not job.file_name or not path.is_file():
        raise Http404("文件尚未生成或已被清理")
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=job.file_name, content_type=CONTENT_TYPES[job.fmt]
    )

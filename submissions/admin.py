"""信息报送 in the admin: the township's 报送 page for a published article,
the list (townships see theirs with the banner's remarks; banner reviewers
see what was sent to them, pending and flagged first), the page where a
reviewer accepts or returns one, and the monthly counts with their XLSX.
Every change goes through submissions.services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from news.models import Article

from . import services
from .counts import counts_xlsx, submission_counts, totals_of
from .forms import MonthRangeForm, ReturnForm, SendForm
from .models import Submission, SubmissionStatus
from .permissions import (
    SEND_PERMISSION,
    is_reviewer,
    may_review,
    require_send,
    reviewer_site_ids,
    visible_to,
)

PENDING_FIRST = Case(
    When(status=SubmissionStatus.PENDING, then=Value(0)),
    When(~Q(original_changed=""), then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "from_site",
        "column",
        "status_label",
        "original_changed_label",
        "submitted_by",
        "submitted_at",
        "remark",
    ]
    list_display_links = None
    list_filter = ["status", "original_changed", "from_site"]
    search_fields = ["title"]
    ordering = [PENDING_FIRST.asc(), "-submitted_at", "-id"]
    change_list_template = "admin/submissions/submission/change_list.html"

    def get_queryset(self, request):
        return visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        user = request.user
        if not user.is_active or not (is_reviewer(user) or user.has_perm(SEND_PERMISSION)):
            return False
        return obj is None or visible_to(user).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False  # sent from the article's page

    def has_change_permission(self, request, obj=None):
        return False  # decided on the 处理 page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="状态", ordering="status")
    def status_label(self, obj):
        return format_html('<span class="submission-status {}">{}</span>', obj.status, obj.get_status_display())

    @admin.display(description="原文变更")
    def original_changed_label(self, obj):
        if not obj.original_changed:
            return ""
        return format_html('<strong class="submission-flag">{}</strong>', obj.get_original_changed_display())

    def get_list_display(self, request):
        user = request.user

        @admin.display(description="操作")
        def links(obj):
            if may_review(user, obj):
                url = reverse("admin:submissions_submission_decide", args=[obj.pk])
                return format_html('<a href="{}" class="submission-decide">处理</a>', url)
            if obj.original_id:
                url = reverse("admin:news_article_change", args=[obj.original_id])
                return format_html('<a href="{}">查看原文</a>', url)
            return ""

        return [links, *self.list_display]  # first: the table may scroll sideways

    def changelist_view(self, request, extra_context=None):
        extra = {"may_count": is_reviewer(request.user)}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("send/<int:article_pk>/", view(self.send_view), name="submissions_submission_send"),
            path("<int:pk>/decide/", view(self.decide_view), name="submissions_submission_decide"),
            path("counts/", view(self.counts_view), name="submissions_submission_counts"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **context):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context}

    def send_view(self, request, article_pk):
        """报送: pick a banner column that accepts submissions."""
        article = get_object_or_404(Article.objects.alive().select_related("column__site"), pk=article_pk)
        require_send(request.user, article)
        form = SendForm(request.POST or None, article=article)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.submission_send(
                        article=article, column=form.cleaned_data["column"], actor=request.user, request=request
                    )
                except services.SubmissionError as error:
                    form.add_error(None, error)
                else:
                    column = form.cleaned_data["column"]
                    messages.success(
                        request, f"《{article.title}》已报送到{column.site.site_name}“{column.name}”,等待审核。"
                    )
                    return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
            status = 400
        context = self._context(
            request,
            f"报送:{article.title}",
            article=article,
            form=form,
            earlier=visible_to(request.user).filter(original=article),
        )
        return TemplateResponse(request, "admin/submissions/submission/send.html", context, status=status)

    def decide_view(self, request, pk):
        """采用, 退回 (with a remark), or mark a changed original as looked at."""
        submission = get_object_or_404(visible_to(request.user), pk=pk)
        if not may_review(request.user, submission):
            raise PermissionDenied("您没有审核此站点报送的权限。")
        return_form = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
        errors, status = [], 200
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action == "accept":
                    services.submission_accept(submission=submission, actor=request.user, request=request)
                    done = f"已采用《{submission.title}》,转载稿已在“{submission.column.name}”发布。"
                elif action == "return":
                    if not return_form.is_valid():
                        raise services.SubmissionError(return_form.errors["remark"])
                    services.submission_return(
                        submission=submission,
                        actor=request.user,
                        remark=return_form.cleaned_data["remark"],
                        request=request,
                    )
                    done = f"已退回《{submission.title}》。"
                elif action == "clear":
                    services.submission_flag_clear(submission=submission, actor=request.user, request=request)
                    done = "已标记为处理完毕。"
                else:
                    raise services.SubmissionError("没有这个操作。")
            except services.SubmissionError as error:
                errors, status = error.messages, 400
            else:
                messages.success(request, done)
                return HttpResponseRedirect(reverse("admin:submissions_submission_changelist"))
            submission.refresh_from_db()
        context = self._context(
            request,
            f"处理报送:{submission.title}",
            submission=submission,
            original_url=services.original_address(submission.original) if submission.original else "",
            return_form=return_form,
            errors=errors,
        )
        return TemplateResponse(request, "admin/submissions/submission/decide.html", context, status=status)

    def counts_view(self, request):
        """报送 / 采用 per township per month, on the page or as XLSX."""
        if not is_reviewer(request.user):
            raise PermissionDenied("只有报送审核人员可以查看报送统计。")
        form = MonthRangeForm(request.GET)
        if not form.is_valid():
            context = self._context(request, "信息报送统计", form=form, counts=[], totals=[])
            return TemplateResponse(request, "admin/submissions/submission/counts.html", context, status=400)
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        counts = submission_counts(start=start, end=end, banner_site_ids=reviewer_site_ids(request.user))
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                counts_xlsx(counts, start=start, end=end),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="submissions-{start:%Y%m}-{end:%Y%m}.xlsx"'
            return response
        context = self._context(
            request,
            "信息报送统计",
            form=form,
            counts=counts,
            totals=totals_of(counts),
            start=start,
            end=end,
            xlsx_query=f"start={start:%Y-%m}&end={end:%Y-%m}&format=xlsx",
        )
        return TemplateResponse(request, "admin/submissions/submission/counts.html", context)

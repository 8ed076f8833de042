"""Articles in the admin: editing with a version check, the workflow buttons,
revisions. Every change goes through news.editorial.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget
from reversion.models import Version

from publishing.status import article_page_state_text

from ..editorial import services
from ..editorial.permissions import may_work_in
from ..editorial.review import decisions_of, is_final_level, level_label, level_reviewers, review_refusal, review_state
from ..editorial.revisions import article_versions, compare_article, version_by_number
from ..editorial.wording import check_article
from ..models import Article, ArticleStatus, Site
from .article_list import LIST_DISPLAY, ArticleListColumns, ArticleStateFilter
from .attachments import AttachmentInline
from .conflicts import conflict_between, keeps_mine
from .corrections import correction_link
from .disclosure import DISCLOSURE_FIELDSET, disclosure_method_keep, validity_date_require
from .edit_steps import WorkflowButtonsMixin, nothing_typed
from .mongolian import (
    MONGOLIAN_WIDGETS,
    PLACEHOLDER_WARNING,
    MongolianStateFilter,
    fieldsets_with_mongolian,
    mongolian_preview_url,
    mongolian_shown,
    mongolian_state,
)
from .people import person_display
from .publishing import PUBLISHING_ACTIONS, bulk_publish_notes, publish_notice, workflow_done_message
from .read_only_body import ReadOnlyBodyMixin
from .scoping import ColumnScopedAdmin, ColumnScopeFilter, scoped
from .workflow import ACTIONS, action_label, allowed_actions, may

S = ArticleStatus


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; a newer stored one refuses the save.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - ArticleAdmin.fieldsets says which fields the form shows
        widgets = {"body": CKEditor5Widget(config_name="article"), **MONGOLIAN_WIDGETS}

    class Media:
        js = ["js/wps_paste.js"]  # text pasted from WPS would come out blank

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        disclosure_method_keep(self)
        if self.instance.pk and self.instance.summary_auto and "summary" in self.fields:
            self.fields[
                "summary"
            ].help_text = "现在的摘要由正文段落自动生成,会随正文更新;改写后以您写的为准,清空则恢复自动生成。"

    def clean(self):
        cleaned = super().clean()
        if "summary" in cleaned:
            self.instance.summary_edit(cleaned["summary"])
        # Said on the field itself; the model's constraint would only say it at the top.
        if cleaned.get("cover_image") and not (cleaned.get("cover_alt") or "").strip():
            self.add_error("cover_alt", "上传了封面图片,请填写封面图片说明(替代文字)。")
        validity_date_require(self, cleaned)
        if self.instance.status == ArticleStatus.PUBLISHED and not cleaned.get("published_at"):
            self.add_error("published_at", "已发布的文章必须有发布时间。")
        if self.instance.pk:
            expected = cleaned.get("expected_version")
            # Locked until the admin's transaction ends with the save itself.
            locked = Article.objects.select_for_update(of=("self",)).select_related("updated_by")
            stored = locked.get(pk=self.instance.pk)
            if (expected is None or stored.version != expected) and keeps_mine(self.data, stored):
                cleaned["expected_version"] = self.overwrote = stored.version
            elif expected is None or stored.version != expected:
                self.conflict = conflict_between(stored, cleaned, expected)
                error = services.ConcurrentEditError(stored)
                link = ""
                started = version_by_number(stored, expected) if expected is not None else None
                if started is not None:
                    url = reverse("admin:news_article_revision", args=[stored.pk, started.pk])
                    link = format_html(' <a href="{}" target="_blank">查看对方的修改</a>', url)
                raise forms.ValidationError(format_html("{}{}", error.messages[0], link))
        return cleaned


@admin.register(Article)
class ArticleAdmin(ArticleListColumns, WorkflowButtonsMixin, ReadOnlyBodyMixin, ColumnScopedAdmin):
    form = ArticleAdminForm
    inlines = [AttachmentInline]
    base_queryset = Article.objects.alive()
    change_form_template = "admin/news/article/change_form.html"
    change_list_template = "admin/news/article/change_list.html"
    list_display = LIST_DISPLAY
    list_filter = [ArticleStateFilter, ColumnScopeFilter, "published_at", "updated_at"]
    search_fields = ["title", "index_number", "author", "source", "title_mn"]
    date_hierarchy = "published_at"
    list_select_related = ["column", "updated_by"]
    readonly_fields = [
        "status",
        "review_remark",
        "index_number",
        "view_count",
        "version",
        "created_by_display",
        "created_at",
        "updated_by_display",
        "updated_at",
        "public_page",
    ]
    fieldsets = [
        (None, {"fields": ["column", "title", "subtitle", "body", "expected_version"]}),
        ("发布信息", {"fields": ["source", "author", "published_at", "is_headline", "summary"]}),
        ("封面", {"fields": ["cover_image", "cover_alt"]}),
        DISCLOSURE_FIELDSET,
        (
            "审核与记录",
            {
                "fields": [
                    "status",
                    "review_remark",
                    "index_number",
                    "view_count",
                    "version",
                    "created_by_display",
                    "created_at",
                    "updated_by_display",
                    "updated_at",
                    "public_page",
                ]
            },
        ),
    ]
    actions = ["submit_selected", "approve_selected", "trash_selected"]
    created_by_display = person_display("created_by", "创建人")
    updated_by_display = person_display("updated_by", "最后修改人")

    def get_queryset(self, request):
        # The article's site's default number of review levels with each row,
        # for the list's 状态 column (a column may not set its own).
        return super().get_queryset(request).alive().annotate(site_review_levels=F("column__site__review_levels"))

    def get_changeform_initial_data(self, request):
        # The form does not know the column yet: the 来源 of the user's site
        # when they work on exactly one, else the default site's.
        sites = Site.objects.filter(memberships__user=request.user)[:2]
        site = sites[0] if len(sites) == 1 else None
        return {"source": services.source_default(site), **super().get_changeform_initial_data(request)}

    @admin.display(description="公开页面")
    def public_page(self, obj):
        """When the public copy (the published tree's file) was last written."""
        return article_page_state_text(obj)

    def get_list_display(self, request):
        shown = mongolian_shown(request)
        return [*LIST_DISPLAY[:2], mongolian_state, *LIST_DISPLAY[2:]] if shown else LIST_DISPLAY

    def get_list_filter(self, request):
        if not mongolian_shown(request):
            return self.list_filter
        return [*self.list_filter[:2], MongolianStateFilter, *self.list_filter[2:]]

    def get_fieldsets(self, request, obj=None):
        fieldsets = fieldsets_with_mongolian(super().get_fieldsets(request, obj), mongolian_shown(request, obj))
        if obj is None or not obj.is_public:
            # Residents cannot see it: there is no public copy to speak of.
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "public_page"]})
                for name, opts in fieldsets
            ]
        if obj is None or not self.has_change_permission(request, obj):
            # Read-only pages and new articles have no version to carry.
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "expected_version"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    # What each user may do, so the admin shows only that.
    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may(request.user, "edit", obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or may(request.user, "trash", obj)

    def has_submit_permission(self, request):
        return request.user.has_perm("news.submit_article")

    def has_approve_permission(self, request):
        return request.user.has_perm("news.review_article") and request.user.has_perm("news.publish_article")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deleting is moving to the 回收站
        return actions

    def save_model(self, request, obj, form, change):
        if nothing_typed(request, form, change):
            return
        services.article_save(
            article=obj,
            actor=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            request=request,
            comment="修改(覆盖了并发的修改)" if getattr(form, "overwrote", None) else "",
        )

    def delete_view(self, request, object_id, extra_context=None):
        return HttpResponseRedirect(reverse("admin:news_article_workflow", args=[object_id, "trash"]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {}
        if obj is not None:
            extra = {
                "workflow_actions": [(name, action_label(name, obj)) for name in allowed_actions(request.user, obj)],
                "review_state": _review_state(obj),
                "review_decisions": decisions_of(obj),
                "publish_notice": _publish_notice_for(request.user, obj),
                "preview_url": reverse("news:article_preview", args=[obj.pk]),
                "mongolian_preview_url": (
                    mongolian_preview_url(request, obj) if obj.column.site.mongolian_enabled else None
                ),
                "mongolian_placeholder_warning": PLACEHOLDER_WARNING if obj.mongolian_placeholder else None,
                "revisions_url": reverse("admin:news_article_revisions", args=[obj.pk]),
                "wording_hits": check_article(obj) if obj.status in (S.DRAFT, S.SUBMITTED, S.WITHDRAWN) else [],
                "correction_link": correction_link(request.user, obj),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # Bulk actions: only those that need no remark; each article goes through
    # the same service function as its own button, and refusals are reported.
    def _bulk(self, request, queryset, function, done):
        succeeded, refused = [], []
        for article in queryset:
            try:
                succeeded.append(function(article=article, actor=request.user, request=request) or article)
            except (services.WorkflowError, PermissionDenied) as error:
                refused.append(f"《{article.title}》:{'；'.join(getattr(error, 'messages', [str(error)]))}")
        if succeeded:
            messages.success(request, f"已{done} {len(succeeded)} 篇文章。")
        if function is services.article_approve:  # only those past their last review level are published
            for note in bulk_publish_notes([a for a in succeeded if a.status == S.PUBLISHED]):
                messages.warning(request, note)
        for message in refused:
            messages.error(request, f"未能{done}{message}")

    @admin.action(description="提交所选文章审核", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_submit, "提交审核")

    @admin.action(description="审核通过并发布所选文章", permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_approve, "审核发布")

    @admin.action(description="将所选文章移入回收站", permissions=["delete"])
    def trash_selected(self, request, queryset):
        self._bulk(request, queryset, services.article_trash, "移入回收站")

    # Extra pages: the workflow confirmations and the revisions.
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/workflow/<str:action>/", view(self.workflow_view), name="news_article_workflow"),
            path("<int:pk>/revisions/", view(self.revisions_view), name="news_article_revisions"),
            path("<int:pk>/revisions/<int:version_id>/", view(self.revision_view), name="news_article_revision"),
            path(
                "<int:pk>/revisions/<int:version_id>/revert/",
                view(self.revert_view),
                name="news_article_revision_revert",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk, *, with_trashed=False):
        queryset = Article.objects.all() if with_trashed else Article.objects.alive()
        article = get_object_or_404(queryset.select_related("column"), pk=pk)
        if not self.has_view_or_change_permission(request) or not may_work_in(request.user, article.column_id):
            raise PermissionDenied("您没有管理此栏目的权限。")
        return article

    def workflow_view(self, request, pk, action):
        if action not in ACTIONS:
            raise PermissionDenied("没有这个操作。")
        spec = ACTIONS[action]
        article = self._article(request, pk, with_trashed=action == "restore")
        spec.require_permission(request.user, article)
        label = action_label(action, article)
        errors, status = [], 200
        if not spec.applies(article):
            hint = "已发布的文章请先撤稿再删除。" if action == "trash" and article.status == S.PUBLISHED else ""
            errors = [f"文章当前状态为“{article.get_status_display()}”,不能{spec.label}。{hint}"]
        elif action in ("approve", "reject"):
            refusal = review_refusal(request.user, article=article, subject=article, for_correction=False)
            if refusal is not None:
                raise refusal[0](refusal[1])
        if request.method == "POST":
            remark = request.POST.get("remark", "")
            try:
                done = spec.run(article=article, user=request.user, remark=remark, request=request)
            except services.WorkflowError as error:
                errors, status = error.messages, 400
            except PermissionDenied as error:  # 三审: not this level's reviewer, or four eyes
                errors, status = [str(error) or "您没有执行此操作的权限。"], 403
            else:
                messages.success(request, _done_message(action, label, done or article))
                if action in ("trash",):
                    return HttpResponseRedirect(reverse("admin:news_article_changelist"))
                return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{label}:{article.title}",
            "label": label,
            "review_state": _review_state(article),
            "article": article,
            "action": action,
            "spec": spec,
            "errors": errors,
            "applies": spec.applies(article),
            "wording_hits": check_article(article) if spec.checks_wording else [],
            "remark": request.POST.get("remark", ""),
            "publish_notice": (
                publish_notice(article)
                if action in PUBLISHING_ACTIONS and spec.applies(article) and _publishes(action, article)
                else None
            ),
        }
        return TemplateResponse(request, "admin/news/article/workflow.html", context, status=status)

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"修订记录:{article.title}",
            "article": article,
            "rows": _with_previous(article_versions(article)),
            "can_revert": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/revisions.html", context)

    def revision_view(self, request, pk, version_id):
        """One earlier revision beside the current article (or beside another revision: ?to=)."""
        article = self._article(request, pk)
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        old = get_object_or_404(versions, pk=version_id)
        new = get_object_or_404(versions, pk=request.GET["to"]) if request.GET.get("to", "").isdigit() else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"版本对比:{article.title}",
            "article": article,
            "old": old,
            "new": new,
            "comparison": compare_article(old, new or article),
            "can_revert": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/news/article/revision_diff.html", context)

    def revert_view(self, request, pk, version_id):
        article = self._article(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_revision", args=[pk, version_id]))
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        try:
            services.article_revert(article=article, version=version, actor=request.user, request=request)
        except services.WorkflowError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(reverse("admin:news_article_revision", args=[pk, version_id]))
        messages.success(request, "已恢复到所选版本,并记为一个新版本。")
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[pk]))


def _publish_notice_for(user, article):
    """Said beside the buttons when this user may publish the article now."""
    if any(name in PUBLISHING_ACTIONS and _publishes(name, article) for name in allowed_actions(user, article)):
        return publish_notice(article)
    return None


def _publishes(action, article):
    """Whether the step publishes: approving does only at the last review level."""
    return action != "approve" or is_final_level(article, article.column)


def _review_state(article):
    """复审中, by whom it waits for and since when; None unless under review."""
    if article.status != S.SUBMITTED or article.is_trashed:
        return None
    return {
        "label": review_state(article, article.column),
        "since": article.review_since,
        "by": level_reviewers(article.column_id, max(article.review_level, 1)),
    }


def _done_message(action, label, article):
    if action == "approve" and article.status == S.SUBMITTED:
        return f"《{article.title}》已{label},现等待{level_label(article, article.column)}。"
    return workflow_done_message(action, label, article)


def _with_previous(versions):
    """Newest first, each revision with the one before it."""
    return [(version, versions[i + 1] if i + 1 < len(versions) else None) for i, version in enumerate(versions)]


__all__ = ["ArticleAdmin", "scoped"]

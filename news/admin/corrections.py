"""修订稿 in the admin: correcting a published article while it stays online.
An editor starts one from the article page, edits it like an article, and
submits it; a reviewer approves (it replaces the published text) or returns
it. Every change goes through news.editorial.corrections."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_ckeditor_5.widgets import CKEditor5Widget

from ..editorial import corrections
from ..editorial.permissions import column_ids_for, may_work_in
from ..editorial.review import is_final_level, level_label, review_refusal, review_state
from ..editorial.revisions import compare_article
from ..editorial.services import WorkflowError
from ..editorial.wording import check_article
from ..models import CORRECTED_FIELDS, Article, ArticleCorrection, ArticleStatus
from ..models import CorrectionStatus as C
from .disclosure import DISCLOSURE_FIELDSET, disclosure_method_keep, validity_date_require
from .edit_steps import WORKFLOW_BUTTON, workflow_button_pressed
from .mongolian import MONGOLIAN_WIDGETS, fieldsets_with_mongolian, mongolian_shown
from .read_only_body import ReadOnlyBodyMixin
from .workflow import StepButton

ACTIONS = {
    "submit": StepButton(
        "提交审核",
        ("news.submit_article",),
        (C.DRAFT,),
        corrections.correction_submit,
        checks_wording=True,
        help="审核通过后,修订稿替换网站上已发布的内容;在此之前网站上仍是原来的内容。",
    ),
    "approve": StepButton(
        "审核通过并替换已发布内容",
        ("news.review_article", "news.publish_article"),
        (C.SUBMITTED,),
        corrections.correction_approve,
        checks_wording=True,
        help="通过后网站上的文章立即换成修订稿的内容,原内容保留在修订记录中。",
    ),
    "reject": StepButton(
        "退回修改",
        ("news.review_article",),
        (C.SUBMITTED,),
        corrections.correction_reject,
        needs_remark=True,
        help="请写明需要修改的地方;网站上的文章不变。",
    ),
    "discard": StepButton(
        "放弃修订稿",
        ("news.change_article",),
        (C.DRAFT, C.SUBMITTED),
        corrections.correction_discard,
        danger=True,
        help="放弃后网站上的文章不变;修订稿的各次保存仍记录在操作日志中。",
    ),
}


def may_correct(user, name, correction):
    """Whether `user` may take step `name` ("edit" too) on `correction` now."""
    if not may_work_in(user, correction.article.column_id):
        return False
    if name == "edit" or name == "discard":
        allowed = user.has_perm("news.change_article")
        if correction.status == C.SUBMITTED:
            allowed = allowed and user.has_perm("news.publish_article")
        return allowed and (name == "edit" or correction.status in ACTIONS[name].states)
    action = ACTIONS[name]
    if correction.status not in action.states or not all(user.has_perm(p) for p in _permissions(name, correction)):
        return False
    if name in ("approve", "reject"):  # 三审: the level's reviewers, four eyes
        return review_refusal(user, article=correction.article, subject=correction, for_correction=True) is None
    return True


def _permissions(name, correction):
    """Publishing rights for the last review level only."""
    if name == "approve" and not is_final_level(correction, correction.article.column):
        return ("news.review_article",)
    return ACTIONS[name].permissions


def correction_action_label(name, correction):
    column = correction.article.column
    if name == "approve" and not is_final_level(correction, column):
        return f"{level_label(correction, column)}通过"
    if name == "reject" and column.review_levels_needed > 1:
        return f"{level_label(correction, column)}退回修改"
    return ACTIONS[name].label


def correction_state(correction):
    if correction.status == C.SUBMITTED:
        return review_state(correction, correction.article.column)
    return correction.get_status_display()


def may_start(user, article):
    return (
        article.status == ArticleStatus.PUBLISHED
        and not article.is_trashed
        and user.has_perm("news.change_article")
        and may_work_in(user, article.column_id)
    )


def correction_link(user, article):
    """For the article page: (label, url) of its 修订稿, or of starting one, or None."""
    correction = ArticleCorrection.objects.filter(article=article).first()
    if correction is not None:
        url = reverse("admin:news_articlecorrection_change", args=[correction.pk])
        return f"查看修订稿({correction.get_status_display()})", url
    if may_start(user, article):
        return "修订已发布文章", reverse("admin:news_articlecorrection_start", args=[article.pk])
    return None


class CorrectionForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ArticleCorrection
        fields = CORRECTED_FIELDS
        widgets = {"body": CKEditor5Widget(config_name="article"), **MONGOLIAN_WIDGETS}

    class Media:
        js = ["js/wps_paste.js"]  # text pasted from WPS would come out blank

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        disclosure_method_keep(self)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        validity_date_require(self, cleaned)
        if self.instance.pk:
            stored = ArticleCorrection.objects.select_related("updated_by").get(pk=self.instance.pk)
            if cleaned.get("expected_version") != stored.version:
                raise forms.ValidationError(corrections.CorrectionConflictError(stored).messages[0])
            if stored.article.cover_image and not (cleaned.get("cover_alt") or "").strip():
                self.add_error("cover_alt", "文章有封面图片,请填写封面图片说明(替代文字)。")
        return cleaned


@admin.register(ArticleCorrection)
class ArticleCorrectionAdmin(ReadOnlyBodyMixin, admin.ModelAdmin):
    form = CorrectionForm
    change_form_template = "admin/news/articlecorrection/change_form.html"
    list_display = ["__str__", "status", "updated_by", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["article", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "body", "expected_version"]}),
        ("发布信息", {"fields": ["source", "author", "summary", "cover_alt"]}),
        DISCLOSURE_FIELDSET,
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("article", "article__column")
        ids = column_ids_for(request.user)
        return queryset if ids is None else queryset.filter(article__column_id__in=ids)

    def get_object(self, request, object_id, from_field=None):
        try:
            obj = ArticleCorrection.objects.select_related("article", "article__column").get(pk=int(object_id))
        except (ArticleCorrection.DoesNotExist, ValueError, TypeError):
            return None
        if not may_work_in(request.user, obj.article.column_id):
            raise PermissionDenied("您没有管理此栏目的权限。")
        return obj

    # The article's permissions decide; a correction has none of its own.
    def has_module_permission(self, request):
        return request.user.has_perm("news.change_article") or request.user.has_perm("news.view_article")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or may_work_in(request.user, obj.article.column_id))

    def has_change_permission(self, request, obj=None):
        if not request.user.has_perm("news.change_article"):
            return False
        return obj is None or may_correct(request.user, "edit", obj)

    def has_add_permission(self, request):
        return False  # begun from the published article's page

    def has_delete_permission(self, request, obj=None):
        return False  # 放弃修订稿 is a workflow step

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        fieldsets = fieldsets_with_mongolian(fieldsets, obj is not None and mongolian_shown(request, obj.article))
        if obj is not None and not self.has_change_permission(request, obj):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "expected_version"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if workflow_button_pressed(request) and not form.has_changed():
            return
        corrections.correction_save(
            correction=obj,
            actor=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            request=request,
        )

    def response_change(self, request, obj):
        here = reverse("admin:news_articlecorrection_change", args=[obj.pk])
        if not workflow_button_pressed(request):
            if "_save" in request.POST:
                messages.success(request, "修订稿已保存。网站上的文章在审核通过前不变。")
                return HttpResponseRedirect(here)
            return super().response_change(request, obj)
        name = request.POST[WORKFLOW_BUTTON]
        obj.refresh_from_db()
        if name not in ACTIONS or not may_correct(request.user, name, obj):
            messages.error(request, "已保存您的修改,但您现在不能执行这个操作。")
            return HttpResponseRedirect(here)
        messages.info(request, f"已保存您的修改。请确认{ACTIONS[name].label}。")
        return HttpResponseRedirect(reverse("admin:news_articlecorrection_workflow", args=[obj.pk, name]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {}
        if obj is not None:
            extra = {
                "correction_actions": [
                    (n, correction_action_label(n, obj)) for n in ACTIONS if may_correct(request.user, n, obj)
                ],
                "correction_state": correction_state(obj),
                "article": obj.article,
                "article_moved_on": obj.article.version != obj.base_version,
                "wording_hits": check_article(obj.applied()),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/<int:article_pk>/", view(self.start_view), name="news_articlecorrection_start"),
            path("<int:pk>/workflow/<str:action>/", view(self.workflow_view), name="news_articlecorrection_workflow"),
            path("<int:pk>/compare/", view(self.compare_view), name="news_articlecorrection_compare"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **context):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context}

    def start_view(self, request, article_pk):
        article = get_object_or_404(Article.objects.alive().select_related("column"), pk=article_pk)
        if not may_work_in(request.user, article.column_id) or not request.user.has_perm("news.change_article"):
            raise PermissionDenied("您没有管理此栏目的权限。")
        existing = ArticleCorrection.objects.filter(article=article).first()
        if existing is not None:
            return HttpResponseRedirect(reverse("admin:news_articlecorrection_change", args=[existing.pk]))
        errors, status = [], 200
        if request.method == "POST":
            try:
                correction = corrections.correction_start(article=article, actor=request.user, request=request)
            except WorkflowError as error:
                errors, status = error.messages, 400
            else:
                messages.success(request, "已建立修订稿。请修改后提交审核;网站上的文章在审核通过前不变。")
                return HttpResponseRedirect(reverse("admin:news_articlecorrection_change", args=[correction.pk]))
        elif not may_start(request.user, article):
            errors = [f"只有已发布的文章可以修订(当前状态:{article.get_status_display()})。"]
        context = self._context(request, f"修订:{article.title}", article=article, errors=errors)
        return TemplateResponse(request, "admin/news/articlecorrection/start.html", context, status=status)

    def workflow_view(self, request, pk, action):
        if action not in ACTIONS:
            raise PermissionDenied("没有这个操作。")
        correction = self.get_object(request, pk)
        if correction is None:
            return HttpResponseRedirect(reverse("admin:news_articlecorrection_changelist"))
        spec = ACTIONS[action]
        if not all(request.user.has_perm(p) for p in _permissions(action, correction)):
            raise PermissionDenied("您没有执行此操作的权限。")
        label = correction_action_label(action, correction)
        errors, status = [], 200
        applies = correction.status in spec.states
        if not applies:
            errors = [f"修订稿当前状态为“{correction.get_status_display()}”,不能{spec.label}。"]
        elif action in ("approve", "reject"):
            refusal = review_refusal(request.user, article=correction.article, subject=correction, for_correction=True)
            if refusal is not None:
                raise refusal[0](refusal[1])
        if request.method == "POST" and applies:
            try:
                spec.function(
                    correction=correction, actor=request.user, remark=request.POST.get("remark", ""), request=request
                )
            except WorkflowError as error:
                errors, status = error.messages, 400
            except PermissionDenied:
                raise
            else:
                messages.success(request, f"《{correction.article.title}》的修订稿已{label}。")
                still_in_review = action == "approve" and ArticleCorrection.objects.filter(pk=correction.pk).exists()
                if action in ("approve", "discard") and not still_in_review:
                    return HttpResponseRedirect(reverse("admin:news_article_change", args=[correction.article_id]))
                return HttpResponseRedirect(reverse("admin:news_articlecorrection_change", args=[correction.pk]))
        context = self._context(
            request,
            f"修订稿{label}:{correction.article.title}",
            correction=correction,
            spec=spec,
            label=label,
            action=action,
            errors=errors,
            applies=applies,
            remark=request.POST.get("remark", ""),
            wording_hits=check_article(correction.applied()) if spec.checks_wording else [],
        )
        return TemplateResponse(request, "admin/news/articlecorrection/workflow.html", context, status=status)

    def compare_view(self, request, pk):
        correction = self.get_object(request, pk)
        if correction is None or not self.has_view_permission(request, correction):
            raise PermissionDenied("您没有管理此栏目的权限。")
        context = self._context(
            request,
            f"修订稿与已发布版本对比:{correction.article.title}",
            correction=correction,
            article=correction.article,
            comparison=compare_article(correction.article, correction.applied()),
        )
        return TemplateResponse(request, "admin/news/articlecorrection/compare.html", context)

"""The workflow buttons on the article's edit page are buttons of the edit
form itself: pressing one saves what is on the form first (the admin's own
validation and version check run), then opens that step's confirmation. A
form with errors is shown again with everything typed, and no step runs."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .conflicts import KEEP_MINE
from .workflow import ACTIONS, action_label, may

WORKFLOW_BUTTON = "_workflow"


def workflow_button_pressed(request):
    return request.method == "POST" and WORKFLOW_BUTTON in request.POST


class WorkflowButtonsMixin:
    """For the article admin: what happens after a workflow button saved the form."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The admin's own 删除 link would leave the page unsaved; 移入回收站 is a workflow button.
        if change:
            context["show_delete"] = False
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def response_change(self, request, obj):
        if request.method == "POST" and KEEP_MINE in request.POST and not workflow_button_pressed(request):
            messages.success(request, "已保存您的修改。对方的版本仍保留在修订记录中。")
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        if not workflow_button_pressed(request):
            return super().response_change(request, obj)
        name = request.POST[WORKFLOW_BUTTON]
        here = reverse("admin:news_article_change", args=[obj.pk])
        if name not in ACTIONS or not may(request.user, name, obj):
            messages.error(request, "已保存您的修改,但您现在不能执行这个操作。")
            return HttpResponseRedirect(here)
        messages.info(request, f"已保存您的修改。请确认{action_label(name, obj)}。")
        return HttpResponseRedirect(reverse("admin:news_article_workflow", args=[obj.pk, name]))


def nothing_typed(request, form, change):
    """A workflow button pressed on an untouched form: no empty revision."""
    return change and workflow_button_pressed(request) and not form.has_changed()

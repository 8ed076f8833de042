"""The workflow buttons: which a user sees for an article, and what each runs.
Seeing a button and being allowed to press it are the same test; the service
function checks again when it runs."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from ..editorial import services
from ..editorial.permissions import may_work_in
from ..editorial.review import is_final_level, level_label, review_refusal
from ..editorial.services import WorkflowError, require_editable
from ..models import ArticleStatus as S


@dataclass(frozen=True)
class StepButton:
    """A step of an article or a 修订稿 as a button: its words, the rights
    and states it needs, the service function it runs, and what its
    confirmation page asks for."""

    label: str
    permissions: tuple
    states: tuple
    function: Callable
    needs_remark: bool = False
    checks_wording: bool = False
    danger: bool = False
    help: str = ""


@dataclass(frozen=True)
class WorkflowAction(StepButton):
    superuser_only: bool = False
    trashed: bool = False

    def permitted(self, user, article):
        if self.superuser_only and not user.is_superuser:
            return False
        permissions = self.permissions
        if self.function is services.article_approve and not is_final_level(article, article.column):
            permissions = ("news.review_article",)  # publishing is for the last level only
        return all(user.has_perm(p) for p in permissions) and may_work_in(user, article.column_id)

    def applies(self, article):
        return article.is_trashed == self.trashed and (not self.states or article.status in self.states)

    def require_permission(self, user, article):
        if not self.permitted(user, article):
            raise PermissionDenied("您没有执行此操作的权限。")

    def run(self, *, article, user, remark, request):
        kwargs = {"article": article, "actor": user, "request": request}
        if self.function not in (services.article_restore,):
            kwargs["remark"] = remark
        return self.function(**kwargs)


ACTIONS = {
    "submit": WorkflowAction(
        "提交审核",
        ("news.submit_article",),
        (S.DRAFT, S.WITHDRAWN),
        services.article_submit,
        checks_wording=True,
        help="提交后由审核人员审核发布,审核期间您不能再修改。",
    ),
    "approve": WorkflowAction(
        "审核通过并发布",
        ("news.review_article", "news.publish_article"),
        (S.SUBMITTED,),
        services.article_approve,
        checks_wording=True,
        help="发布时间在将来的,到时自动出现在网站上。",
    ),
    "reject": WorkflowAction(
        "退回修改",
        ("news.review_article",),
        (S.SUBMITTED,),
        services.article_reject,
        needs_remark=True,
        help="请写明需要修改的地方,编辑会在文章页面看到。",
    ),
    "publish": WorkflowAction(
        "直接发布",
        ("news.publish_article",),
        (S.DRAFT, S.WITHDRAWN),
        services.article_publish,
        checks_wording=True,
        help="不经提交审核直接发布,仅限有发布权限的人员。",
    ),
    "withdraw": WorkflowAction(
        "撤稿",
        ("news.withdraw_article",),
        (S.PUBLISHED,),
        services.article_withdraw,
        needs_remark=True,
        danger=True,
        help="撤稿后公众不能再看到这篇文章,索引号保留。",
    ),
    "trash": WorkflowAction(
        "移入回收站",
        ("news.delete_article",),
        (S.DRAFT, S.SUBMITTED, S.WITHDRAWN),
        services.article_trash,
        danger=True,
        help="可以在回收站中恢复。已发布的文章请先撤稿。",
    ),
    "restore": WorkflowAction(
        "从回收站恢复",
        ("news.delete_article",),
        (),
        services.article_restore,
        trashed=True,
    ),
}


def may(user, name, article):
    """Whether `user` may take action `name` ("edit" too) on `article` now."""
    if name == "edit":
        try:
            require_editable(user, article)
        except (PermissionDenied, WorkflowError):
            return False
        return True
    action = ACTIONS[name]
    if not (action.applies(article) and action.permitted(user, article)):
        return False
    if name in ("approve", "reject"):
        # 三审: only the level's reviewers, never the author, one level each.
        return review_refusal(user, article=article, subject=article, for_correction=False) is None
    if name == "publish":
        return article.column.review_levels_needed == 1  # a multi-level column is never published directly
    return True


def action_label(name, article):
    """The button's words: 审核通过并发布 at the last level, 初审通过 before it."""
    if name == "approve" and not is_final_level(article, article.column):
        return f"{level_label(article, article.column)}通过"
    if name == "reject" and article.column.review_levels_needed > 1:
        return f"{level_label(article, article.column)}退回修改"
    return ACTIONS[name].label


def allowed_actions(user, article):
    return [name for name in ACTIONS if may(user, name, article)]

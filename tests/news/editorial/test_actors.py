"""Every workflow step names who does it: a signed-in user, or the portal
itself (SYSTEM) for scheduled and command-line work. Nothing is done on
behalf of nobody."""

import inspect
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from news.editorial import corrections, services
from news.editorial.actors import SYSTEM
from news.editorial.services import WorkflowError, article_publish, article_save, article_submit, article_withdraw
from news.models import Article, ArticleStatus, AuditEntry

pytestmark = pytest.mark.django_db

WORKFLOW_FUNCTIONS = [
    getattr(module, name)
    for module in (services, corrections)
    for name in dir(module)
    if name.startswith(("article_", "correction_")) and inspect.isfunction(getattr(module, name))
]


class TestTheActorIsAlwaysExplicit:
    @pytest.mark.parametrize("function", WORKFLOW_FUNCTIONS, ids=lambda f: f.__name__)
    def test_every_workflow_function_takes_a_keyword_only_actor_without_a_default(self, function):
        parameter = inspect.signature(function).parameters["actor"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default is inspect.Parameter.empty
        assert "user" not in inspect.signature(function).parameters

    def test_publishing_without_an_actor_is_a_type_error(self, make_draft):
        with pytest.raises(TypeError):
            article_publish(article=make_draft())  # the old silent default

    def test_none_as_the_actor_is_refused_and_changes_nothing(self, make_draft):
        draft = make_draft()
        for call in (
            lambda: article_submit(article=draft, actor=None),
            lambda: article_publish(article=draft, actor=None),
            lambda: article_save(article=draft, actor=None),
        ):
            with pytest.raises(TypeError, match="actor"):
                call()
        draft.refresh_from_db()
        assert draft.status == ArticleStatus.DRAFT and draft.version == 1

    def test_an_anonymous_user_is_not_an_actor(self, make_draft):
        with pytest.raises(TypeError):
            article_submit(article=make_draft(), actor=AnonymousUser())

    def test_a_person_still_cannot_publish_an_article_never_saved(self, columns, staff):
        with pytest.raises(WorkflowError, match="请先保存"):
            article_publish(
                article=Article(title="未保存", column=columns["news"], body="<p>x</p>"), actor=staff["reviewer"]
            )


class TestTheSystemActor:
    def test_the_system_is_named_in_the_audit_log_and_in_the_revision(self, make_draft):
        article = article_publish(article=make_draft(), actor=SYSTEM)
        entry = AuditEntry.objects.get(action="publish", object_id=str(article.pk))
        assert entry.username == "系统" and entry.user is None
        assert article.updated_by is None

    def test_the_system_withdraws_with_a_reason_like_anybody_else(self, make_article):
        with pytest.raises(WorkflowError, match="撤稿必须填写意见"):
            article_withdraw(article=make_article(), actor=SYSTEM, remark="")

    def test_loading_the_demo_is_recorded_as_the_system(self, db):
        call_command("load_demo", stdout=io.StringIO())
        entries = AuditEntry.objects.filter(action="publish")
        assert entries.count() == Article.objects.count() > 1
        assert {entry.username for entry in entries} == {"系统"}

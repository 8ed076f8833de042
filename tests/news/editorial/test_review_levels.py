"""三审: a column's articles pass up to three review levels (初审, 复审, 终审),
each decided by a different person who is not the author, unless a
superuser allowed it for the column. Every decision is recorded."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from news.editorial.actors import SYSTEM
from news.editorial.corrections import (
    correction_approve,
    correction_reject,
    correction_save,
    correction_start,
    correction_submit,
)
from news.editorial.review import column_review_settings_save
from news.editorial.services import (
    WorkflowError,
    article_approve,
    article_publish,
    article_reject,
    article_save,
    article_submit,
)
from news.models import Article, ArticleStatus, AuditEntry, ReviewDecision, ReviewStep
from news.public.sites import site_hosts
from news.templatetags.admin_todo import waiting_for

from ...conftest import client_for

pytestmark = pytest.mark.django_db
S = ArticleStatus


@pytest.fixture
def three_levels(columns):
    """苏木镇动态 needs 初审, 复审 and 终审."""
    column = columns["news"]
    column.review_levels = 3
    column.save()
    return column


@pytest.fixture
def reviewers(make_staff):
    """Three reviewers of the 公开 section, and one who may review but not publish."""
    first_only = make_staff("chushen", column_names=["public"])
    first_only.user_permissions.add(*Group.objects.get(name="编辑").permissions.all())
    first_only.user_permissions.add(Permission.objects.get(codename="review_article"))
    return {
        "a": make_staff("shen_a", "审核", ["public"]),
        "b": make_staff("shen_b", "审核", ["public"]),
        "c": make_staff("shen_c", "审核", ["public"]),
        "first_only": first_only,
    }


def submitted(make_draft, staff, **fields):
    return article_submit(article=make_draft(**fields), actor=staff["editor"])


def levels_of(article):
    return list(ReviewDecision.objects.filter(article=article).values_list("level_label", "decision", "reviewer_name"))


class TestLevelCount:
    def test_a_column_without_a_setting_needs_one_level_so_one_approval_publishes_as_before(self, make_draft, staff):
        article = submitted(make_draft, staff)
        assert article.review_level == 1
        article = article_approve(article=article, actor=staff["reviewer"])
        assert article.is_public and article.review_level == 0

    def test_a_column_without_a_setting_follows_the_site_default(self, site, columns):
        site.review_levels = 2
        site.save()
        assert columns["news"].review_levels_needed == 2
        columns["notices"].review_levels = 1
        assert columns["notices"].review_levels_needed == 1

    def test_a_three_level_article_is_public_only_after_the_final_review(
        self, three_levels, make_draft, staff, reviewers
    ):
        article = submitted(make_draft, staff)
        article = article_approve(article=article, actor=reviewers["a"], remark="初审同意")
        assert (article.status, article.review_level) == (S.SUBMITTED, 2)
        article = article_approve(article=article, actor=reviewers["b"])
        assert (article.status, article.review_level) == (S.SUBMITTED, 3)
        assert not Article.objects.published().exists()
        article = article_approve(article=article, actor=reviewers["c"])
        assert article.is_public and article.index_number
        assert levels_of(article) == [
            ("初审", "approve", "shen_a"),
            ("复审", "approve", "shen_b"),
            ("终审", "approve", "shen_c"),
        ]

    def test_each_decision_is_a_revision_and_an_audit_entry_naming_its_level(
        self, three_levels, make_draft, staff, reviewers
    ):
        article = submitted(make_draft, staff)
        article_approve(article=article, actor=reviewers["a"], remark="初审同意")
        comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
        assert "初审通过:初审同意" in comments
        entry = AuditEntry.objects.get(action="approve", object_id=str(article.pk))
        assert entry.user == reviewers["a"] and entry.remark == "初审同意"
        assert entry.details["level_label"] == "初审" and entry.details["level"] == 1

    def test_an_early_level_needs_the_review_right_only_and_the_final_one_the_publish_right(
        self, site, columns, make_draft, staff, reviewers
    ):
        site.review_levels = 2
        site.save()
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["first_only"])
        assert article.review_level == 2
        article_reject(article=article, actor=staff["reviewer"], remark="请重写")
        article = article_submit(article=article, actor=staff["editor"])
        article = article_approve(article=article, actor=staff["reviewer"])
        with pytest.raises(PermissionDenied):
            article_approve(article=article, actor=reviewers["first_only"])

    def test_direct_publication_is_refused_in_a_multi_level_column(self, three_levels, make_draft, staff):
        with pytest.raises(WorkflowError, match="3 级审核,不能直接发布"):
            article_publish(article=make_draft(), actor=staff["reviewer"])
        assert not Article.objects.published().exists()

    def test_the_system_still_publishes_in_a_multi_level_column(self, three_levels, make_draft):
        article = article_publish(article=make_draft(), actor=SYSTEM)
        assert article.is_public


class TestFourEyes:
    def test_the_author_cannot_approve_any_level_of_their_own_article(self, three_levels, make_draft, staff, reviewers):
        article = make_draft(user=reviewers["a"])
        article = article_submit(article=article, actor=reviewers["a"])
        with pytest.raises(PermissionDenied, match="本人撰写或提交"):
            article_approve(article=article, actor=reviewers["a"])
        article.refresh_from_db()
        assert article.review_level == 1 and not ReviewDecision.objects.exists()

    def test_whoever_submitted_cannot_approve_it_either(self, make_draft, staff, reviewers):
        article = article_submit(article=make_draft(), actor=reviewers["a"])
        with pytest.raises(PermissionDenied, match="本人撰写或提交"):
            article_approve(article=article, actor=reviewers["a"])
        assert article_approve(article=article, actor=reviewers["b"]).is_public

    def test_a_reviewer_who_changed_the_text_during_review_cannot_approve_it(self, make_draft, staff, reviewers):
        # The outside review's bypass: edit the submitted text, then approve one's own words.
        article = submitted(make_draft, staff)
        article.body = "<p>审核人员改写的正文。</p>"
        article = article_save(article=article, actor=reviewers["b"], expected_version=article.version)
        with pytest.raises(PermissionDenied, match="最后一次修改是您本人所做"):
            article_approve(article=article, actor=reviewers["b"])
        assert article_approve(article=article, actor=reviewers["a"]).is_public

    def test_the_author_cannot_publish_their_own_article_with_one_level_either(self, make_draft, staff):
        article = article_submit(article=make_draft(user=staff["reviewer"]), actor=staff["reviewer"])
        with pytest.raises(PermissionDenied):
            article_approve(article=article, actor=staff["reviewer"])

    def test_one_person_cannot_approve_two_levels_of_the_same_article(self, three_levels, make_draft, staff, reviewers):
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"])
        with pytest.raises(PermissionDenied, match="已审核通过这篇稿件的初审"):
            article_approve(article=article, actor=reviewers["a"])
        with pytest.raises(PermissionDenied, match="两个级别"):
            article_reject(article=article, actor=reviewers["a"], remark="再看看")
        article.refresh_from_db()
        assert article.review_level == 2

    def test_after_a_return_the_resubmission_is_reviewed_afresh(self, three_levels, make_draft, staff, reviewers):
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"])
        article_reject(article=article, actor=reviewers["b"], remark="数据需核实")
        article = article_submit(article=article, actor=staff["editor"])
        article = article_approve(article=article, actor=reviewers["a"])  # 初审 again, by the same person
        assert article.review_level == 2 and article.review_round == 2

    def test_a_superuser_may_allow_the_same_reviewer_for_a_column_and_it_is_audited(
        self, three_levels, make_draft, staff, reviewers
    ):
        column_review_settings_save(
            column=three_levels, actor=staff["admin"], review_levels=3, allow_same_reviewer=True
        )
        entry = AuditEntry.objects.get(action="edit", object_id=str(three_levels.pk))
        assert entry.user == staff["admin"] and "允许同一人审核" in entry.remark
        assert entry.details["review_settings"]["allow_same_reviewer"] == [False, True]
        article = article_submit(article=make_draft(user=reviewers["a"]), actor=reviewers["a"])
        for _ in range(3):
            article = article_approve(article=article, actor=reviewers["a"])
        assert article.is_public

    def test_nobody_but_a_superuser_may_allow_the_same_reviewer(self, three_levels, staff, make_staff):
        manager = make_staff("lanmu", "审核", ["public"])
        manager.user_permissions.add(*Permission.objects.filter(codename="change_column"))
        with pytest.raises(PermissionDenied, match="只有超级管理员"):
            column_review_settings_save(column=three_levels, actor=manager, review_levels=3, allow_same_reviewer=True)
        three_levels.refresh_from_db()
        assert not three_levels.allow_same_reviewer

    def test_the_column_admin_form_does_not_let_a_non_superuser_allow_it(self, three_levels, make_staff):
        manager = make_staff("lanmu", "审核", ["public"])
        manager.user_permissions.add(*Permission.objects.filter(codename__in=["change_column", "view_column"]))
        client = client_for(manager)
        url = reverse("admin:news_column_change", args=[three_levels.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="allow_same_reviewer"' not in page.content.decode()


class TestLevelAssignments:
    def test_only_the_people_assigned_to_a_level_may_decide_it(self, three_levels, make_draft, staff, reviewers):
        step = ReviewStep.objects.create(column=three_levels, level=1)
        step.users.add(reviewers["b"])
        article = submitted(make_draft, staff)
        with pytest.raises(PermissionDenied, match="不是这个栏目初审环节的审核人员"):
            article_approve(article=article, actor=reviewers["a"])
        assert article_approve(article=article, actor=reviewers["b"]).review_level == 2

    def test_members_of_the_group_assigned_to_a_level_may_decide_it(self, three_levels, make_draft, staff, reviewers):
        final = Group.objects.create(name="终审领导")
        reviewers["c"].groups.add(final)
        ReviewStep.objects.create(column=three_levels, level=3, group=final)
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"])
        article = article_approve(article=article, actor=reviewers["b"])
        with pytest.raises(PermissionDenied):
            article_approve(article=article, actor=staff["reviewer"])
        assert article_approve(article=article, actor=reviewers["c"]).is_public


class TestReturns:
    def test_a_return_at_the_second_level_goes_back_to_the_author_with_every_remark(
        self, three_levels, make_draft, staff, reviewers
    ):
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"], remark="标题可再精炼")
        article = article_reject(article=article, actor=reviewers["b"], remark="第二段数据需核实")
        assert article.status == S.DRAFT and article.is_returned and article.review_level == 0
        assert article.review_remark.splitlines() == [
            "初审通过(shen_a):标题可再精炼",
            "复审退回(shen_b):第二段数据需核实",
        ]
        entry = AuditEntry.objects.get(action="reject")
        assert entry.details["level_label"] == "复审" and entry.remark == "第二段数据需核实"

    def test_the_editor_sees_every_decision_on_the_article_page(self, three_levels, make_draft, staff, reviewers):
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"], remark="标题可再精炼")
        article_reject(article=article, actor=reviewers["b"], remark="第二段数据需核实")
        page = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert "标题可再精炼" in page and "第二段数据需核实" in page
        assert '<table class="review-decisions">' in page


class TestWhereItStands:
    def test_the_article_page_says_which_level_it_waits_at_by_whom_and_since_when(
        self, three_levels, make_draft, staff, reviewers
    ):
        ReviewStep.objects.create(column=three_levels, level=2).users.add(reviewers["b"])
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"])
        page = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert '<strong class="workflow-status">复审中(第 2/3 级)</strong>' in page
        since = timezone.localtime(article.review_since)
        assert f"自 {since:%Y-%m-%d %H:%M} 起,由 shen_b 审核" in page

    def test_the_approve_page_refuses_the_author_with_a_reason(self, make_draft, staff):
        article = article_submit(article=make_draft(user=staff["reviewer"]), actor=staff["reviewer"])
        client = client_for(staff["reviewer"])
        response = client.post(reverse("admin:news_article_workflow", args=[article.pk, "approve"]), {"remark": ""})
        assert response.status_code == 403
        assert "本人撰写或提交" in response.content.decode()
        opened = client.get(reverse("admin:news_article_workflow", args=[article.pk, "approve"]))
        assert opened.status_code == 403 and "四眼原则" in opened.content.decode()
        article.refresh_from_db()
        assert article.status == S.SUBMITTED and not ReviewDecision.objects.exists()

    def test_the_author_is_not_offered_the_approve_button(self, make_draft, staff):
        article = article_submit(article=make_draft(user=staff["reviewer"]), actor=staff["reviewer"])
        page = (
            client_for(staff["reviewer"]).get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        )
        assert 'value="approve"' not in page and 'value="reject"' not in page


class TestWaitingForMe:
    def test_each_reviewer_counts_only_what_waits_at_a_level_they_may_decide(
        self, three_levels, make_draft, staff, reviewers
    ):
        at_first = submitted(make_draft, staff, title="待初审")
        at_second = article_approve(article=submitted(make_draft, staff, title="待复审"), actor=reviewers["a"])
        rows_a = {label: count for label, count, url in waiting_for(reviewers["a"])}
        assert rows_a["待审核"] == 2
        assert rows_a["待我初审"] == 1 and "待我复审" not in rows_a  # shen_a passed 待复审's 初审
        rows_b = {label: count for label, count, url in waiting_for(reviewers["b"])}
        assert rows_b["待我初审"] == 1 and rows_b["待我复审"] == 1
        assert at_first.review_level == 1 and at_second.review_level == 2

    def test_the_waiting_for_me_filter_lists_those_articles(self, three_levels, make_draft, staff, reviewers):
        submitted(make_draft, staff, title="待初审")
        article_approve(article=submitted(make_draft, staff, title="待复审"), actor=reviewers["a"])
        response = client_for(reviewers["a"]).get(reverse("admin:news_article_changelist"), {"state": "mine"})
        assert {a.title for a in response.context["cl"].result_list} == {"待初审"}

    def test_nothing_waiting_shows_a_zero(self, staff):
        assert ("待我审核", 0) in [(label, count) for label, count, url in waiting_for(staff["reviewer"])]


class TestCorrections:
    def test_a_correction_passes_the_same_levels_by_different_people(
        self, three_levels, make_article, staff, reviewers
    ):
        article = make_article(title="原标题")
        correction = correction_start(article=article, actor=staff["editor"])
        correction.title = "更正后的标题"
        correction = correction_save(correction=correction, actor=staff["editor"])
        correction = correction_submit(correction=correction, actor=staff["editor"])
        assert correction.review_level == 1
        correction_approve(correction=correction, actor=reviewers["a"])
        correction.refresh_from_db()
        assert correction.review_level == 2
        with pytest.raises(PermissionDenied, match="两个级别"):
            correction_approve(correction=correction, actor=reviewers["a"])
        correction_approve(correction=correction, actor=reviewers["b"])
        article.refresh_from_db()
        assert article.title == "原标题"
        correction.refresh_from_db()
        assert correction_approve(correction=correction, actor=reviewers["c"]).title == "更正后的标题"
        labels = ReviewDecision.objects.filter(article=article, for_correction=True).values_list(
            "level_label", flat=True
        )
        assert list(labels) == ["初审", "复审", "终审"]

    def test_a_correction_return_carries_every_remark(self, three_levels, make_article, staff, reviewers):
        correction = correction_start(article=make_article(title="苏木召开会议"), actor=staff["editor"])
        correction = correction_submit(correction=correction, actor=staff["editor"])
        correction_approve(correction=correction, actor=reviewers["a"], remark="可以")
        correction = correction_reject(correction=correction, actor=reviewers["b"], remark="请注明更正原因")
        assert correction.review_remark.splitlines() == ["初审通过(shen_a):可以", "复审退回(shen_b):请注明更正原因"]

    def test_the_author_of_a_correction_cannot_approve_it(self, make_article, staff):
        correction = correction_start(article=make_article(title="苏木召开会议"), actor=staff["reviewer"])
        correction = correction_submit(correction=correction, actor=staff["reviewer"])
        with pytest.raises(PermissionDenied, match="本人"):
            correction_approve(correction=correction, actor=staff["reviewer"])


class TestMigration:
    def test_articles_waiting_for_review_are_at_the_first_level_and_keep_their_state(self, make_draft, staff):
        article = submitted(make_draft, staff)
        draft = make_draft(title="草稿")
        Article.objects.filter(pk=article.pk).update(review_level=0, review_round=0, review_since=None)
        migration = import_module("news.migrations.0013_review_levels")
        migration.submitted_at_first_level(django_apps, None)
        article.refresh_from_db()
        draft.refresh_from_db()
        assert (article.status, article.review_level, article.review_round) == (S.SUBMITTED, 1, 1)
        assert article.review_since == article.updated_at
        assert (draft.status, draft.review_level) == (S.DRAFT, 0)
        assert article_approve(article=article, actor=staff["reviewer"]).is_public

    def test_saving_an_article_under_review_keeps_its_level(self, three_levels, make_draft, staff, reviewers):
        article = article_approve(article=submitted(make_draft, staff), actor=reviewers["a"])
        article.title = "改过的标题"
        article = article_save(article=article, actor=staff["reviewer"])
        article.refresh_from_db()
        assert article.review_level == 2 and article.status == S.SUBMITTED


class TestAdminPages:
    def test_a_bulk_approval_passes_each_article_one_level(self, three_levels, make_draft, staff, reviewers):
        article = submitted(make_draft, staff)
        response = client_for(reviewers["a"]).post(
            reverse("admin:news_article_changelist"),
            {"action": "approve_selected", "_selected_action": [article.pk]},
            follow=True,
        )
        assert response.status_code == 200
        article.refresh_from_db()
        assert (article.status, article.review_level) == (S.SUBMITTED, 2)

    def test_a_superuser_allows_the_same_reviewer_in_the_column_form_and_it_is_audited(self, three_levels, staff):
        data = {
            "name": three_levels.name,
            "slug": three_levels.slug,
            "parent": three_levels.parent_id,
            "column_type": three_levels.column_type,
            "order": 1,
            "in_navigation": "on",
            "review_levels": "3",
            "allow_same_reviewer": "on",
            "review_steps-TOTAL_FORMS": "0",
            "review_steps-INITIAL_FORMS": "0",
            "review_steps-MIN_NUM_FORMS": "0",
            "review_steps-MAX_NUM_FORMS": "3",
        }
        response = client_for(staff["admin"]).post(reverse("admin:news_column_change", args=[three_levels.pk]), data)
        assert response.status_code == 302
        three_levels.refresh_from_db()
        assert three_levels.allow_same_reviewer
        entry = AuditEntry.objects.get(action="edit", object_id=str(three_levels.pk))
        assert entry.user == staff["admin"] and entry.details["review_settings"]["allow_same_reviewer"] == [False, True]


class TestArticleListQueries:
    def test_the_list_reads_the_sites_default_levels_once_however_many_articles_wait(self, site, make_draft, staff):
        """苏木镇动态 sets no count of its own; the site asks for two levels."""
        site.review_levels = 2
        site.save()
        client = client_for(staff["reviewer"])
        url = reverse("admin:news_article_changelist")

        def queries_for_the_list():
            with CaptureQueriesContext(connection) as captured:
                page = client.get(url).content.decode()
            return len(captured), page

        submitted(make_draft, staff, title="第一篇")
        site_hosts()  # the host names' sites are read once per process, not per list
        few, _ = queries_for_the_list()
        for number in range(6):
            submitted(make_draft, staff, title=f"又一篇{number}")
        many, page = queries_for_the_list()
        assert page.count("初审中(第 1/2 级)") == 7
        assert many == few

"""An installation from before sites (news 0018) upgrades with nothing lost:
its settings row becomes the first site, with its id; every column, audit
entry and staff member belongs to it; revisions, attachments, column
assignments and review steps stay attached; the rights on the old site
settings become the same rights on sites."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from news.models import Article, Attachment, AuditEntry, Column, ColumnAccess, ReviewStep, Site, SiteMembership
from news.public.sites import site_hosts_forget

BEFORE_SITES = ("news", "0018_drop_next_publication_at")

pytestmark = pytest.mark.django_db(transaction=True)

SETTINGS = {
    "site_name": "乌审旗苏力德苏木人民政府",
    "domain": "www.sulide.gov.cn",
    "site_id_code": "1506260001",
    "icp_number": "蒙ICP备12345678号",
    "organiser": "乌审旗苏力德苏木人民政府",
    "index_prefix": "11150626MB1234567X",
    "review_levels": 2,
}


def migrate(*target):
    call_command("migrate", *target, verbosity=0, stdout=io.StringIO())


def old_state():
    """The historical models of every migration applied: news at 0018, the
    other apps as far as they go without news' later migrations."""
    loader = MigrationExecutor(connection).loader
    assert BEFORE_SITES in loader.applied_migrations and ("news", "0019_sites") not in loader.applied_migrations
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def upgraded(settings, tmp_path):
    """A single-site database made with the schema before sites, then
    migrated to the latest. Returns what was made, by name."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    migrate(*BEFORE_SITES)
    try:
        made = old_content_make(old_state())
    finally:
        migrate()  # back to the latest, whatever happened
        site_hosts_forget()
    return made


def old_content_make(apps):
    SiteSettings = apps.get_model("news", "SiteSettings")
    Column = apps.get_model("news", "Column")
    Article = apps.get_model("news", "Article")
    Attachment = apps.get_model("news", "Attachment")
    AuditEntry = apps.get_model("news", "AuditEntry")
    ColumnAccess = apps.get_model("news", "ColumnAccess")
    ReviewStep = apps.get_model("news", "ReviewStep")
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")

    # An id other than 1: the site must keep it.
    SiteSettings.objects.create(id=1, **dict(SETTINGS, site_name="作废", domain="old.example"))
    SiteSettings.objects.filter(id=1).delete()
    settings_row = SiteSettings.objects.create(id=7, **SETTINGS)

    section = Column.objects.create(name="公开", slug="gongkai", column_type="section", is_disclosure=True)
    news = Column.objects.create(name="苏木镇动态", slug="dongtai", parent=section, column_type="news")
    deeper = Column.objects.create(name="2024年", slug="dongtai-2024", parent=news, column_type="news")
    published_at = timezone.now() - timezone.timedelta(days=3)
    articles = [
        Article.objects.create(
            column=column,
            title=f"苏力德苏木迁移前的文章{number}",
            body=f"<p>迁移前写的正文{number}。</p>",
            status="published",
            published_at=published_at,
            index_number=f"11150626MB1234567X/2024-0000{number}",
            source="乌审旗苏力德苏木人民政府",
        )
        for number, column in enumerate([news, deeper], start=1)
    ]

    editor = User.objects.create(username="editor", is_staff=True)
    reviewer = User.objects.create(username="reviewer", is_staff=True)
    resident = User.objects.create(username="resident", is_staff=False)
    ColumnAccess.objects.create(user=editor, column=news)
    step = ReviewStep.objects.create(column=section, level=1)
    step.users.add(reviewer)

    article_type = ContentType.objects.get_or_create(app_label="news", model="article")[0]
    revision = Revision.objects.create(date_created=published_at, user=editor, comment="发布")
    Version.objects.create(
        revision=revision,
        object_id=str(articles[0].pk),
        content_type=article_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "news.article", "pk": articles[0].pk, "fields": {"title": "初稿"}}]),
        object_repr="初稿",
    )
    attachment = Attachment.objects.create(
        article=articles[0], file="attachments/2024/notice.pdf", original_name="通知.pdf", size=3, file_type="pdf"
    )
    entries = [
        AuditEntry.objects.create(
            user=editor, username="editor", action="publish", object_type="文章", object_id=str(a.pk)
        )
        for a in articles
    ]
    entries.append(AuditEntry.objects.create(username="editor", action="login"))

    settings_type = ContentType.objects.get_or_create(app_label="news", model="sitesettings")[0]
    for action in ("view", "change"):
        # As at news 0018: rights on site settings, not yet on sites.
        Permission.objects.filter(content_type__app_label="news", codename=f"{action}_site").delete()
        Permission.objects.get_or_create(
            content_type=settings_type,
            codename=f"{action}_sitesettings",
            defaults={"name": f"Can {action} site settings"},
        )
    office = Group.objects.create(name="办公室")
    office.permissions.set(Permission.objects.filter(codename__in=["view_sitesettings", "change_sitesettings"]))
    editor.groups.add(office)

    return {
        "site_id": settings_row.pk,
        "column_ids": {section.pk, news.pk, deeper.pk},
        "article_ids": [a.pk for a in articles],
        "audit_ids": {e.pk for e in entries},
        "staff_ids": {editor.pk, reviewer.pk},
        "resident_id": resident.pk,
        "attachment_id": attachment.pk,
        "step_id": step.pk,
        "reviewer_id": reviewer.pk,
        "editor_id": editor.pk,
    }


class TestTheFirstSite:
    def test_the_settings_row_becomes_the_first_and_default_site_with_its_id_and_settings(self, upgraded):
        site = Site.objects.get()
        assert site.pk == upgraded["site_id"] == Site.objects.default().pk
        assert {field: getattr(site, field) for field in SETTINGS} == SETTINGS
        assert site.key == "main" and not site.is_platform

    def test_every_column_and_audit_entry_belongs_to_it(self, upgraded):
        assert (
            set(Column.objects.filter(site_id=upgraded["site_id"]).values_list("pk", flat=True))
            == (upgraded["column_ids"])
        )
        assert (
            set(AuditEntry.objects.filter(site_id=upgraded["site_id"]).values_list("pk", flat=True))
            >= (upgraded["audit_ids"])
        )

    def test_staff_are_its_members_and_residents_are_not(self, upgraded):
        members = set(SiteMembership.objects.filter(site_id=upgraded["site_id"]).values_list("user_id", flat=True))
        assert members == upgraded["staff_ids"]
        assert not SiteMembership.objects.filter(user_id=upgraded["resident_id"]).exists()
        assert not SiteMembership.objects.filter(is_site_admin=True).exists()


class TestNothingIsLost:
    def test_articles_keep_their_columns_revisions_and_attachments(self, upgraded):
        from reversion.models import Version

        first, second = (Article.objects.get(pk=pk) for pk in upgraded["article_ids"])
        assert first.column.slug == "dongtai" and second.column.parent.slug == "dongtai"
        versions = Version.objects.get_for_object(first)
        assert [v.object_repr for v in versions] == ["初稿"]
        assert versions[0].revision.user_id == upgraded["editor_id"]
        attachment = Attachment.objects.get(pk=upgraded["attachment_id"])
        assert attachment.article_id == first.pk and attachment.original_name == "通知.pdf"

    def test_column_assignments_and_review_steps_stay(self, upgraded):
        access = ColumnAccess.objects.get(user_id=upgraded["editor_id"])
        assert access.column.slug == "dongtai"
        step = ReviewStep.objects.get(pk=upgraded["step_id"])
        assert step.column.slug == "gongkai"
        assert list(step.users.values_list("pk", flat=True)) == [upgraded["reviewer_id"]]

    def test_the_public_pages_show_the_articles(self, upgraded, client):
        home = client.get("/").content.decode()
        for article in Article.objects.filter(pk__in=upgraded["article_ids"]):
            assert article.title in home
            page = client.get(article.get_absolute_url())
            assert page.status_code == 200
            assert article.title in page.content.decode()
            assert client.get("/site/main" + article.get_absolute_url()).status_code == 200


class TestRights:
    def test_rights_on_the_site_settings_became_the_same_rights_on_sites(self, upgraded):
        from django.contrib.auth.models import Group, User

        office = Group.objects.get(name="办公室")
        assert set(office.permissions.values_list("content_type__model", "codename")) == {
            ("site", "view_site"),
            ("site", "change_site"),
        }
        editor = User.objects.get(pk=upgraded["editor_id"])
        assert editor.has_perm("news.change_site") and editor.has_perm("news.view_site")

"""The demo's 蒙古文版: 苏力德苏木's site has it open, with Mongolian names
for the site and its columns; the seed article's Mongolian is a placeholder
marked as one (no translation could be found), shown as such to staff, set
once and never over a translator's or an administrator's later change."""

import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from news.demo import COLUMN_NAMES_MN, SULIDE_NAME_MN, TRANSLATION_PENDING, read_seed_article
from news.models import Article, Column, Site
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return Site.objects.get(key="sulide")


def seed_article():
    return Article.objects.get(title=read_seed_article().title)


def is_mongolian_script(text):
    """Only letters of the Mongolian block, spaces, NNBSP, MVS and punctuation."""
    letters = [c for c in text if unicodedata.category(c).startswith("L")]
    return bool(letters) and all(0x1820 <= ord(c) <= 0x18AF for c in letters)


class TestTheDemoMongolianVersion:
    def test_the_township_site_has_its_mongolian_version_open_with_mongolian_names(self, demo):
        assert demo.mongolian_enabled
        assert demo.site_name_mn == demo.organiser_mn == demo.default_source_mn == SULIDE_NAME_MN
        assert is_mongolian_script(SULIDE_NAME_MN)
        assert not Site.objects.filter(mongolian_enabled=True).exclude(key="sulide").exists()

    def test_its_columns_have_mongolian_names(self, demo):
        names = dict(Column.objects.filter(site=demo, slug__in=COLUMN_NAMES_MN).values_list("slug", "name_mn"))
        assert names == COLUMN_NAMES_MN and all(is_mongolian_script(name) for name in names.values())

    def test_the_seed_articles_mongolian_is_a_placeholder_marked_as_one(self, demo):
        article = seed_article()
        assert article.has_mongolian and article.mongolian_placeholder
        assert article.title_mn == TRANSLATION_PENDING
        assert SULIDE_NAME_MN in article.body_mn and TRANSLATION_PENDING in article.body_mn
        assert article.status == "published"

    def test_the_mongolian_site_answers(self, demo):
        assert Client().get("/site/sulide/mn/").status_code == 200
        assert Client().get("/mn/").status_code == 404  # the banner's portal has none


class TestStaffSeeThePlaceholder:
    def test_the_change_page_warns_and_the_list_says_placeholder(self, demo, django_user_model):
        admin = django_user_model.objects.create_superuser("demo_admin", password="x-password-123")
        client = client_for(admin)
        article = seed_article()
        page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert "蒙古文为占位稿,不是正式译文" in page and "翻译人员" in page
        listing = client.get(reverse("admin:news_article_changelist"), {"mongolian": "placeholder"})
        assert [a.pk for a in listing.context["cl"].result_list] == [article.pk]
        assert "占位稿" in listing.content.decode()


class TestRunningTheDemoAgain:
    def test_a_second_run_changes_nothing(self, demo):
        article = seed_article()
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "未作改动" in out.getvalue()
        assert seed_article().version == article.version

    def test_a_translators_text_and_a_closed_mongolian_version_are_kept(self, demo):
        article = seed_article()
        Article.objects.filter(pk=article.pk).update(title_mn="ᠰᠢᠨ᠎ᠡ", mongolian_placeholder=False)
        demo.mongolian_enabled = False
        demo.save()
        Column.objects.filter(site=demo, slug="gongkai").update(name_mn="ᠢᠯᠡ")
        call_command("load_demo", stdout=StringIO())
        article = seed_article()
        assert article.title_mn == "ᠰᠢᠨ᠎ᠡ" and not article.mongolian_placeholder
        assert not Site.objects.get(pk=demo.pk).mongolian_enabled
        assert Column.objects.get(site=demo, slug="gongkai").name_mn == "ᠢᠯᠡ"

"""The demo content: the seed article exactly as the township published it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from news.demo import SEED_FILE, read_seed_article, township_site
from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish
from news.models import Article, Column, Site
from tests.settings_env import manage

from ..conftest import beijing

pytestmark = pytest.mark.django_db

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED_FILE.name


class TestSeedParsing:
    def test_the_project_keeps_its_own_copy_of_the_seed_text(self):
        assert SEED_FILE.exists()
        if SHARED_SEED.exists():
            assert SEED_FILE.read_bytes() == SHARED_SEED.read_bytes()

    def test_the_seed_page_is_read_field_by_field(self):
        seed = read_seed_article()
        assert seed.breadcrumb == ["首页", "公开", "苏木镇动态"]
        assert seed.published_at == beijing(2024, 6, 7, 18, 49)
        assert seed.source == "乌审旗苏力德苏木人民政府"
        assert seed.title == "苏力德苏木:做好“三篇文章” 奋力开创统战工作新局面"
        assert seed.author == "茜沁"

    def test_the_three_subheadings_are_found(self):
        headings = [text for is_heading, text in read_seed_article().paragraphs if is_heading]
        assert headings == [
            "做好强基固本文章,强化统战“引领力”",
            "做好服务大局文章,凝聚统战“向心力”",
            "做好增收致富文章,突出统战“推动力”",
        ]

    def test_every_character_of_the_body_is_kept(self):
        seed = read_seed_article()
        text = SEED_FILE.read_text(encoding="utf-8")
        body = text[text.index(seed.title) + len(seed.title) :]
        expected = "".join(body.split()).removesuffix(f"({seed.author})")
        assert "".join("".join(p.split()) for _, p in seed.paragraphs) == expected


def demo_state():
    return (
        list(Site.objects.values()),
        list(Column.objects.values()),
        list(Article.objects.values()),
    )


class TestLoadDemo:
    def test_load_demo_creates_the_column_tree_and_the_seed_article_on_the_township_site(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "演示内容已载入" in out.getvalue()
        article = Article.objects.published().get(title=read_seed_article().title)
        assert article.column.site.key == "sulide"
        assert article.column.name == "苏木镇动态"
        assert article.column.parent.name == "公开"
        assert article.published_at == beijing(2024, 6, 7, 18, 49)
        assert article.author == "茜沁"
        assert article.body.count("<h2>") == 3
        assert article.index_number.endswith("/2024-00001")
        assert Column.objects.filter(site__key="sulide", parent__slug="gongkai").count() >= 4

    def test_running_load_demo_twice_changes_nothing(self):
        call_command("load_demo", stdout=StringIO())
        before = demo_state()
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert demo_state() == before
        assert "未作改动" in out.getvalue()

    def test_load_demo_keeps_site_settings_an_administrator_changed(self):
        call_command("load_demo", stdout=StringIO())
        for site in Site.objects.all():
            site.icp_number = f"蒙ICP备2024{site.pk:04d}号"
            site.save()
        call_command("load_demo", stdout=StringIO())
        assert all(site.icp_number == f"蒙ICP备2024{site.pk:04d}号" for site in Site.objects.all())


class TestDemoPlatform:
    @pytest.fixture
    def demo(self, db):
        call_command("load_demo", stdout=StringIO())
        return {site.key: site for site in Site.objects.all()}

    def test_the_banner_portal_is_the_first_and_default_site_and_the_only_platform(self, demo):
        assert list(demo) == ["wsq", "sulide", "galutu"]
        assert Site.objects.default().key == "wsq"
        assert demo["wsq"].site_name == "乌审旗人民政府"
        assert [key for key, site in demo.items() if site.is_platform] == ["wsq"]

    def test_each_site_has_its_own_settings(self, demo):
        for field in (
            "site_name",
            "domain",
            "site_id_code",
            "organiser",
            "icp_number",
            "police_number",
            "index_prefix",
        ):
            values = [getattr(site, field) for site in demo.values()]
            assert all(values) and len(set(values)) == len(values), field
        assert all(site.contact and site.government_badge_url for site in demo.values())

    def test_each_site_has_its_own_columns(self, demo):
        def names(key):
            return set(Column.objects.filter(site=demo[key]).values_list("name", flat=True))

        assert {"政务要闻", "通知公告", "乡镇动态", "政务公开"} <= names("wsq")
        assert "苏木镇动态" in names("sulide") and "苏木镇动态" not in names("galutu")
        assert "镇动态" in names("galutu")
        assert Column.objects.get(site=demo["wsq"], slug="xiangzhen-dongtai").name == "乡镇动态"

    def test_the_other_sites_articles_say_they_are_demo_text(self, demo):
        others = Article.objects.published().exclude(column__site=demo["sulide"])
        assert {a.column.site.key for a in others} == {"wsq", "galutu"}
        assert all(a.title.startswith("【演示】") and "演示内容" in a.body for a in others)

    @pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "wsq.localhost"])
    def test_the_local_addresses_show_the_banner_portal(self, demo, client, host):
        page = client.get("/", HTTP_HOST=f"{host}:8000").content.decode()
        assert "<title>乌审旗人民政府</title>" in page
        assert "【演示】乌审旗召开全旗政府网站集约化工作推进会" in page

    @pytest.mark.parametrize("path, host", [("/site/sulide/", "127.0.0.1:8000"), ("/", "sulide.localhost:8000")])
    def test_the_township_is_reached_by_its_prefix_and_by_its_host_name(self, demo, client, path, host):
        page = client.get(path, HTTP_HOST=host).content.decode()
        assert "<title>乌审旗苏力德苏木人民政府</title>" in page
        assert read_seed_article().title.split(":")[0] in page

    def test_the_second_township_shows_its_own_articles(self, demo, client):
        page = client.get("/", HTTP_HOST="galutu.localhost").content.decode()
        assert "【演示】嘎鲁图镇开展人居环境整治集中行动" in page
        assert "统战" not in page

    def test_the_development_settings_allow_every_demo_host_name(self, demo):
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; from django.http.request import validate_host;"
            f"print([validate_host(h, settings.ALLOWED_HOSTS) for h in {sorted(h for s in demo.values() for h in s.host_names)!r}])",
            DJANGO_SETTINGS_MODULE="portal.settings.dev",
            ALLOWED_HOSTS="",
        )
        assert result.returncode == 0, result.stderr
        assert "False" not in result.stdout and "True" in result.stdout


EARLIER_DEMO = {
    "key": "main",
    "site_name": "乌审旗苏力德苏木人民政府",
    "domain": "localhost",
    "site_id_code": "1506260000",
    "organiser": "乌审旗苏力德苏木人民政府",
    "index_prefix": "11150626000000000X",
}


class TestAnEarlierDemoDatabase:
    """A database from the single-site demo: one site "main", 苏力德苏木's."""

    @pytest.fixture
    def earlier(self, db):
        site = Site.objects.create(**EARLIER_DEMO)
        column = Column.objects.create(site=site, name="苏木镇动态", slug="sumuzhen-dongtai")
        seed = read_seed_article()
        article = article_publish(
            article=Article(column=column, title=seed.title, body=seed.body_html),
            published_at=seed.published_at,
            actor=SYSTEM,
        )
        return site, article

    def test_the_old_site_stays_the_township_with_its_article_and_the_others_are_added(self, earlier):
        site, article = earlier
        call_command("load_demo", stdout=StringIO())
        site.refresh_from_db()
        assert (site.key, site.site_name, site.domain) == ("main", "乌审旗苏力德苏木人民政府", "sulide.localhost")
        assert list(Site.objects.values_list("key", flat=True)) == ["main", "wsq", "galutu"]
        assert Article.objects.filter(title=article.title).count() == 1
        assert Column.objects.filter(site=site, slug="gongkai").exists()

    def test_localhost_then_shows_the_banner_and_the_prefix_of_the_old_site_the_township(self, earlier, client):
        site, article = earlier
        call_command("load_demo", stdout=StringIO())
        assert "<title>乌审旗人民政府</title>" in client.get("/", HTTP_HOST="localhost:8000").content.decode()
        response = client.get("/site/main" + article.get_absolute_url(), HTTP_HOST="localhost:8000")
        assert response.status_code == 200

    def test_a_second_run_changes_nothing(self, earlier):
        call_command("load_demo", stdout=StringIO())
        before = demo_state()
        call_command("load_demo", stdout=StringIO())
        assert demo_state() == before


class TestSeedBench:
    def test_seed_bench_adds_published_articles_with_unique_index_numbers(self):
        call_command("seed_bench", "250", "--batch-size", "100", stdout=StringIO())
        township = Article.objects.published().filter(column__site=township_site())
        assert township.count() == 251  # and the seed article
        numbers = list(Article.objects.values_list("index_number", flat=True))
        assert len(set(numbers)) == len(numbers)
        assert township.exclude(author="").count() == 251

    def test_index_numbers_continue_after_seeded_ones(self):
        call_command("seed_bench", "50", stdout=StringIO())
        article = Article(
            title="新文章", column=Column.objects.get(site__key="sulide", slug="sumuzhen-dongtai"), body="<p>x</p>"
        )
        article_publish(article=article, published_at=timezone.now(), actor=SYSTEM)
        assert not Article.objects.exclude(pk=article.pk).filter(index_number=article.index_number).exists()

    def test_seed_bench_refuses_a_count_below_one(self):
        with pytest.raises(CommandError):
            call_command("seed_bench", "0")

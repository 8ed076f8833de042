"""The demo content: the seed article exactly as the township published it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from news.demo import SEED_FILE, read_seed_article
from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish
from news.models import Article, Column, Site

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


class TestLoadDemo:
    def test_load_demo_creates_the_column_tree_and_the_seed_article(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "演示内容已载入" in out.getvalue()
        article = Article.objects.published().get()
        assert article.column.name == "苏木镇动态"
        assert article.column.parent.name == "公开"
        assert article.published_at == beijing(2024, 6, 7, 18, 49)
        assert article.author == "茜沁"
        assert article.body.count("<h2>") == 3
        assert article.index_number.endswith("/2024-00001")
        assert Column.objects.filter(parent__slug="gongkai").count() >= 4

    def test_running_load_demo_twice_changes_nothing(self):
        call_command("load_demo", stdout=StringIO())
        before = (
            list(Article.objects.values()),
            list(Column.objects.values()),
            list(Site.objects.values()),
        )
        call_command("load_demo", stdout=StringIO())
        after = (list(Article.objects.values()), list(Column.objects.values()), list(Site.objects.values()))
        assert before == after

    def test_load_demo_keeps_site_settings_an_administrator_changed(self):
        call_command("load_demo", stdout=StringIO())
        settings = Site.objects.default()
        settings.icp_number = "蒙ICP备20240607号"
        settings.save()
        call_command("load_demo", stdout=StringIO())
        assert Site.objects.default().icp_number == "蒙ICP备20240607号"


class TestSeedBench:
    def test_seed_bench_adds_published_articles_with_unique_index_numbers(self):
        call_command("seed_bench", "250", "--batch-size", "100", stdout=StringIO())
        assert Article.objects.published().count() == 251  # and the seed article
        numbers = list(Article.objects.values_list("index_number", flat=True))
        assert len(set(numbers)) == len(numbers)
        assert Article.objects.exclude(author="").count() == 251

    def test_index_numbers_continue_after_seeded_ones(self):
        call_command("seed_bench", "50", stdout=StringIO())
        article = Article(title="新文章", column=Column.objects.get(slug="sumuzhen-dongtai"), body="<p>x</p>")
        article_publish(article=article, published_at=timezone.now(), actor=SYSTEM)
        assert not Article.objects.exclude(pk=article.pk).filter(index_number=article.index_number).exists()

    def test_seed_bench_refuses_a_count_below_one(self):
        with pytest.raises(CommandError):
            call_command("seed_bench", "0")

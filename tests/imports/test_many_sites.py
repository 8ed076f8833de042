"""import_articles --site KEY: the mapping's columns, the JSON export's
column paths and the default 来源 are the named site's."""

import pytest

from imports.sample_pages import sample_page
from news.models import Article, Column, ColumnType, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def galutu(site):
    galutu = Site.objects.create(
        key="galutu",
        site_name="嘎鲁图镇人民政府",
        domain="galutu.example.gov.cn",
        organiser="嘎鲁图镇人民政府",
        default_source="嘎鲁图镇党政办",
    )
    # The slugs the example mapping names, on this site too.
    for slug, name in (("sumuzhen-dongtai", "镇动态"), ("tongzhi-gonggao", "镇公告"), ("zhengce-wenjian", "镇文件")):
        Column.objects.create(site=galutu, name=name, slug=slug, column_type=ColumnType.NEWS)
    return galutu


class TestImportingIntoASite:
    def test_pages_go_to_the_named_sites_column_of_the_mapped_slug(self, run_import, pages, galutu):
        sample_page(7).write(pages)

        code, output = run_import(pages, "--site", "galutu")

        assert code == 0, output
        article = Article.objects.get()
        assert article.column.site == galutu
        assert article.column.name == "镇动态"

    def test_without_the_option_pages_go_to_the_default_site(self, run_import, pages, galutu, site):
        sample_page(7).write(pages)
        assert run_import(pages)[0] == 0
        assert Article.objects.get().column.site == site

    def test_an_unknown_site_is_refused_with_exit_code_2_naming_the_known_ones(self, run_import, pages, galutu):
        sample_page(7).write(pages)

        code, output = run_import(pages, "--site", "nowhere")

        assert code == 2
        assert "没有站点“nowhere”(已有站点:main、galutu)" in output
        assert not Article.objects.exists()

    def test_a_mapped_column_the_site_lacks_is_named(self, run_import, pages, galutu):
        sample_page(7).write(pages)
        Column.objects.filter(site=galutu).delete()

        code, output = run_import(pages, "--site", "galutu")

        assert code == 2
        assert "映射文件中的栏目不存在" in output

    def test_a_page_imported_into_one_site_is_not_taken_over_by_another(self, run_import, pages, galutu, site):
        sample_page(7).write(pages)
        assert run_import(pages)[0] == 0

        code, output = run_import(pages, "--site", "galutu")

        assert code == 1
        assert "属于另一个站点,不能导入到本站点" in output
        assert Article.objects.get().column.site == site


class TestDefaultSource:
    def test_a_page_without_a_source_takes_the_sites_default_source(self, run_import, pages, galutu):
        page = sample_page(7)
        page.source = ""
        page.write(pages)

        assert run_import(pages, "--site", "galutu")[0] == 0
        assert Article.objects.get().source == "嘎鲁图镇党政办"


class TestJsonIntoASite:
    def test_a_sites_json_export_is_imported_into_that_sites_columns_by_path(self, run_import, galutu, tmp_path):
        from archive.selection import filters_parse
        from archive.services import archive_export
        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_publish

        column = Column.objects.get(site=galutu, slug="sumuzhen-dongtai")
        article_publish(article=Article(column=column, title="嘎鲁图镇旧闻", body="<p>旧闻。</p>"), actor=SYSTEM)
        path = tmp_path / "galutu.json"
        archive_export(filters=filters_parse(site="galutu"), fmt="json", out=path, actor="测试")
        Article.objects.all().delete()
        # The default site has a column of the same path.
        same_path = Column.objects.create(name="镇动态", slug="zhen-dongtai", column_type=ColumnType.NEWS)

        code, output = run_import(path, "--json", "--site", "galutu", mapping=None)

        assert code == 0, output
        assert Article.objects.get().column == column
        Article.objects.all().delete()
        assert run_import(path, "--json", mapping=None)[0] == 0
        assert Article.objects.get().column == same_path

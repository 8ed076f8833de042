"""Many sites (集约化): each site's pages in its own folder of the published
tree, written for its own host name; a change touches only its site's
folder; an article moved to another site's column leaves the old folder;
a deleted site's folder goes; publish_site per site or for all."""

import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import set_script_prefix

from news.models import Column, ColumnType, Site
from publishing import tasks
from publishing.models import ListChange, PageFile
from publishing.nginx_map import nginx_site_map_path, nginx_site_map_text
from publishing.render import site_address
from publishing.services import article_pages_queue, pages_publish_waiting, site_publish_queue
from publishing.targets import article_target
from tests.conftest import beijing

GALUTU_HOST = "galutu.example.gov.cn"


@pytest.fixture
def galutu(site):
    """A second site with one column, 镇动态 (slug dongtai, as the first site's)."""
    other = Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain=GALUTU_HOST, organiser="嘎鲁图镇人民政府"
    )
    column = Column.objects.create(name="嘎鲁图镇动态", slug="dongtai", column_type=ColumnType.NEWS, site=other)
    return {"site": other, "news": column}


def read(root, site_key, path):
    return (root / site_key / path).read_text()


class TestEachSiteHasItsFolder:
    def test_a_whole_rebuild_writes_every_site_into_its_own_folder(self, published_tree, make_article, galutu, columns):
        main_article = make_article(title="苏力德苏木的文章")
        galutu_article = make_article(title="嘎鲁图镇的文章", column=galutu["news"])
        site_publish_queue()
        assert pages_publish_waiting()[1] == 0
        home = read(published_tree, "galutu", "index.html")
        assert "嘎鲁图镇人民政府" in home and "嘎鲁图镇的文章" in home and "苏力德苏木的文章" not in home
        assert "嘎鲁图镇的文章" in read(published_tree, "galutu", f"article/{galutu_article.pk}/index.html")
        assert not (published_tree / "main" / "article" / str(galutu_article.pk)).exists()
        assert not (published_tree / "galutu" / "article" / str(main_article.pk)).exists()
        assert "苏力德苏木的文章" in read(published_tree, "main", "column/dongtai/index.html")
        assert "嘎鲁图镇的文章" in read(published_tree, "galutu", "column/dongtai/index.html")
        assert "嘎鲁图镇人民政府" in read(published_tree, "galutu", "_errors/503.html")

    def test_a_sites_file_is_what_its_host_name_serves(self, published_tree, make_article, galutu):
        article = make_article(title="嘎鲁图镇的文章", column=galutu["news"])
        site_publish_queue("galutu")
        pages_publish_waiting("galutu")
        for path in ("/", f"/article/{article.pk}/", "/feed/", "/sitemap-articles.xml"):
            host, scheme = site_address(galutu["site"])
            assert host == GALUTU_HOST
            served = Client().get(path, HTTP_HOST=host, secure=scheme == "https").content
            name = "index.html" if path == "/" else path.strip("/") + "/index.html"
            name = {"/feed/": "feed/index.xml", "/sitemap-articles.xml": "sitemap-articles.xml"}.get(path, name)
            assert (published_tree / "galutu" / name).read_bytes() == served, path

    def test_a_publication_writes_only_its_sites_folder(self, published_tree, make_article, galutu, publish):
        article = publish(lambda: make_article(title="嘎鲁图新闻", column=galutu["news"]))
        assert "嘎鲁图新闻" in read(published_tree, "galutu", f"article/{article.pk}/index.html")
        assert "嘎鲁图新闻" in read(published_tree, "galutu", "column/dongtai/index.html")
        assert not (published_tree / "main").exists()
        assert set(PageFile.objects.values_list("site", flat=True)) == {"galutu"}

    def test_a_change_made_under_a_site_prefix_queues_the_sites_own_paths(self, galutu):
        set_script_prefix("/site/galutu/")
        try:
            assert article_target(5).path == "/article/5/"
        finally:
            set_script_prefix("/")


class TestMovingAnArticleToAnotherSite:
    def test_it_leaves_the_old_sites_tree_and_enters_the_new_one(
        self, published_tree, make_article, galutu, publish, django_capture_on_commit_callbacks
    ):
        article = publish(lambda: make_article(title="搬家的文章"))
        old_page = published_tree / "main" / "article" / str(article.pk) / "index.html"
        assert old_page.exists()
        article.column = galutu["news"]
        with django_capture_on_commit_callbacks(execute=True):
            article.save()
        assert not old_page.exists()  # at once, before the worker
        assert set(ListChange.objects.values_list("site", flat=True)) == {"main", "galutu"}
        pages_publish_waiting()
        assert "搬家的文章" in read(published_tree, "galutu", f"article/{article.pk}/index.html")
        assert "搬家的文章" in read(published_tree, "galutu", "column/dongtai/index.html")
        assert "搬家的文章" not in read(published_tree, "main", "column/dongtai/index.html")
        assert "搬家的文章" not in read(published_tree, "main", "index.html")


class TestSiteChanges:
    def test_a_column_change_queues_only_its_sites_rebuild(self, galutu, django_capture_on_commit_callbacks):
        with mock.patch.object(tasks, "_enqueue_once") as enqueue, django_capture_on_commit_callbacks(execute=True):
            galutu["news"].name = "嘎鲁图动态"
            galutu["news"].save()
        assert [call.args for call in enqueue.call_args_list] == [(tasks.site_publish, "galutu")]

    def test_a_sites_settings_change_queues_only_that_site(self, galutu, django_capture_on_commit_callbacks):
        with mock.patch.object(tasks, "_enqueue_once") as enqueue, django_capture_on_commit_callbacks(execute=True):
            galutu["site"].contact = "0477-7654321"
            galutu["site"].save()
        assert [call.args for call in enqueue.call_args_list] == [(tasks.site_publish, "galutu")]

    def test_a_deleted_site_leaves_no_folder_and_no_rows(
        self, published_tree, galutu, django_capture_on_commit_callbacks
    ):
        galutu["news"].delete()  # a site with columns cannot be deleted (PROTECT)
        site_publish_queue("galutu")
        pages_publish_waiting("galutu")
        assert (published_tree / "galutu" / "index.html").exists()
        with django_capture_on_commit_callbacks(execute=True):
            galutu["site"].delete()
        assert not (published_tree / "galutu").exists()
        assert not PageFile.objects.filter(site="galutu").exists()
        assert "galutu" not in nginx_site_map_path().read_text()

    def test_a_changed_key_moves_the_folder(self, published_tree, make_article, galutu, publish):
        make_article(title="嘎鲁图镇的文章", column=galutu["news"])
        site_publish_queue("galutu")
        pages_publish_waiting("galutu")
        galutu["site"].key = "galutu-zhen"
        publish(galutu["site"].save)
        site_publish_queue("galutu-zhen")  # what the queued site_publish task does
        pages_publish_waiting()
        assert not (published_tree / "galutu").exists()
        assert "嘎鲁图镇的文章" in read(published_tree, "galutu-zhen", "index.html")

    def test_a_rebuild_of_every_site_removes_the_folder_of_a_site_that_is_no_more(self, published_tree, site):
        stray = published_tree / "gone" / "index.html"
        stray.parent.mkdir(parents=True)
        stray.write_text("old")
        PageFile.objects.create(site="gone", path="/")
        site_publish_queue()
        assert not stray.parent.exists()
        assert not PageFile.objects.filter(site="gone").exists()


class TestViewCounts:
    def test_the_pages_counted_are_queued_in_their_sites_folders(self, make_article, galutu):
        one = make_article(title="一")
        two = make_article(title="二", column=galutu["news"])
        assert article_pages_queue([one.pk, two.pk]) == {"main": 1, "galutu": 1}
        assert PageFile.objects.get(path=f"/article/{two.pk}/").site == "galutu"


class TestPublishSiteCommand:
    def run(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("publish_site", *args, "--processes", "1", stdout=out, stderr=err)
        return out.getvalue()

    def test_one_site_is_rebuilt_alone(self, published_tree, make_article, galutu):
        make_article(title="苏力德苏木的文章")
        out = self.run("--site", "galutu")
        assert "站点 galutu" in out
        assert (published_tree / "galutu" / "index.html").exists()
        assert not (published_tree / "main").exists()

    def test_without_a_site_every_site_is_rebuilt(self, published_tree, make_article, galutu):
        make_article(title="苏力德苏木的文章")
        out = self.run()
        assert "2 个站点" in out
        assert (published_tree / "galutu" / "index.html").exists()
        assert (published_tree / "main" / "index.html").exists()
        assert "galutu.example.gov.cn galutu;" in nginx_site_map_path().read_text()

    def test_changed_since_covers_each_sites_articles(self, published_tree, make_article, galutu):
        article = make_article(title="嘎鲁图镇的文章", column=galutu["news"], published_at=beijing(2026, 6, 15, 9, 0))
        self.run("--changed-since", "2026-06-15")
        assert (published_tree / "galutu" / "article" / str(article.pk) / "index.html").exists()

    def test_an_unknown_site_is_refused_in_chinese(self, galutu):
        with pytest.raises(CommandError, match="没有站点“nowhere”。现有站点:main、galutu"):
            self.run("--site", "nowhere")


class TestNginxSiteMap:
    def test_every_host_name_maps_to_its_site_and_the_default_site_answers_the_rest(self, galutu):
        galutu["site"].extra_domains = "Galutu.gov.cn\nwww.example.gov.cn\nbad_name;"
        galutu["site"].save()
        lines = nginx_site_map_text().splitlines()
        assert "default main;" in lines
        assert "www.example.gov.cn main;" in lines  # the first site keeps a name claimed twice
        assert "galutu.example.gov.cn galutu;" in lines and "galutu.gov.cn galutu;" in lines
        assert "www.example.gov.cn galutu;" not in lines
        assert not any("bad" in line for line in lines)  # never a line that breaks nginx's configuration

    def test_saving_a_site_rewrites_the_map(self, galutu, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            galutu["site"].extra_domains = "gltz.example.gov.cn"
            galutu["site"].save()
        assert "gltz.example.gov.cn galutu;" in nginx_site_map_path().read_text()


class TestUpgrade:
    def test_a_list_change_queued_before_states_carried_their_site_is_worked_out_in_its_rows_site(
        self, published_tree, make_article, galutu
    ):
        from publishing.services import list_changes_queue
        from publishing.targets import public_state, state_to_json

        article = make_article(title="升级前排队的文章", column=galutu["news"])
        old_style = state_to_json(public_state(article.pk))
        del old_style["site"]
        ListChange.objects.create(site="galutu", article_id=article.pk, before=None, after=old_style)
        assert list_changes_queue("galutu") == 1
        assert set(PageFile.objects.values_list("site", flat=True)) == {"galutu"}

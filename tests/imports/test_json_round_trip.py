"""Our own JSON export imported again: export → import into an empty
database → export gives the same rows, ids aside."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Revision

from archive.rows import FIELDS
from archive.selection import filters_parse
from archive.services import archive_export
from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish, article_save, article_withdraw
from news.media.images import image_store
from news.models import Article, ArticleStatus, AuditEntry, Column, IndexNumberCounter
from tests.conftest import MN_BODY, MN_TITLE, beijing
from tests.media_files import photo_bytes


def export_json(path):
    archive_export(filters=filters_parse(status="all"), fmt="json", out=path, actor="测试")
    return json.loads(path.read_text(encoding="utf-8"))


def database_emptied():
    """Everything an article leaves behind; the columns and 站点设置 stay (they are the site, not content)."""
    Article.objects.all().delete()
    Revision.objects.all().delete()
    AuditEntry.objects.all().delete()
    IndexNumberCounter.objects.all().delete()


@pytest.fixture
def site_content(demo_columns):
    news = Column.objects.get(slug="sumuzhen-dongtai")
    notices = Column.objects.get(slug="tongzhi-gonggao")
    photo = image_store(upload=SimpleUploadedFile("现场.jpg", photo_bytes(size=(1200, 800))))
    published = Article(
        column=news,
        title="示例苏木召开“三篇文章”专题会议",
        subtitle="副标题:统战工作",
        author="其木格",
        source="示例苏木党政办",
        body=f'<p>  会议强调,要做好三篇文章。</p><h2>做好强基固本文章</h2><p><img src="{photo.url}" alt="会议现场"></p>',
    )
    article_publish(article=published, published_at=beijing(2024, 6, 7, 18, 49), actor=SYSTEM)
    published.title = "示例苏木召开“三篇文章”专题会议(更正)"
    # Its 蒙古文版 travels with it (test words, marked as a placeholder).
    published.title_mn, published.body_mn, published.summary_mn = MN_TITLE, MN_BODY, "ᠮᠡᠳᠡᠭᠡ"
    published.source_mn, published.author_mn, published.mongolian_placeholder = "ᠰᠤᠮᠤ", "ᠮᠣᠩᠭᠣᠯ", True
    article_save(article=published, actor=SYSTEM)
    summarised = Article(
        column=notices, title="关于开展秸秆禁烧的通告", summary="编辑写的摘要。", body="<p>通告正文。</p>"
    )
    article_publish(article=summarised, published_at=beijing(2023, 10, 1, 9, 0), actor=SYSTEM)
    withdrawn = Article(column=news, title="已撤稿的旧闻", body="<p>旧闻。</p>")
    article_publish(article=withdrawn, published_at=beijing(2022, 1, 5, 10, 0), actor=SYSTEM)
    article_withdraw(article=withdrawn, actor=SYSTEM, remark="信息过时")
    draft = Article(column=news, title="尚未发布的草稿", body="<p>草稿正文。</p>")
    article_save(article=draft, actor=SYSTEM)
    return [published, summarised, withdrawn, draft]


class TestRoundTrip:
    def test_export_import_export_gives_the_same_rows_except_ids(self, site_content, run_import, tmp_path):
        before = export_json(tmp_path / "before.json")
        database_emptied()
        code, output = run_import(tmp_path / "before.json", "--json", mapping=None)
        assert code == 0, output
        assert "新建 4 篇" in output
        after = export_json(tmp_path / "after.json")
        compared = [name for name in before["文章"][0] if name not in ("网址", "修订数")]
        assert [{name: row[name] for name in compared} for row in after["文章"]] == [
            {name: row[name] for name in compared} for row in before["文章"]
        ]
        assert set(compared) >= set(FIELDS) - {"网址", "修订数"}
        assert [row["网址"] for row in after["文章"]] != [row["网址"] for row in before["文章"]]
        # 修订数 counts this database's revisions: the import is the first.
        assert [row["修订数"] for row in after["文章"]] == [1, 1, 1, 1]

    def test_the_old_address_index_numbers_and_states_are_kept(self, site_content, run_import, tmp_path):
        before = export_json(tmp_path / "before.json")
        database_emptied()
        run_import(tmp_path / "before.json", "--json", mapping=None)
        imported = {article.source_url: article for article in Article.objects.all()}
        for row in before["文章"]:
            article = imported[row["网址"]]
            assert (article.index_number or "", article.get_status_display()) == (row["索引号"], row["状态"])
        assert Article.objects.get(title="关于开展秸秆禁烧的通告").summary_auto is False
        assert Article.objects.get(title="已撤稿的旧闻").status == ArticleStatus.WITHDRAWN
        translated = Article.objects.get(title_mn=MN_TITLE)
        assert (translated.body_mn, translated.summary_mn, translated.source_mn) == (MN_BODY, "ᠮᠡᠳᠡᠭᠡ", "ᠰᠤᠮᠤ")
        assert translated.has_mongolian and translated.mongolian_placeholder

    def test_importing_the_same_export_again_changes_nothing(self, site_content, run_import, tmp_path):
        export_json(tmp_path / "before.json")
        database_emptied()
        run_import(tmp_path / "before.json", "--json", mapping=None)
        code, output = run_import(tmp_path / "before.json", "--json", mapping=None)
        assert code == 0 and "新建 0 篇,更新 0 篇,未变 4 篇" in output
        assert Article.objects.count() == 4


class TestBadExports:
    def test_an_export_made_before_it_carried_the_body_is_refused_per_article(self, site_content, run_import, tmp_path):
        data = export_json(tmp_path / "old.json")
        for row in data["文章"]:
            del row["正文"]
        (tmp_path / "old.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        database_emptied()
        code, output = run_import(tmp_path / "old.json", "--json", mapping=None)
        assert code == 1 and "没有正文:这份导出文件是旧版导出的,请重新导出 JSON" in output
        assert not Article.objects.exists()

    def test_a_column_this_site_lacks_is_named(self, site_content, run_import, tmp_path):
        data = export_json(tmp_path / "e.json")
        data["文章"][0]["栏目路径"] = "公开 > 领导之窗"
        (tmp_path / "e.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        database_emptied()
        code, output = run_import(tmp_path / "e.json", "--json", mapping=None)
        assert code == 1 and "本站没有栏目“公开 > 领导之窗”" in output
        assert Article.objects.count() == 3

    def test_a_file_that_is_not_our_export_is_refused_with_exit_code_2(self, run_import, tmp_path):
        (tmp_path / "x.json").write_text('{"rows": []}', encoding="utf-8")
        code, output = run_import(tmp_path / "x.json", "--json", mapping=None)
        assert code == 2 and "不是本站导出的 JSON 文章清单" in output
        (tmp_path / "y.json").write_text("not json", encoding="utf-8")
        assert run_import(tmp_path / "y.json", "--json", mapping=None)[0] == 2

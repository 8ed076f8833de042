"""Importing a folder of pages saved from an old township site, read with a mapping file."""

import os

import pytest

from imports.sample_pages import sample_page
from imports.sources import page_read
from news.models import Article, ArticleStatus, AuditEntry, IndexNumberCounter
from tests.conftest import beijing


class TestWhatAPageGives:
    def test_every_field_of_a_seed_style_page_is_read(self, run_import, pages):
        page = sample_page(7)
        page.write(pages)
        code, output = run_import(pages)
        assert code == 0, output
        article = Article.objects.get()
        assert article.title == page.title
        assert article.column.slug == "sumuzhen-dongtai"
        assert article.published_at == page.published_at
        assert article.source == "示例苏木人民政府"
        assert article.index_number == page.index_number
        assert article.author == page.author
        assert article.source_url == page.url
        assert article.status == ArticleStatus.PUBLISHED
        assert article.is_public

    def test_the_body_keeps_paragraphs_and_subheadings_but_not_the_byline_or_page_furniture(self, run_import, pages):
        page = sample_page(8)
        page.write(pages)
        run_import(pages)
        body = Article.objects.get().body
        heading = next(text for is_heading, text in page.paragraphs if is_heading)
        assert f"<p><strong>{heading}</strong></p>" in body
        assert page.paragraphs[0][1] in body
        assert page.author not in body
        for furniture in ("分享到", "字体", "当前位置", "stat.js", page.title):
            assert furniture not in body

    def test_a_byline_closing_the_last_paragraph_is_the_author_and_leaves_the_paragraph(self, run_import, pages):
        page = sample_page(10)
        assert page.byline_inline
        page.write(pages)
        run_import(pages)
        article = Article.objects.get()
        last_paragraph = page.paragraphs[-1][1]
        assert article.author == page.author
        assert f"{last_paragraph}</p>" in article.body
        assert f"({page.author})" not in article.body

    def test_a_page_saved_in_gbk_reads_as_the_same_chinese(self, run_import, pages):
        page = sample_page(11)
        html = page.html().replace(
            '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        )
        target = pages / page.path
        target.parent.mkdir(parents=True)
        target.write_bytes(html.encode("gbk"))
        code, output = run_import(pages)
        assert code == 0, output
        article = Article.objects.get()
        assert (article.title, article.author) == (page.title, page.author)
        assert page.paragraphs[1][1] in article.body

    def test_the_original_publication_time_is_kept_in_beijing_time(self, run_import, pages):
        page = sample_page(9)
        page.published_at = beijing(2019, 3, 1, 8, 5)
        page.write(pages)
        run_import(pages)
        assert Article.objects.get().published_at == beijing(2019, 3, 1, 8, 5)

    def test_an_imported_index_number_moves_the_sites_counter_on(self, run_import, pages, site):
        page = sample_page(12)
        page.index_number = f"{site.index_prefix}/2024-00042"
        page.write(pages)
        run_import(pages)
        assert IndexNumberCounter.objects.get(prefix=site.index_prefix, year=2024).last_number == 42

    def test_each_import_is_in_the_audit_log_by_the_system(self, run_import, pages):
        sample_page(3).write(pages)
        run_import(pages)
        entry = AuditEntry.objects.get(action="import")
        assert (entry.username, entry.remark) == ("系统", "导入新建")
        assert entry.details["source_url"].endswith("_3.html")


class TestRunningAgain:
    def test_a_second_run_changes_nothing_and_duplicates_nothing(self, run_import, pages):
        for number in (1, 2, 3):
            sample_page(number).write(pages)
        assert run_import(pages)[0] == 0
        versions = list(Article.objects.order_by("pk").values_list("pk", "version"))
        code, output = run_import(pages)
        assert code == 0
        assert "新建 0 篇,更新 0 篇,未变 3 篇,失败 0 篇" in output
        assert list(Article.objects.order_by("pk").values_list("pk", "version")) == versions
        assert AuditEntry.objects.filter(action="import").count() == 3

    def test_a_page_changed_on_the_old_site_updates_its_article(self, run_import, pages):
        page = sample_page(4)
        page.write(pages)
        run_import(pages)
        article = Article.objects.get()
        page.title = "更正后的标题"
        page.paragraphs.append((False, "补充说明:活动时间调整为下周一。"))
        page.write(pages)
        code, output = run_import(pages)
        assert code == 0 and "更新 1 篇" in output
        updated = Article.objects.get()
        assert updated.pk == article.pk
        assert updated.title == "更正后的标题"
        assert "补充说明" in updated.body
        assert updated.index_number == article.index_number
        assert updated.published_at == article.published_at

    def test_a_page_saved_under_another_address_is_found_by_its_index_number(self, run_import, pages, tmp_path):
        page = sample_page(5)
        page.write(pages)
        run_import(pages)
        moved = tmp_path / "moved"
        page.path = "xxgk/2024/content_5.html"
        page.write(moved)
        code, output = run_import(moved)
        assert code == 0 and "未变 1 篇" in output
        article = Article.objects.get()
        assert article.source_url == sample_page(5).url  # the first address stays

    def test_a_withdrawn_article_stays_withdrawn_when_its_page_is_imported_again(self, run_import, pages):
        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_withdraw

        sample_page(6).write(pages)
        run_import(pages)
        article_withdraw(article=Article.objects.get(), actor=SYSTEM, remark="内容过时")
        run_import(pages)
        assert Article.objects.get().status == ArticleStatus.WITHDRAWN


class TestBadPages:
    def test_bad_pages_are_listed_with_the_reason_and_the_others_imported(self, run_import, pages):
        sample_page(1).write(pages)
        no_date = sample_page(2)
        no_date.write(pages)
        path = pages / no_date.path
        path.write_text(
            path.read_text(encoding="utf-8").replace('<span class="date">', '<span class="when">'), encoding="utf-8"
        )
        unknown_column = sample_page(3, column="领导之窗")
        unknown_column.write(pages)
        (pages / "gk" / "empty.html").write_bytes(b"")
        code, output = run_import(pages)
        assert code == 1
        assert "新建 1 篇" in output and "失败 3 篇" in output
        assert f"失败:{no_date.path}:找不到发布时间" in output
        assert (
            f"失败:{unknown_column.path}:栏目“首页 > 公开 > 领导之窗”在映射文件 [columns] 中没有对应的本站栏目"
            in output
        )
        assert "失败:gk/empty.html:空文件" in output
        assert list(Article.objects.values_list("title", flat=True)) == [sample_page(1).title]

    def test_a_date_that_cannot_be_read_is_named(self, run_import, pages):
        page = sample_page(1)
        page.write(pages)
        path = pages / page.path
        text = path.read_text(encoding="utf-8")
        start = text.index('<span class="date">') + len('<span class="date">')
        path.write_text(text[:start] + "去年夏天" + text[text.index("</span>", start) :], encoding="utf-8")
        code, output = run_import(pages)
        assert code == 1 and "发布时间“去年夏天”无法识别" in output
        assert not Article.objects.exists()

    def test_a_page_whose_index_number_belongs_to_another_article_is_refused(self, run_import, pages, tmp_path):
        first, second = sample_page(1), sample_page(2)
        first.write(pages)
        second.write(pages)
        run_import(pages)
        second.index_number = first.index_number
        second.write(pages)
        code, output = run_import(pages)
        assert code == 1 and f"索引号 {first.index_number} 却属于另一篇文章" in output
        assert Article.objects.count() == 2

    def test_scripts_and_event_handlers_in_a_page_never_reach_the_body(self, run_import, pages):
        page = sample_page(1)
        page.paragraphs.append((False, "正常段落"))
        page.write(pages)
        path = pages / page.path
        attack = (
            '<p onclick="steal()">点击<img src="x.png" onerror="alert(1)" alt="x">'
            '<a href="javascript:alert(2)">链接</a></p><script>alert(3)</script>'
            '<iframe src="http://evil.example/"></iframe>'
        )
        path.write_text(path.read_text(encoding="utf-8").replace("<p>(", attack + "<p>(", 1), encoding="utf-8")
        code, output = run_import(pages)
        assert code == 0, output
        body = Article.objects.get().body
        for bad in ("onclick", "onerror", "javascript:", "<script", "alert(3)", "<iframe"):
            assert bad not in body
        assert "点击" in body and "链接" in body


class TestArguments:
    def test_a_missing_mapping_is_refused_with_exit_code_2(self, run_import, pages):
        code, output = run_import(pages, mapping=None)
        assert code == 2 and "导入网页需要映射文件" in output

    def test_json_and_a_mapping_together_are_refused_with_exit_code_2(self, run_import, tmp_path):
        (tmp_path / "e.json").write_text('{"文章": []}', encoding="utf-8")
        code, output = run_import(tmp_path / "e.json", "--json")
        assert code == 2 and "--json 与 --mapping 不能同时使用" in output

    def test_a_missing_folder_is_refused_with_exit_code_2(self, run_import, tmp_path):
        code, output = run_import(tmp_path / "nowhere")
        assert code == 2 and "找不到网页文件夹" in output

    def test_a_folder_without_pages_is_refused_with_exit_code_2(self, run_import, pages):
        code, output = run_import(pages)
        assert code == 2 and "没有网页文件" in output

    def test_a_broken_mapping_file_is_refused_with_exit_code_2(self, run_import, pages, tmp_path):
        sample_page(1).write(pages)
        broken = tmp_path / "broken.toml"
        broken.write_text('[fields]\ntitle = { selector = "h1" \n', encoding="utf-8")
        code, output = run_import(pages, mapping=broken)
        assert code == 2 and "格式错误" in output

    def test_a_mapping_naming_a_column_this_site_lacks_is_refused(self, run_import, pages, tmp_path):
        sample_page(1).write(pages)
        mapping = tmp_path / "m.toml"
        mapping.write_text(
            '[site]\nbase_url = "http://old.example/"\n[fields]\ntitle = "h1"\npublished_at = ".date"\nbody = "#zoom"\n'
            '[columns]\n"苏木镇动态" = "no-such-column"\n',
            encoding="utf-8",
        )
        code, output = run_import(pages, mapping=mapping)
        assert code == 2 and "栏目不存在:no-such-column" in output

    def test_a_mapping_that_gives_pages_no_address_is_refused(self, run_import, pages, tmp_path):
        sample_page(1).write(pages)
        mapping = tmp_path / "m.toml"
        mapping.write_text(
            '[site]\ndefault_column = "sumuzhen-dongtai"\n[fields]\ntitle = "h1"\npublished_at = ".date"\nbody = "#zoom"\n',
            encoding="utf-8",
        )
        code, output = run_import(pages, mapping=mapping)
        assert code == 2 and "映射文件需要 site.base_url 或 fields.url" in output

    def test_a_mapping_with_an_invalid_selector_is_refused(self, run_import, pages, tmp_path):
        sample_page(1).write(pages)
        mapping = tmp_path / "m.toml"
        mapping.write_text(
            '[site]\nbase_url = "http://old.example/"\ndefault_column = "sumuzhen-dongtai"\n[fields]\ntitle = "h1[["\npublished_at = ".date"\nbody = "#zoom"\n',
            encoding="utf-8",
        )
        code, output = run_import(pages, mapping=mapping)
        assert code == 2 and "选择器“h1[[”无效" in output


class TestManyPages:
    @pytest.mark.django_db(transaction=True)
    def test_pages_parsed_by_worker_processes_give_the_same_articles_in_the_same_order(
        self, run_import, pages, monkeypatch
    ):
        monkeypatch.setattr("imports.management.commands.import_articles.POOL_MIN_PAGES", 2)
        written = [sample_page(number) for number in range(1, 7)]
        for page in written:
            page.write(pages)
        broken = pages / "gk" / "broken.html"
        broken.write_text("<html><body>无内容</body></html>", encoding="utf-8")
        code, output = run_import(pages, "--dry-run")
        assert code == 1
        assert [line for line in output.splitlines() if line.startswith("将新建")] == [
            f"将新建:{page.path}" for page in sorted(written, key=lambda page: page.path)
        ]
        assert "失败:gk/broken.html:找不到标题" in output
        code, output = run_import(pages)
        assert "新建 6 篇" in output
        assert sorted(Article.objects.values_list("source_url", flat=True)) == sorted(page.url for page in written)

    @pytest.mark.django_db(transaction=True)
    def test_pages_are_parsed_in_another_process_while_this_one_writes(self, run_import, pages, tmp_path, monkeypatch):
        # The pool must start before the first batch's transaction: started
        # inside it, every page was parsed by the writing process itself.
        monkeypatch.setattr("imports.management.commands.import_articles.POOL_MIN_PAGES", 2)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
        readers = tmp_path / "readers.txt"

        def page_read_noting_the_process(*args, **kwargs):
            with readers.open("a") as log:
                log.write(f"{os.getpid()}\n")
            return page_read(*args, **kwargs)

        monkeypatch.setattr("imports.management.commands.import_articles.page_read", page_read_noting_the_process)
        for number in range(1, 5):
            sample_page(number).write(pages)
        code, output = run_import(pages)
        assert code == 0, output
        pids = readers.read_text().split()
        assert len(pids) == 4
        assert str(os.getpid()) not in pids
        assert Article.objects.count() == 4


class TestOddPages:
    def test_a_page_that_breaks_the_reader_is_listed_and_the_rest_imported(self, run_import, pages):
        sample_page(1).write(pages)
        odd = sample_page(2)
        odd.images = [("http://[broken/a.jpg", "坏地址")]
        odd.write(pages)
        code, output = run_import(pages)
        assert code == 1
        assert f"失败:{odd.path}:" in output
        assert Article.objects.count() == 1

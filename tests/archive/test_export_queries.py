"""Every export format reads the database a fixed number of times per chunk
of articles, never once per article: 100,000 articles must not mean 100,000
queries."""

import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import history
from archive.selection import ALL_STATUSES, filters_parse
from archive.services import archive_export
from news.editorial.services import article_withdraw
from news.models import Attachment
from news.public.sites import site_hosts
from tests.conftest import beijing


@pytest.fixture
def articles_with_files(make_article, media_files, staff):
    """`make(n)`: n more published articles, each with an image in its body,
    an attachment and a second revision with an audit entry."""
    made = []

    def make(n):
        for _ in range(n):
            i = len(made)
            article = make_article(
                f"第{i}篇",
                published_at=beijing(2024, 1, 1 + i, 9, 0),
                body=f'<p>正文{i}。</p><p><img src="{media_files["image"]}" alt="照片"></p>',
            )
            Attachment.objects.create(
                article=article,
                file=ContentFile(b"%PDF-1.4 x", name=f"a{i}.pdf"),
                original_name=f"通知{i}.pdf",
                size=10,
                file_type="pdf",
            )
            if i % 2:
                article_withdraw(article=article, actor=staff["reviewer"], remark=f"撤稿{i}")
            made.append(article)
        return made

    return make


def export_queries(tmp_path, fmt, **options):
    out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.{'zip' if fmt == 'package' else fmt}"
    with CaptureQueriesContext(connection) as queries:
        result = archive_export(filters=filters_parse(status=ALL_STATUSES), fmt=fmt, out=out, actor="测试", **options)
    return len(queries), result


class TestListingsReadAFixedNumberOfQueries:
    @pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
    def test_three_times_the_articles_take_the_same_number_of_queries(self, articles_with_files, tmp_path, fmt):
        articles_with_files(3)
        few, result = export_queries(tmp_path, fmt)
        assert result.count == 3
        articles_with_files(6)
        many, result = export_queries(tmp_path, fmt)
        assert result.count == 9
        assert many == few

    def test_the_rows_still_count_each_articles_files_and_revisions(self, articles_with_files, tmp_path):
        articles = articles_with_files(2)
        _, result = export_queries(tmp_path, "json")
        rows = {row["标题"]: row for row in json.loads(result.path.read_text(encoding="utf-8"))["文章"]}
        assert [(rows[a.title]["图片数"], rows[a.title]["附件数"], rows[a.title]["修订数"]) for a in articles] == [
            (1, 1, 1),
            (1, 1, 2),
        ]


class TestPackageMetadataReadsAFixedNumberOfQueries:
    def test_each_more_article_adds_only_its_pages_neighbour_query(self, articles_with_files, tmp_path):
        # The public page of each article links its older and newer
        # neighbours: one query per page, as residents' page views make it.
        # Files, revisions and audit entries are read once per chunk.
        articles_with_files(3)
        site_hosts()  # the host names' sites are read once per process, not per export
        few, _ = export_queries(tmp_path, "package", with_pdf=False)
        articles_with_files(6)
        many, result = export_queries(tmp_path, "package", with_pdf=False)
        assert result.count == 9
        assert many - few == 6

    def test_the_metadata_keeps_each_articles_own_files_revisions_and_audit_entries(
        self, articles_with_files, tmp_path
    ):
        articles = articles_with_files(2)
        _, result = export_queries(tmp_path, "package", with_pdf=False)
        with zipfile.ZipFile(result.path) as package:
            metadata = {
                data["题名"]: data
                for data in (json.loads(package.read(n)) for n in package.namelist() if n.endswith("metadata.json"))
            }
        first, second = (metadata[a.title] for a in articles)
        assert [f["名称"] for f in first["文件"]] == ["photo.png", "通知0.pdf"]
        assert [f["名称"] for f in second["文件"]] == ["photo.png", "通知1.pdf"]
        assert len(first["修订记录"]) == 1 and len(second["修订记录"]) == 2
        assert [e["说明"] for e in second["审计记录"]] == ["", "撤稿1"]
        assert [e["说明"] for e in first["审计记录"]] == [""]


class TestBatchReadersMatchTheSingleArticleOnes:
    def test_the_batch_and_the_single_article_answers_agree(self, articles_with_files, django_assert_num_queries):
        articles = articles_with_files(3)
        with django_assert_num_queries(3):
            files = history.files_of(articles)
            revisions = history.revision_histories(articles)
            entries = history.audit_entries_by_article(articles)
        for article in articles:
            assert files[article.pk] == history.attachments_of(article)
            assert revisions[article.pk] == history.revision_history(article)
            assert entries[article.pk] == history.audit_entries(article)


class TestCharacterCount:
    @pytest.mark.parametrize(
        "body",
        [
            "<p>会议要求各嘎查“立即行动”。</p>",
            '<p>正文&nbsp;有&amp;符号 &lt;b&gt; 和<br>换行</p><p><img src="/media/a.png" alt="a > b 照片"></p>',
            "<h2>小标题</h2><ul><li>一</li><li>二 三</li></ul><table><tr><td>表格</td></tr></table>",
            '<p><a href="/x?a=1&amp;b=2" title="链接 > 标题">附件:通知</a>\n\t  </p>',
            "",
        ],
    )
    def test_the_count_is_what_the_readable_text_holds(self, body):
        from archive.rows import character_count
        from news.media.html import text_of
        from news.models import Article

        text = text_of(body)
        assert character_count(Article(body=body)) == len(text) - text.count(" ")


class TestRowsFromPlainValues:
    """Listings read plain values, not model instances: every column is what
    the row made from the model instance (as the archive package makes it) says."""

    def test_each_listing_row_is_the_row_of_the_model_instance(self, illustrated_article, make_article, staff):
        from datetime import date

        from archive.rows import ExportContext, article_row, rows_of
        from news.models import Article

        make_article(
            "=政策文件",
            body="<p>正文&amp;附件 <b>加粗</b></p>",
            document_number="苏政发〔2024〕12号",
            written_on=date(2024, 5, 1),
            subject="general",
            genre="notice",
            validity="expired",
            validity_date=date(2025, 3, 1),
        )
        withdrawn = make_article("撤稿文章")
        article_withdraw(article=withdrawn, actor=staff["reviewer"], remark="撤稿")
        context = ExportContext()
        articles = Article.objects.order_by("id")
        for content in (False, True):
            rows = list(rows_of(articles, context, content=content))
            expected = [
                article_row(article, context, history.revision_count(article), content=content) for article in articles
            ]
            assert rows == expected
            assert len(rows) == 3
        by_title = {row["标题"]: row for row in rows}
        assert by_title["=政策文件"]["主题分类"] == "综合政务" and by_title["=政策文件"]["有效性"] == "失效"
        assert by_title[illustrated_article.title]["图片数"] == 2  # the cover and the body's image
        assert by_title["撤稿文章"]["状态"] != by_title["=政策文件"]["状态"]

"""政务公开: which columns disclose, the fields an article carries, and the box
the article page shows above the body."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from archive.pages import page_render
from news.demo import demo_load
from news.editorial.disclosure import Validity, document_number_key
from news.models import Article, Column
from news.public.column_tree import ColumnTree

from ...conftest import change_form_data

pytestmark = pytest.mark.django_db


def tree():
    return ColumnTree(Column.objects.order_by("order", "id"))


class TestWhichColumnsDisclose:
    def test_columns_below_a_disclosure_section_inherit_it_at_any_depth(self, columns):
        deeper = Column.objects.create(name="2024年", slug="notices-2024", parent=columns["notices"])
        columns_tree = tree()
        assert all(
            columns_tree.is_disclosure(columns_tree.by_id[c.pk])
            for c in (columns["public"], columns["news"], columns["notices"], deeper)
        )
        assert not columns_tree.is_disclosure(columns_tree.by_id[columns["headlines"].pk])

    def test_the_demo_marks_the_公开_section_of_each_site(self, db):
        demo_load()
        marked = Column.objects.filter(is_disclosure=True).values_list("site__key", "slug")
        assert sorted(marked) == [("galutu", "gongkai"), ("sulide", "gongkai"), ("wsq", "zhengwu-gongkai")]


class TestTheFields:
    def test_the_document_number_is_trimmed_and_its_key_made_on_save(self, make_article):
        article = make_article(document_number="  苏政发[２０２４] 12号 ")
        assert article.document_number == "苏政发[２０２４] 12号"
        assert article.document_number_key == "苏政发〔2024〕12号"

    @pytest.mark.parametrize(
        "typed", ["苏政发〔2024〕12号", "苏政发(2024)12号", "苏政发（2024）12号", "苏政发【2024】12号"]
    )
    def test_bracket_kinds_give_one_key(self, typed):
        assert document_number_key(typed) == "苏政发〔2024〕12号"

    def test_an_article_is_proactively_disclosed_unless_said_otherwise(self, make_article):
        assert make_article().get_disclosure_method_display() == "主动公开"

    @pytest.mark.parametrize("validity", [Validity.EXPIRED, Validity.REPEALED])
    def test_an_ended_validity_without_its_date_is_refused_by_the_database(self, make_article, validity):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(validity=validity)

    def test_the_validity_reads_with_its_date(self, make_article):
        assert make_article(validity=Validity.VALID).validity_display == "有效"
        assert (
            make_article(validity=Validity.VALID, validity_date=date(2024, 7, 1)).validity_display
            == "有效(2024-07-01 起)"
        )
        repealed = make_article(validity=Validity.REPEALED, validity_date=date(2025, 3, 1))
        assert repealed.validity_display == "废止(2025-03-01 起)"


class TestTheAdminForm:
    def test_an_ended_validity_without_a_date_is_refused_on_the_field_and_nothing_is_lost(self, make_draft, staff):
        from ...conftest import client_for

        article = make_draft()
        data = change_form_data(article, document_number="苏政发〔2024〕3号", validity="repealed", validity_date="")
        response = client_for(staff["editor"]).post(f"/admin/news/article/{article.pk}/change/", data)
        html = response.content.decode()
        assert "有效性为失效或废止时,请填写失效或废止的日期。" in html
        assert 'value="苏政发〔2024〕3号"' in html  # what was typed is still in the form
        assert Article.objects.get(pk=article.pk).validity == ""

    def test_the_fields_are_saved_from_the_政务公开_fieldset(self, make_draft, staff):
        from ...conftest import client_for

        article = make_draft()
        client = client_for(staff["editor"])
        form = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
        assert "<h2>政务公开</h2>" in form or ">政务公开</h2>" in form
        data = change_form_data(
            article,
            document_number="苏政发〔2024〕3号",
            written_on="2024-03-01",
            subject="finance",
            genre="opinion",
            disclosure_method="on_request",
            validity="valid",
            validity_date="2024-04-01",
        )
        response = client.post(f"/admin/news/article/{article.pk}/change/", data)
        assert response.status_code == 302
        saved = Article.objects.get(pk=article.pk)
        assert (saved.document_number, saved.written_on, saved.subject, saved.genre) == (
            "苏政发〔2024〕3号",
            date(2024, 3, 1),
            "finance",
            "opinion",
        )
        assert (saved.disclosure_method, saved.validity, saved.validity_date) == (
            "on_request",
            "valid",
            date(2024, 4, 1),
        )


@pytest.fixture
def policy(make_article, columns):
    return make_article(
        "关于印发草原防火工作方案的通知",
        column=columns["notices"],
        body="<p>方案正文。</p>",
        document_number="苏政发〔2024〕12号",
        written_on=date(2024, 3, 1),
        subject="agriculture",
        genre="notice",
        validity=Validity.VALID,
        validity_date=date(2024, 3, 10),
    )


class TestTheBoxOnTheArticlePage:
    def test_a_disclosure_article_shows_every_field_between_title_and_body(self, client, policy):
        html = client.get(policy.get_absolute_url()).content.decode()
        box = html[
            html.index('<section class="disclosure-box"') : html.index("</section>", html.index("disclosure-box"))
        ]
        for label, value in [
            ("索引号", policy.index_number),
            ("主题分类", "农业、林业、水利"),
            ("发布机构", "苏力德苏木党政综合办公室"),
            ("成文日期", "2024-03-01"),
            ("文号", "苏政发〔2024〕12号"),
            ("发布日期", "2024-06-07"),
            ("体裁", "通知"),
            ("公开方式", "主动公开"),
            ("有效性", "有效(2024-03-10 起)"),
        ]:
            assert f"<dt>{label}:</dt><dd" in box and f">{value}</dd>" in box, label
        assert html.index('id="article-title"') < html.index("disclosure-box") < html.index('id="article-body"')
        assert html.count('class="disclosure"') == 1  # not repeated under the body

    def test_fields_left_empty_are_left_out(self, client, make_article, columns):
        html = client.get(make_article(column=columns["news"]).get_absolute_url()).content.decode()
        assert "disclosure-box" in html
        assert "文号:" not in html and "有效性:" not in html and "成文日期:" not in html
        assert "公开方式:</dt><dd>主动公开</dd>" in html

    def test_an_article_outside_disclosure_columns_keeps_the_short_list_under_the_body(
        self, client, make_article, columns
    ):
        article = make_article(column=columns["headlines"], document_number="苏政发〔2024〕9号")
        html = client.get(article.get_absolute_url()).content.decode()
        assert "disclosure-box" not in html and "苏政发" not in html
        assert html.index('id="article-body"') < html.index('<dl class="disclosure">')
        assert f"<dd>{article.index_number}</dd>" in html

    def test_flagging_a_column_shows_the_box_at_once(self, client, make_article, columns):
        article = make_article(column=columns["headlines"])
        assert "disclosure-box" not in client.get(article.get_absolute_url()).content.decode()
        headlines = columns["headlines"]
        headlines.is_disclosure = True
        headlines.save()
        assert "disclosure-box" in client.get(article.get_absolute_url()).content.decode()

    def test_the_archived_page_carries_the_box(self, policy):
        html = page_render(policy)
        assert "disclosure-box" in html and "苏政发〔2024〕12号" in html


class TestACorrectionCarriesThem:
    """A policy document repealed after publication: its 修订稿 says so."""

    def test_a_correction_begins_with_the_fields_and_approval_puts_its_change_online(self, client, policy, staff):
        from news.editorial.corrections import correction_approve, correction_save, correction_start, correction_submit

        correction = correction_start(article=policy, actor=staff["editor"])
        assert (correction.document_number, correction.validity) == ("苏政发〔2024〕12号", "valid")
        correction.validity, correction.validity_date = Validity.REPEALED, date(2025, 3, 1)
        correction = correction_save(correction=correction, actor=staff["editor"], expected_version=correction.version)
        assert Article.objects.get(pk=policy.pk).validity == "valid"  # online unchanged until approved
        correction_submit(correction=correction, actor=staff["editor"])
        correction_approve(correction=correction, actor=staff["reviewer"])
        assert Article.objects.get(pk=policy.pk).validity_display == "废止(2025-03-01 起)"
        assert "废止(2025-03-01 起)" in client.get(policy.get_absolute_url()).content.decode()

    def test_the_correction_form_refuses_an_ended_validity_without_its_date(self, policy, staff):
        from news.editorial.corrections import correction_start

        from ...conftest import client_for

        correction = correction_start(article=policy, actor=staff["editor"])
        client = client_for(staff["editor"])
        url = f"/admin/news/articlecorrection/{correction.pk}/change/"
        assert ">政务公开</h2>" in client.get(url).content.decode()
        data = {
            "title": correction.title,
            "subtitle": "",
            "body": correction.body,
            "source": correction.source,
            "author": "",
            "summary": "",
            "cover_alt": "",
            "document_number": correction.document_number,
            "written_on": "2024-03-01",
            "subject": "agriculture",
            "genre": "notice",
            "disclosure_method": "proactive",
            "validity": "expired",
            "validity_date": "",
            "expected_version": correction.version,
            "_save": "保存",
        }
        html = client.post(url, data).content.decode()
        assert "有效性为失效或废止时,请填写失效或废止的日期。" in html

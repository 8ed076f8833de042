"""Staff and the 蒙古文版: the article form's 蒙古文版 fieldset (only where a
site has one), the list's column and filter, every guarantee of the Chinese
text (revisions, restore, conflicts, wording, sanitising, 修订稿) for the
Mongolian fields, and the 蒙古文预览."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.editorial.corrections import correction_approve, correction_start, correction_submit
from news.editorial.services import ImagesWithoutAltError, article_save, article_submit
from news.editorial.wording import check_article
from news.models import Article, ArticleCorrection, ArticleStatus, AuditEntry, WordingRule
from tests.admin_forms import page_form_data

from ...conftest import MN_BODY, MN_TITLE, change_form_data, client_for

pytestmark = pytest.mark.django_db

NEW_TITLE = "ᠰᠢᠨ᠎ᠡ ᠮᠡᠳᠡᠭᠡ"  # sin-e medege, "new news": test words, not a translation


def main_of(html):
    """The page's <main>: the article, without the head's metadata (mn-pages' part)."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def preview_path(article):
    return reverse("news:article_preview", args=[article.pk])


def mongolian_form_data(article, **changes):
    """What the change form posts on a site with a 蒙古文版 (its Mongolian inputs included)."""
    fields = {
        "title_mn": article.title_mn,
        "summary_mn": article.summary_mn,
        "body_mn": article.body_mn,
        "source_mn": article.source_mn,
        "author_mn": article.author_mn,
    }
    if article.mongolian_placeholder:
        fields["mongolian_placeholder"] = "on"
    return change_form_data(article, **{**fields, **changes})


class TestTheMongolianFieldset:
    def test_a_site_with_a_mongolian_version_shows_its_inputs_marked_as_mongolian(self, mongolian, make_draft, staff):
        article = make_draft()
        html = client_for(staff["editor"]).get(change_url(article)).content.decode()
        assert 'class="fieldset-heading">蒙古文版</h2>' in html
        for name in ("title_mn", "summary_mn", "source_mn", "author_mn", "mongolian_placeholder"):
            assert f'name="{name}"' in html
        assert 'name="title_mn"' in html and html.count('lang="mn-Mong"') >= 4
        assert "django_ckeditor_5" in html and 'name="body_mn"' in html  # the same editor as the body
        # The site's own Mongolian font, not whatever the staff's computer has.
        assert "css/admin-mongolian" in html

    def test_a_site_without_one_leaves_the_fieldset_out(self, make_draft, staff):
        html = client_for(staff["editor"]).get(change_url(make_draft())).content.decode()
        assert 'name="title_mn"' not in html and 'class="fieldset-heading">蒙古文版</h2>' not in html

    def test_a_new_article_shows_it_when_the_editors_site_has_a_mongolian_version(self, mongolian, staff):
        html = client_for(staff["editor"]).get(reverse("admin:news_article_add")).content.decode()
        assert 'name="title_mn"' in html

    def test_the_editor_saves_a_mongolian_title_and_body_sanitised(self, mongolian, make_draft, staff):
        article = make_draft()
        body = MN_BODY + '<script>alert(1)</script><p onclick="x()">ᠰᠤᠮᠤ</p>'
        response = client_for(staff["editor"]).post(
            change_url(article), mongolian_form_data(article, title_mn=f"  {MN_TITLE} ", body_mn=body)
        )
        assert response.status_code == 302
        saved = Article.objects.get(pk=article.pk)
        assert saved.title_mn == MN_TITLE and saved.has_mongolian
        assert "<script" not in saved.body_mn and "onclick" not in saved.body_mn and "ᠰᠤᠮᠤ" in saved.body_mn
        audit = AuditEntry.objects.filter(action="edit", object_id=str(article.pk)).latest("pk")
        assert "title_mn" in audit.details["fields"] and "body_mn" in audit.details["fields"]

    def test_saving_on_a_site_without_one_keeps_the_stored_mongolian_text(self, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY)
        response = client_for(staff["editor"]).post(change_url(article), change_form_data(article, title="新标题"))
        assert response.status_code == 302
        saved = Article.objects.get(pk=article.pk)
        assert saved.title == "新标题" and saved.title_mn == MN_TITLE and saved.body_mn == MN_BODY

    def test_the_placeholder_is_pointed_out_on_the_change_page(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY, mongolian_placeholder=True)
        html = client_for(staff["editor"]).get(change_url(article)).content.decode()
        assert "mongolian-placeholder-warning" in html and "蒙古文为占位稿,不是正式译文" in html
        plain = make_draft(title="另一篇", title_mn=MN_TITLE, body_mn=MN_BODY)
        assert (
            "mongolian-placeholder-warning" not in client_for(staff["editor"]).get(change_url(plain)).content.decode()
        )


class TestTheArticleList:
    @pytest.fixture
    def three(self, mongolian, make_draft):
        return {
            "with": make_draft(title="有蒙古文的文章", title_mn=MN_TITLE, body_mn=MN_BODY),
            "placeholder": make_draft(
                title="占位稿的文章", title_mn=MN_TITLE, body_mn=MN_BODY, mongolian_placeholder=True
            ),
            "without": make_draft(title="没有蒙古文的文章"),
        }

    def test_each_row_says_whether_it_has_a_mongolian_version(self, three, staff):
        response = client_for(staff["editor"]).get(reverse("admin:news_article_changelist"))
        rows = {row.title: cell for row, cell in _mongolian_cells(response)}
        assert rows == {"有蒙古文的文章": "有", "占位稿的文章": "占位稿", "没有蒙古文的文章": "无"}

    @pytest.mark.parametrize(
        ("value", "titles"),
        [("yes", {"有蒙古文的文章"}), ("placeholder", {"占位稿的文章"}), ("no", {"没有蒙古文的文章"})],
    )
    def test_the_filter_lists_only_those_asked_for(self, three, staff, value, titles):
        response = client_for(staff["editor"]).get(reverse("admin:news_article_changelist"), {"mongolian": value})
        assert {article.title for article in response.context["cl"].result_list} == titles

    def test_without_any_mongolian_site_the_list_has_no_such_column(self, make_draft, staff):
        make_draft()
        html = client_for(staff["editor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "column-mongolian_state" not in html and "?mongolian=" not in html


def _mongolian_cells(response):
    cl = response.context["cl"]
    display = cl.list_display
    index = next(i for i, item in enumerate(display) if getattr(item, "__name__", "") == "mongolian_state")
    for article in cl.result_list:
        yield article, _text(display[index](article))


def _text(html):
    import re

    return re.sub(r"<[^>]+>", "", str(html))


class TestHistoryAndConflicts:
    def test_the_revision_comparison_shows_the_mongolian_fields(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY)
        first = Version.objects.get_for_object(article).first()
        article.title_mn, article.body_mn = NEW_TITLE, "<p>ᠰᠢᠨ᠎ᠡ</p>"
        article_save(article=article, actor=staff["editor"], expected_version=article.version)
        page = client_for(staff["editor"]).get(reverse("admin:news_article_revision", args=[article.pk, first.pk]))
        rows = {row.label: row for row in page.context["comparison"]["fields"]}
        assert rows["蒙古文标题"].old == MN_TITLE and rows["蒙古文标题"].new == NEW_TITLE
        assert rows["蒙古文正文"].changed and "<p>" not in rows["蒙古文正文"].new  # read as text
        assert rows["蒙古文为占位稿"].old == "否"

    def test_the_comparison_of_an_article_without_mongolian_has_no_mongolian_rows(self, make_draft, staff):
        article = make_draft()
        first = Version.objects.get_for_object(article).first()
        article.title = "改过的标题"
        article_save(article=article, actor=staff["editor"], expected_version=article.version)
        page = client_for(staff["editor"]).get(reverse("admin:news_article_revision", args=[article.pk, first.pk]))
        labels = [row.label for row in page.context["comparison"]["fields"]]
        assert "标题" in labels and not [label for label in labels if label.startswith("蒙古文")]

    def test_restoring_an_earlier_revision_brings_back_its_mongolian_text(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY)
        first = Version.objects.get_for_object(article).first()
        article.title_mn = NEW_TITLE
        article_save(article=article, actor=staff["editor"], expected_version=article.version)
        response = client_for(staff["editor"]).post(
            reverse("admin:news_article_revision_revert", args=[article.pk, first.pk])
        )
        assert response.status_code == 302
        assert Article.objects.get(pk=article.pk).title_mn == MN_TITLE

    def test_a_conflicting_mongolian_edit_is_shown_and_kept_when_chosen(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY)
        typed = mongolian_form_data(article, title_mn=NEW_TITLE)
        client_for(staff["reviewer"]).post(change_url(article), mongolian_form_data(article, title="审核人的标题"))
        editor = client_for(staff["editor"])
        refused = editor.post(change_url(article), typed)
        html = refused.content.decode()
        assert refused.status_code == 200 and "保存被拒绝" in html
        assert "蒙古文标题" in html and NEW_TITLE in html  # the typed Mongolian is on the page, not lost
        stored = Article.objects.get(pk=article.pk)
        kept = editor.post(change_url(article), {**typed, "_keep_mine": str(stored.version)})
        assert kept.status_code == 302
        assert Article.objects.get(pk=article.pk).title_mn == NEW_TITLE

    def test_a_conflict_on_a_site_without_mongolian_lists_no_mongolian_field(self, make_draft, staff):
        article = make_draft()
        typed = change_form_data(article, title="编辑的标题")
        client_for(staff["reviewer"]).post(change_url(article), change_form_data(article, title="审核人的标题"))
        refused = client_for(staff["editor"]).post(change_url(article), typed)
        rows = refused.context["adminform"].form.conflict.rows
        assert [row.label for row in rows] == ["标题"]


class TestWording:
    def test_a_blocked_phrase_in_the_mongolian_body_is_found_there(self, mongolian, make_draft):
        WordingRule.objects.create(phrase="苏木大会", correct_form="苏木人民代表大会", level="block")
        article = make_draft(title_mn=MN_TITLE, body_mn="<p>ᠰᠤᠮᠤ 苏木大会</p>")
        hits = check_article(article)
        assert [(hit.field, hit.found) for hit in hits] == [("蒙古文正文", "苏木大会")]


class TestImagesInTheMongolianBody:
    def test_an_image_without_alt_text_in_the_mongolian_body_stops_submission(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY + '<p><img src="/media/a.png"></p>')
        with pytest.raises(ImagesWithoutAltError, match="蒙古文正文中有 1 张图片"):
            article_submit(article=article, actor=staff["editor"])
        assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


class TestCorrectingTheMongolianVersion:
    def test_a_correction_of_the_mongolian_title_is_applied_after_review(self, make_mongolian_article, staff):
        published = make_mongolian_article(title="已发布的文章")
        correction = correction_start(article=published, actor=staff["editor"])
        editor = client_for(staff["editor"])
        url = reverse("admin:news_articlecorrection_change", args=[correction.pk])
        page = editor.get(url)
        assert 'name="title_mn"' in page.content.decode()
        response = editor.post(url, page_form_data(page, title_mn=NEW_TITLE, _save="保存"))
        assert response.status_code == 302
        correction = ArticleCorrection.objects.get(pk=correction.pk)
        assert correction.title_mn == NEW_TITLE
        assert Article.objects.get(pk=published.pk).title_mn == MN_TITLE  # online: unchanged until approved
        correction_submit(correction=correction, actor=staff["editor"])
        article = correction_approve(correction=correction, actor=staff["reviewer"])
        assert article.title_mn == NEW_TITLE
        page = Client().get(f"/mn{published.get_absolute_url()}")
        assert page.status_code == 200 and NEW_TITLE in page.content.decode()


class TestMongolianPreview:
    def test_the_change_page_links_to_the_mongolian_preview(self, make_mongolian_article, staff):
        article = make_mongolian_article()
        html = client_for(staff["editor"]).get(change_url(article)).content.decode()
        assert f'href="/mn{preview_path(article)}"' in html and "蒙古文预览" in html

    def test_no_mongolian_preview_link_on_a_site_without_one(self, make_draft, staff):
        assert "蒙古文预览" not in client_for(staff["editor"]).get(change_url(make_draft())).content.decode()

    def test_another_sites_article_is_previewed_under_that_sites_prefix(self, site, galutu, staff, make_article):
        galutu["site"].mongolian_enabled = True
        galutu["site"].save()
        article = make_article(column=galutu["news"], title_mn=MN_TITLE, body_mn=MN_BODY)
        client = client_for(staff["admin"])
        html = client.get(change_url(article)).content.decode()
        link = f"/site/galutu/mn{preview_path(article)}"
        assert f'href="{link}"' in html
        page = client.get(link)
        assert page.status_code == 200 and MN_TITLE in page.content.decode()

    def test_an_unpublished_mongolian_version_is_previewed_in_mongolian(self, mongolian, make_draft, staff):
        article = make_draft(body="<p>中文正文。</p>", title_mn=MN_TITLE, body_mn=MN_BODY)
        response = client_for(staff["editor"]).get(f"/mn{preview_path(article)}")
        html = response.content.decode()
        assert response.status_code == 200 and '<html lang="mn-Mong"' in html
        main = main_of(html)
        assert MN_TITLE in main and "ᠰᠤᠮᠤ ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ᠃" in main and "中文正文" not in main
        assert "蒙古文版预览" in html and "公众看不到" in html
        assert "no-store" in response["Cache-Control"]

    def test_the_preview_of_a_placeholder_says_so(self, mongolian, make_draft, staff):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY, mongolian_placeholder=True)
        html = client_for(staff["editor"]).get(f"/mn{preview_path(article)}").content.decode()
        assert "蒙古文为占位稿,不是正式译文" in html

    def test_an_article_without_a_mongolian_version_is_said_to_have_none(self, mongolian, make_draft, staff):
        article = make_draft(title="只有中文的文章", body="<p>只有中文的正文。</p>", title_mn=MN_TITLE)
        response = client_for(staff["editor"]).get(f"/mn{preview_path(article)}")
        html = response.content.decode()
        assert response.status_code == 404 and "这篇文章还没有蒙古文版" in html
        assert "只有中文的正文" not in main_of(html)

    def test_the_chinese_preview_is_unchanged(self, mongolian, make_draft, staff):
        article = make_draft(body="<p>中文正文。</p>", title_mn=MN_TITLE, body_mn=MN_BODY)
        html = client_for(staff["editor"]).get(preview_path(article)).content.decode()
        assert "中文正文" in html and MN_TITLE not in html and "蒙古文版预览" not in html

    def test_a_township_editor_cannot_preview_another_sites_article_in_mongolian(
        self, mongolian, site_admins, make_draft
    ):
        article = make_draft(title_mn=MN_TITLE, body_mn=MN_BODY)
        response = client_for(site_admins["other_editor"]).get(f"/mn{preview_path(article)}")
        assert response.status_code == 403 and MN_TITLE not in response.content.decode()

    def test_an_editor_of_another_column_cannot_preview_it_either(self, make_mongolian_article, staff):
        article = make_mongolian_article(status=ArticleStatus.DRAFT)
        assert client_for(staff["other_editor"]).get(f"/mn{preview_path(article)}").status_code == 403

    def test_residents_are_sent_to_sign_in(self, make_mongolian_article):
        article = make_mongolian_article(status=ArticleStatus.DRAFT)
        response = Client().get(f"/mn{preview_path(article)}")
        assert response.status_code in (302, 403) and MN_TITLE not in response.content.decode()


def test_a_column_on_a_site_without_mongolian_is_not_offered_a_mongolian_preview(site, galutu, staff, make_article):
    """The default site has none, 嘎鲁图镇 has one: each article follows its own site."""
    galutu["site"].mongolian_enabled = True
    galutu["site"].save()
    home = make_article(title_mn=MN_TITLE, body_mn=MN_BODY)
    assert "蒙古文预览" not in client_for(staff["admin"]).get(change_url(home)).content.decode()


def test_the_preview_of_an_article_on_a_site_without_mongolian_says_so(mongolian, galutu, staff, make_article):
    """The request's site has a 蒙古文版, the article's site has none."""
    article = make_article(column=galutu["news"], title_mn=MN_TITLE, body_mn=MN_BODY, body="<p>嘎鲁图的正文。</p>")
    response = client_for(staff["admin"]).get(f"/mn{preview_path(article)}")
    html = response.content.decode()
    assert response.status_code == 404 and "文章所在站点没有开通蒙古文版" in html
    assert MN_TITLE not in main_of(html) and "嘎鲁图的正文" not in main_of(html)

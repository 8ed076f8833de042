"""Hostile input in every text field an editor can fill: nothing survives in
stored HTML, nothing reaches a public page as markup."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from news.content_version import content_version_bump
from news.media.html import sanitize_html
from news.models import Article, Column, Site

from ...xss_payloads import PAYLOADS, markup_problems

pytestmark = pytest.mark.django_db


def text_fields(model):
    """The free-text fields of a model an editor fills (URL fields are validated as URLs)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and type(f).__name__ in ("CharField", "TextField") and not f.choices
    ]


def fill(instance, payload):
    for field in text_fields(type(instance)):
        setattr(instance, field.name, payload[: field.max_length] if field.max_length else payload)
    return instance


def hostile_site(site, columns, make_article, payload):
    fill(site, payload).save()
    column = fill(Column(slug="xss", column_type="news", parent=columns["public"]), payload)
    column.save()
    article = make_article(column=column, body=f"<p>正文</p>{payload}")
    # Straight into the database, past every form: the pages must still escape.
    Article.objects.filter(pk=article.pk).update(
        **{
            f.name: payload[: f.max_length] if f.max_length else payload
            for f in text_fields(Article)
            if f.name != "body"
        }
    )
    content_version_bump()
    return column, article


class TestStoredHtml:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_no_payload_survives_in_a_saved_body(self, payload, make_article):
        article = make_article(body=f"<p>正文</p>{payload}<p>结尾</p>")
        article.refresh_from_db()
        assert markup_problems(article.body) == [], article.body

    def test_the_sanitiser_keeps_ordinary_formatting(self):
        html = '<p style="text-align:center">居中</p><a href="https://www.gov.cn/">链接</a>'
        assert 'style="text-align:center"' in sanitize_html(html)
        assert 'href="https://www.gov.cn/"' in sanitize_html(html)

    def test_every_text_field_of_the_three_models_is_covered(self):
        names = {m.__name__: {f.name for f in text_fields(m)} for m in (Article, Column, Site)}
        assert {"title", "subtitle", "source", "author", "body", "summary", "cover_alt"} <= names["Article"]
        assert {"name", "description", "keywords"} <= names["Column"]
        assert {"site_name", "organiser", "contact", "icp_number", "site_description"} <= names["Site"]


class TestPublicPages:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_no_payload_reaches_a_public_page_as_markup(self, payload, client, site, make_article, columns):
        column, article = hostile_site(site, columns, make_article, payload)
        for url in ["/", column.get_absolute_url(), article.get_absolute_url(), "/nothing/"]:
            response = client.get(url)
            assert response.status_code in (200, 404)
            assert markup_problems(response.content.decode()) == [], url

    def test_the_feed_escapes_every_field(self, client, site, make_article, columns):
        column, _ = hostile_site(site, columns, make_article, PAYLOADS[0])
        xml = client.get("/feed/").content.decode()
        assert "<script>" not in xml and "&lt;script&gt;" in xml


class TestUrlFields:
    @pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"])
    def test_editors_cannot_store_script_urls_in_site_settings(self, url, site, admin_user):
        request = RequestFactory().get("/")
        request.user = admin_user
        form_class = admin.site._registry[Site].get_form(request, site)
        data = {name: getattr(site, name) for name in form_class.base_fields}
        data["police_record_url"] = url
        form = form_class(data=data, instance=site)
        assert not form.is_valid() and "police_record_url" in form.errors

"""A site's own look: its logo beside its name and one of the portal's
colour schemes, each site its own; 关怀版 still decides the colours."""

import pytest
from django.urls import reverse

from news.models import Site
from tests.admin_forms import page_form_data
from tests.media_files import photo_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def blue_township(site):
    return Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain="galutu.example.gov.cn", organiser="嘎鲁图镇", theme="blue"
    )


class TestColours:
    def test_each_site_has_its_own_colours(self, client, site, blue_township):
        assert '<html lang="zh-CN" data-theme="blue">' in client.get("/site/galutu/").content.decode()
        assert '<html lang="zh-CN" data-theme="red">' in client.get("/").content.decode()

    def test_the_stylesheet_defines_every_scheme_offered(self, client, site):
        from pathlib import Path

        from django.contrib.staticfiles import finders

        from news.models.site import SiteTheme

        css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
        for value in SiteTheme.values:
            # Red is the stylesheet's own default (:root).
            assert value == SiteTheme.RED or f'html[data-theme="{value}"]' in css

    def test_a_made_up_scheme_is_a_form_error(self, admin_client, site):
        page = admin_client.get(reverse("admin:news_site_change", args=[site.pk]))
        response = admin_client.post(
            reverse("admin:news_site_change", args=[site.pk]), page_form_data(page, theme="pink")
        )
        assert response.status_code == 200 and "theme" in response.context["adminform"].form.errors
        site.refresh_from_db()
        assert site.theme == "red"


class TestLogo:
    def test_an_uploaded_logo_shows_beside_the_sites_name(self, admin_client, client, site, blue_township):
        url = reverse("admin:news_site_change", args=[blue_township.pk])
        page = admin_client.get(url)
        data = page_form_data(page, logo=upload("logo.png", photo_bytes(size=(240, 60), fmt="PNG"), "image/png"))
        assert admin_client.post(url, data).status_code == 302
        blue_township.refresh_from_db()
        assert blue_township.logo.name.startswith("logos/")
        header = client.get("/site/galutu/").content.decode()
        assert f'<img class="site-logo" src="{blue_township.logo.url}" alt=""' in header
        assert "site-logo" not in client.get("/").content.decode()

    def test_a_file_that_is_not_an_image_is_refused(self, admin_client, site):
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = reverse("admin:news_site_change", args=[site.pk])
        page = admin_client.get(url)
        fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
        response = admin_client.post(url, page_form_data(page, logo=fake))
        assert response.status_code == 200 and "logo" in response.context["adminform"].form.errors

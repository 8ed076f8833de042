"""The 蒙古文版 in 站点设置 and 栏目: opening or closing it answers /mn/ at once
in the process that saved it (the host table is read again, cached pages
move on), and Mongolian names are entered in inputs marked lang="mn-Mong"."""

import pytest
from django.test import Client
from django.urls import reverse

from news.models import Column, Site
from tests.admin_forms import page_form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SITE_NAME_MN = "ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ"  # sülde sumu
COLUMN_NAME_MN = "ᠮᠡᠳᠡᠭᠳᠡᠯ ᠵᠠᠷ"  # medegdel jar (通知公告)


def site_change(client, site, **changes):
    url = reverse("admin:news_site_change", args=[site.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, page_form_data(page, **changes))


class TestOpeningTheMongolianVersion:
    def test_the_site_settings_have_a_mongolian_fieldset(self, site, staff):
        html = client_for(staff["admin"]).get(reverse("admin:news_site_change", args=[site.pk])).content.decode()
        assert 'class="fieldset-heading">蒙古文版</h2>' in html
        for name in ("mongolian_enabled", "site_name_mn", "organiser_mn", "default_source_mn"):
            assert f'name="{name}"' in html
        assert 'name="site_name_mn"' in html and 'lang="mn-Mong"' in html

    def test_enabling_it_answers_mn_at_once_and_disabling_refuses_it_at_once(self, site, columns, staff):
        reader = Client()
        assert reader.get("/mn/").status_code == 404  # the host table is now read and kept
        client = client_for(staff["admin"])
        response = site_change(client, site, mongolian_enabled="on", site_name_mn=SITE_NAME_MN)
        assert response.status_code == 302
        site.refresh_from_db()
        assert site.mongolian_enabled and site.site_name_mn == SITE_NAME_MN
        assert reader.get("/mn/").status_code == 200
        assert site_change(client, site, mongolian_enabled=None).status_code == 302
        assert reader.get("/mn/").status_code == 404
        assert Site.objects.get(pk=site.pk).site_name_mn == SITE_NAME_MN  # closing keeps the names

    def test_saving_the_settings_moves_the_cached_pages_on(self, site, columns, staff):
        before = Site.objects.get(pk=site.pk).content_version
        site_change(client_for(staff["admin"]), site, mongolian_enabled="on", site_name_mn=SITE_NAME_MN)
        assert Site.objects.get(pk=site.pk).content_version > before

    def test_a_site_admin_opens_their_own_sites_mongolian_version(self, site, columns, site_admins):
        response = site_change(
            client_for(site_admins["home_admin"]), site, mongolian_enabled="on", site_name_mn=SITE_NAME_MN
        )
        assert response.status_code == 302
        assert Site.objects.get(pk=site.pk).mongolian_enabled
        assert Client().get("/mn/").status_code == 200

    def test_opening_it_without_a_mongolian_site_name_is_refused_with_a_message(self, site, columns, staff):
        response = site_change(client_for(staff["admin"]), site, mongolian_enabled="on", site_name_mn="")
        assert response.status_code == 200
        assert "开通蒙古文版时请填写蒙古文网站名称" in response.content.decode()
        assert not Site.objects.get(pk=site.pk).mongolian_enabled
        assert Client().get("/mn/").status_code == 404

    def test_a_site_admin_cannot_open_another_sites(self, site, columns, site_admins, galutu):
        client = client_for(site_admins["home_admin"])
        page = client.get(reverse("admin:news_site_change", args=[site.pk]))
        url = reverse("admin:news_site_change", args=[galutu["site"].pk])
        response = client.post(url, page_form_data(page, mongolian_enabled="on"))
        assert response.status_code == 403
        assert not Site.objects.get(pk=galutu["site"].pk).mongolian_enabled


class TestColumnNames:
    def test_a_column_gets_its_mongolian_name_in_the_admin(self, mongolian, columns, staff):
        client = client_for(staff["admin"])
        url = reverse("admin:news_column_change", args=[columns["notices"].pk])
        page = client.get(url)
        html = page.content.decode()
        assert 'name="name_mn"' in html and 'lang="mn-Mong"' in html
        assert client.post(url, page_form_data(page, name_mn=COLUMN_NAME_MN)).status_code == 302
        assert Column.objects.get(pk=columns["notices"].pk).name_mn == COLUMN_NAME_MN

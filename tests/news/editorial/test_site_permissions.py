"""Staff work only on the sites they are members of (news/editorial/permissions.py):
their columns, articles, 回收站, corrections and review queues are those of their
sites; superusers work on every site."""

import pytest
from django.urls import reverse

from news.editorial.permissions import administered_site_ids, column_ids_for, site_ids_for
from news.editorial.services import article_save, article_trash
from news.models import Article, ColumnAccess
from tests.conftest import change_form_data, client_for, site_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_draft(galutu, site_admins):
    article = Article(title="嘎鲁图镇的稿件", column=galutu["news"], body="<p>正文。</p>")
    return article_save(article=article, actor=site_admins["other_editor"])


class TestWhichSitesAndColumns:
    def test_a_member_works_on_their_sites_only(self, staff, site, galutu):
        assert site_ids_for(staff["editor"]) == {site.pk}
        assert administered_site_ids(staff["editor"]) == set()

    def test_a_site_admin_administers_the_sites_marked_so(self, site_admins, site, galutu):
        assert administered_site_ids(site_admins["home_admin"]) == {site.pk}
        assert administered_site_ids(site_admins["other_admin"]) == {galutu["site"].pk}

    def test_superusers_work_on_every_site_and_column(self, staff):
        assert site_ids_for(staff["admin"]) is None and column_ids_for(staff["admin"]) is None

    def test_all_columns_means_every_column_of_the_users_sites(self, staff, columns, site_admins, galutu):
        home = {columns[name].pk for name in columns}
        assert column_ids_for(staff["auditor"]) == home
        assert column_ids_for(site_admins["other_auditor"]) == {galutu["news"].pk}

    def test_a_column_of_a_site_the_user_is_no_member_of_gives_nothing(self, staff, galutu):
        ColumnAccess.objects.create(user=staff["editor"], column=galutu["news"])
        assert galutu["news"].pk not in column_ids_for(staff["editor"])

    def test_a_member_of_two_sites_works_in_both(self, staff, columns, galutu):
        site_member_add(staff["auditor"], galutu["site"])
        assert column_ids_for(staff["auditor"]) == {*(c.pk for c in columns.values()), galutu["news"].pk}

    def test_a_staff_member_of_no_site_works_in_no_column(self, make_staff):
        assert column_ids_for(make_staff("nobody", "审计", sites=[])) == set()

    def test_the_answer_is_asked_once_per_user_object(self, staff, django_assert_num_queries):
        column_ids_for(staff["editor"])
        with django_assert_num_queries(0):
            column_ids_for(staff["editor"])
            site_ids_for(staff["editor"])


class TestArticlesOfAnotherSite:
    def test_an_editor_cannot_open_another_sites_article(self, staff, other_draft):
        response = client_for(staff["editor"]).get(reverse("admin:news_article_change", args=[other_draft.pk]))
        assert response.status_code == 403

    def test_an_auditor_of_one_site_cannot_open_another_sites_article(self, staff, other_draft):
        response = client_for(staff["auditor"]).get(reverse("admin:news_article_change", args=[other_draft.pk]))
        assert response.status_code == 403

    def test_the_article_list_shows_only_the_users_sites(self, staff, make_draft, other_draft):
        make_draft(title="苏力德的稿件")
        page = client_for(staff["auditor"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "苏力德的稿件" in page and "嘎鲁图镇的稿件" not in page

    def test_an_editor_cannot_pick_another_sites_column(self, staff, galutu):
        client = client_for(staff["editor"])
        assert "嘎鲁图动态" not in client.get(reverse("admin:news_article_add")).content.decode()
        article = Article(column=galutu["news"], title="越站稿件", body="<p>x</p>")
        response = client.post(reverse("admin:news_article_add"), change_form_data(article))
        assert response.status_code == 200 and "column" in response.context["adminform"].form.errors
        assert not Article.objects.filter(title="越站稿件").exists()

    def test_an_editor_cannot_move_their_article_to_another_site_by_post(self, staff, make_draft, galutu):
        article = make_draft(title="留在本站")
        client_for(staff["editor"]).post(
            reverse("admin:news_article_change", args=[article.pk]), change_form_data(article, column=galutu["news"].pk)
        )
        article.refresh_from_db()
        assert article.column_id != galutu["news"].pk

    def test_another_sites_article_cannot_be_trashed_by_post(self, staff, other_draft):
        url = reverse("admin:news_article_workflow", args=[other_draft.pk, "trash"])
        assert client_for(staff["editor"]).post(url, {"remark": "x"}).status_code == 403
        other_draft.refresh_from_db()
        assert not other_draft.is_trashed

    def test_the_trash_shows_only_the_users_sites(self, staff, site_admins, other_draft, make_draft):
        article_trash(article=other_draft, actor=site_admins["other_editor"])
        article_trash(article=make_draft(title="本站废稿"), actor=staff["editor"])
        page = client_for(staff["editor"]).get(reverse("admin:news_trashedarticle_changelist")).content.decode()
        assert "本站废稿" in page and "嘎鲁图镇的稿件" not in page
        url = reverse("admin:news_trashedarticle_change", args=[other_draft.pk])
        assert client_for(staff["editor"]).get(url).status_code == 403

    def test_the_review_queue_counts_only_the_users_sites(self, staff, site_admins, other_draft):
        from news.editorial.services import article_submit

        article_submit(article=other_draft, actor=site_admins["other_editor"])
        page = client_for(staff["reviewer"]).get(reverse("admin:news_article_changelist"), {"state": "submitted"})
        assert "嘎鲁图镇的稿件" not in page.content.decode()

    def test_a_superuser_sees_every_sites_articles(self, staff, other_draft, make_draft):
        make_draft(title="苏力德的稿件")
        page = client_for(staff["admin"]).get(reverse("admin:news_article_changelist")).content.decode()
        assert "苏力德的稿件" in page and "嘎鲁图镇的稿件" in page
        url = reverse("admin:news_article_change", args=[other_draft.pk])
        assert client_for(staff["admin"]).get(url).status_code == 200


class TestCorrectionsOfAnotherSite:
    def test_another_sites_correction_is_neither_listed_nor_opened(self, staff, site_admins, galutu):
        from news.editorial.actors import SYSTEM
        from news.editorial.corrections import correction_start
        from news.editorial.services import article_publish

        published = article_publish(
            article=Article(title="嘎鲁图镇已发布", column=galutu["news"], body="<p>正文。</p>"), actor=SYSTEM
        )
        correction = correction_start(article=published, actor=site_admins["other_editor"])
        client = client_for(staff["editor"])
        page = client.get(reverse("admin:news_articlecorrection_changelist"))
        assert correction not in list(page.context["cl"].result_list)
        url = reverse("admin:news_articlecorrection_change", args=[correction.pk])
        assert client.get(url).status_code == 403

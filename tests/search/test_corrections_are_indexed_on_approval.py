"""Search shows the published text until a correction is approved, then the corrected one."""

import pytest

from news.editorial.corrections import correction_approve, correction_save, correction_start, correction_submit

pytestmark = pytest.mark.django_db


class TestSearchFollowsApprovedCorrections:
    def test_the_corrected_words_are_found_only_after_approval(self, search, make_article, staff):
        article = make_article("防火宣传月活动", body="<p>组织防火宣传。</p>")
        correction = correction_start(article=article, actor=staff["editor"])
        correction.title, correction.body = "禁牧休牧通告", "<p>草原禁牧。</p>"
        correction = correction_save(correction=correction, actor=staff["editor"], expected_version=correction.version)
        correction = correction_submit(correction=correction, actor=staff["editor"])
        assert search("禁牧") == [] and search("防火") == [article.pk]
        correction_approve(correction=correction, actor=staff["reviewer"])
        assert search("禁牧") == [article.pk] and search("防火") == []

"""The wording scan over all published content, against the editorial
错敏词 list (news.WordingRule, with the starter list the migration gives)."""

import pytest

from health.report import site_health_check
from health.sources import wording_findings
from news.models import Article, ArticleStatus, WordingLevel, WordingRule

pytestmark = pytest.mark.django_db


def wording(report):
    return [f for f in report.findings if f.category.value == "wording"]


class TestMatcher:
    def test_each_placeholder_is_found_where_it_stands(self):
        hits = wording_findings("请在此处填写,内容待补充,负责人 xxx。")
        # Placeholders are to review; only wrong forms with a correct form are severe.
        assert [(h.phrase, h.level) for h in hits] == [("此处", "warn"), ("待补充", "warn"), ("xxx", "warn")]
        assert hits[0].start == 2

    def test_the_phrase_list_is_the_editorial_wording_list(self):
        WordingRule.objects.create(phrase="苏木大会", correct_form="苏木人民代表大会", level=WordingLevel.BLOCK)
        hits = wording_findings("召开苏木大会")
        assert [(h.phrase, h.level, h.suggestion) for h in hits] == [("苏木大会", "severe", "苏木人民代表大会")]
        WordingRule.objects.filter(phrase="此处").update(is_active=False)
        assert wording_findings("此处") == []


class TestScan:
    def test_a_placeholder_in_a_published_body_is_found_once(self, healthy_site, make_article):
        article = make_article(title="春耕备耕", body="<p>全苏木春耕工作由<b>待补充</b>负责。</p>")
        found = wording(site_health_check(external=False))
        assert len(found) == 1
        assert found[0].message == "疑似错敏或占位用语“待补充”:文章“春耕备耕”的正文"
        assert "工作由待补充负责" in found[0].detail
        assert found[0].fix_url == f"/admin/news/article/{article.pk}/change/"
        assert found[0].severity.value == "notice"

    def test_title_subtitle_and_body_hits_each_name_their_field(self, healthy_site, make_article):
        make_article(title="XXX 同志任职通知", subtitle="待补充", body="<p>参会人员:XXX</p><p>此处</p>")
        make_article(title="没有问题", subtitle="副题", body="<p>正文。</p>")
        found = wording(site_health_check(external=False))
        assert sorted(f.message for f in found) == sorted(
            [
                "疑似错敏或占位用语“XXX”:文章“XXX 同志任职通知”的标题",
                "疑似错敏或占位用语“待补充”:文章“XXX 同志任职通知”的副标题",
                "疑似错敏或占位用语“XXX”:文章“XXX 同志任职通知”的正文",
                "疑似错敏或占位用语“此处”:文章“XXX 同志任职通知”的正文",
            ]
        )

    def test_titles_are_scanned_and_drafts_are_not(self, healthy_site, make_article):
        make_article(title="XXX 同志任职通知", body="<p>正文。</p>")
        make_article(title="草稿", body="<p>此处待补充</p>", status=ArticleStatus.DRAFT)
        found = wording(site_health_check(external=False))
        assert [f.message for f in found] == ["疑似错敏或占位用语“XXX”:文章“XXX 同志任职通知”的标题"]

    def test_a_serious_wording_error_is_a_single_veto(self, healthy_site, make_article):
        WordingRule.objects.update_or_create(  # in the starter list already
            phrase="中华人名共和国", defaults={"correct_form": "中华人民共和国", "level": WordingLevel.BLOCK}
        )
        make_article(title="国庆", body="<p>庆祝中华人名共和国成立。</p>")
        report = site_health_check(external=False)
        assert [f.severity.value for f in wording(report)] == ["veto"]
        assert report.verdict.label == "单项否决"

    def test_words_inside_link_addresses_are_not_wording(self, healthy_site, make_article):
        make_article(title="链接", body='<p><a href="/column/dongtai/?q=XXX">苏木镇动态</a></p>')
        assert wording(site_health_check(external=False)) == []


class TestPlainText:
    def test_inline_tags_are_dropped_blocks_kept_apart_and_entities_read(self):
        from health.content import plain_text

        assert plain_text("<p>此</p><p>处</p>").split() == ["此", "处"]
        assert plain_text("<p>待<b>补充</b> &amp; 核实</p>").strip() == "待补充 & 核实"


class TestPrefilteredScan:
    """After the first SAMPLE articles, texts are first searched for a pair
    of characters of each phrase and for the characters folding changes: the
    articles past the sample are reported exactly as before."""

    def test_hits_after_the_sample_are_found_as_written_folded_or_escaped(
        self, healthy_site, make_article, monkeypatch
    ):
        monkeypatch.setattr("health.content.SAMPLE", 2)
        for i in range(3):
            make_article(title=f"春耕通知{i}", body="<p>全苏木春耕工作。</p>")
        make_article(title="秋收通知", body="<p>工作由<b>待补充</b>负责。</p>")
        make_article(title="ＸＸＸ 同志任职", body="<p>正文。</p>")  # full width: folds to xxx
        make_article(title="冬储通知", body="<p>请在&#27492;处填写。</p>")  # 此 as a character reference
        # A "<" that opens no tag of its own (stored by an import, say): read as plain_text reads it.
        stray = make_article(title="夏管通知", body="<p>正文。</p>")
        Article.objects.filter(pk=stray.pk).update(body="<p>正文</p><b 测试<p>")
        found = wording(site_health_check(external=False))
        assert sorted(f.message for f in found) == sorted(
            [
                "疑似错敏或占位用语“待补充”:文章“秋收通知”的正文",
                "疑似错敏或占位用语“ＸＸＸ”:文章“ＸＸＸ 同志任职”的标题",
                "疑似错敏或占位用语“此处”:文章“冬储通知”的正文",
                "疑似错敏或占位用语“测试”:文章“夏管通知”的正文",
            ]
        )

    def test_the_prefilter_finds_something_in_every_text_with_a_hit(self):
        from health.sources import wording_prefilter, wording_rules

        rules = wording_rules()
        prefilter = wording_prefilter(rules, sample="全苏木春耕工作。" * 20)
        texts = ["请在此处填写", "负责人 XXX", "ｔｏｄｏ:核对", "中华人名共和国", "内容待补充"]
        assert all(wording_findings(text, rules) for text in texts)
        assert all(prefilter(text) for text in texts)
        assert not prefilter("全苏木春耕工作。")
        assert wording_findings("全苏木春耕工作。", rules) == []

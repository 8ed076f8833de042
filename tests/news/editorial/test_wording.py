"""The wording check (错敏词): what it finds, and how it stops or warns."""

import pytest
from django.urls import reverse

from news.editorial.services import WordingBlockedError, WordingWarningError, article_approve, article_submit
from news.editorial.wording import MAX_HITS, check_article, find_in_text
from news.models import Article, ArticleStatus, AuditEntry, WordingLevel, WordingRule

from ...conftest import client_for

pytestmark = pytest.mark.django_db


class TestStarterList:
    @pytest.mark.parametrize(
        "wrong,right",
        [
            ("中华人民共合国", "中华人民共和国"),
            ("习近平总书纪", "习近平总书记"),
            ("内蒙自治区", "内蒙古自治区"),
            ("内蒙古省", "内蒙古自治区"),
            ("乌审县", "乌审旗"),
        ],
    )
    def test_wrong_forms_of_official_names_block_with_the_correct_form(self, wrong, right):
        [hit] = find_in_text(f"今天{wrong}的会议", field="正文")
        assert hit.is_block and hit.correct_form == right and hit.found == wrong

    @pytest.mark.parametrize("placeholder", ["XXX", "待补充"])
    def test_forgotten_placeholders_block(self, placeholder):
        [hit] = find_in_text(f"参会人员:{placeholder}", field="正文")
        assert hit.is_block

    @pytest.mark.parametrize("word", ["此处", "测试"])
    def test_words_that_may_be_legitimate_only_warn(self, word):
        [hit] = find_in_text(f"开展{word}工作", field="正文")
        assert hit.level == WordingLevel.WARN

    def test_correct_official_names_are_not_flagged(self):
        text = "中华人民共和国内蒙古自治区鄂尔多斯市乌审旗苏力德苏木,学习习近平总书记重要讲话精神。"
        assert find_in_text(text, field="正文") == []


class TestMatching:
    def test_the_place_is_the_character_position_with_context(self):
        [hit] = find_in_text("一二三四五XXX六七", field="标题")
        assert hit.position == 6
        assert "五XXX六" in hit.context
        assert "标题第 6 字" in str(hit)

    def test_full_width_and_lower_case_placeholders_are_found(self):
        [hit] = find_in_text("负责人:ｘｘｘ", field="正文")
        assert hit.found == "ｘｘｘ" and hit.is_block

    def test_a_shorter_phrase_inside_a_longer_hit_is_not_reported_twice(self):
        hits = find_in_text("此处插入图片", field="正文")
        assert [hit.phrase for hit in hits] == ["此处插入"]

    def test_every_occurrence_is_reported(self):
        assert len(find_in_text("XXX和XXX", field="正文")) == 2

    def test_the_body_is_checked_as_text_not_markup(self, make_draft):
        article = make_draft(body="<p>内蒙</p><p>自治区</p><p><strong>XX</strong>X</p>")
        hits = check_article(article)
        assert [hit.phrase for hit in hits] == ["XXX"]  # paragraphs stay apart; inline tags do not split

    def test_rules_edited_in_the_admin_take_effect_at_once(self, make_draft):
        article = make_draft(title="召开苏木大会")
        assert check_article(article) == []
        WordingRule.objects.create(phrase="苏木大会", correct_form="苏木人民代表大会", level=WordingLevel.BLOCK)
        assert [hit.correct_form for hit in check_article(article)] == ["苏木人民代表大会"]
        WordingRule.objects.filter(phrase="苏木大会").update(is_active=False)
        assert check_article(article) == []


class TestOnSubmitAndPublish:
    def test_a_block_stops_submission_and_says_where_and_what_to_write(self, make_draft, staff):
        article = make_draft(body="<p>内蒙古省乌审旗</p>")
        with pytest.raises(WordingBlockedError) as caught:
            article_submit(article=article, actor=staff["editor"], remark="我确认")
        message = " ".join(caught.value.messages)
        assert "正文第 1 字“内蒙古省”" in message and "应为“内蒙古自治区”" in message
        article.refresh_from_db()
        assert article.status == ArticleStatus.DRAFT

    def test_a_block_stops_approval_too(self, make_draft, staff):
        article = article_submit(article=make_draft(), actor=staff["editor"])
        Article.objects.filter(pk=article.pk).update(body="<p>待补充</p>")  # changed since submission
        with pytest.raises(WordingBlockedError):
            article_approve(article=article, actor=staff["reviewer"])
        assert not Article.objects.published().exists()

    def test_a_warning_needs_a_remark_to_go_on(self, make_draft, staff):
        article = make_draft(body="<p>开展体能测试。</p>")
        with pytest.raises(WordingWarningError):
            article_submit(article=article, actor=staff["editor"])
        article = article_submit(article=article, actor=staff["editor"], remark="体能测试是活动名称")
        assert article.status == ArticleStatus.SUBMITTED
        entry = AuditEntry.objects.get(action="submit")
        assert entry.remark == "体能测试是活动名称" and "测试" in entry.details["wording"][0]


class TestInTheAdmin:
    def test_the_submit_page_shows_the_block_and_refuses(self, make_draft, staff):
        article = make_draft(title="习进平调研")
        client = client_for(staff["editor"])
        url = reverse("admin:news_article_workflow", args=[article.pk, "submit"])
        assert "应为“习近平”" in client.get(url).content.decode()
        response = client.post(url, {"remark": "确认"})
        assert response.status_code == 400
        assert "应为“习近平”" in response.content.decode()
        article.refresh_from_db()
        assert article.status == ArticleStatus.DRAFT

    def test_the_article_page_lists_what_the_check_found(self, make_draft, staff):
        article = make_draft(body="<p>此处插入图片</p>")
        client = client_for(staff["editor"])
        page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
        assert "此处插入" in page and "【禁止】" in page

    def test_reviewers_may_add_rules_and_editors_may_not(self, staff):
        data = {
            "phrase": "苏木大会",
            "correct_form": "苏木人民代表大会",
            "level": "block",
            "note": "",
            "is_active": "on",
        }
        for group, expected in (("editor", 403), ("reviewer", 302)):
            client = client_for(staff[group])
            assert client.post(reverse("admin:news_wordingrule_add"), data).status_code == expected
        assert WordingRule.objects.filter(phrase="苏木大会").count() == 1


def reference_find(text, rules):
    """The check as first written: each character folded on its own, and a
    hit dropped when any other hit holds it and is longer. Quadratic, so only
    for short texts; the fast check must agree with it exactly."""
    import unicodedata

    chars, origin = [], []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    normalised = "".join(chars)
    spans = []
    for phrase, *_ in rules:
        needle = "".join(unicodedata.normalize("NFKC", c).casefold() for c in phrase)
        start = normalised.find(needle)
        while needle and start != -1:
            spans.append((origin[start], origin[start + len(needle) - 1] + 1, phrase))
            start = normalised.find(needle, start + 1)
    kept = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)]
    return sorted((start + 1, text[start:stop], phrase) for start, stop, phrase in kept)


class TestLongAndUnusualTexts:
    RULES = (
        ("此处", "", WordingLevel.WARN, ""),
        ("此处插入", "", WordingLevel.BLOCK, ""),
        ("XXX", "", WordingLevel.BLOCK, ""),
        ("XX", "", WordingLevel.WARN, ""),
        ("strasse", "", WordingLevel.WARN, ""),
        ("(一)", "", WordingLevel.WARN, ""),
        ("ﬁle", "", WordingLevel.WARN, ""),
        ("é", "", WordingLevel.WARN, ""),
    )

    def test_a_megabyte_body_with_nested_hits_reports_each_outermost_hit_where_it_stands(self):
        paragraph = (
            "苏力德苏木召开会议,此处插入图片,负责人ＸＸＸ。传达会议精神,开展此处工作。" + "苏木干部认真学习。" * 340
        )
        repeats = 1_000_000 // len(paragraph) + 1
        text = paragraph * repeats
        hits = find_in_text(text, field="正文", rules=self.RULES)
        expected = []
        for n in range(repeats):
            for found, phrase in (("此处插入", "此处插入"), ("ＸＸＸ", "XXX"), ("此处", "此处")):
                offset = 0
                while (at := paragraph.find(found, offset)) != -1:
                    if not (found == "此处" and paragraph.startswith("此处插入", at)):
                        expected.append((n * len(paragraph) + at + 1, found, phrase))
                    offset = at + 1
        assert len(text) > 1_000_000 and MAX_HITS >= len(expected) > 900
        assert [(hit.position, hit.found, hit.phrase) for hit in hits] == sorted(expected)

    def test_past_the_most_hits_listed_the_rest_are_summed_up_as_a_block(self):
        hits = find_in_text("负责人XXX," * 200_000, field="正文", rules=self.RULES)
        listed, [overflow] = hits[:-1], hits[-1:]
        assert [(hit.position, hit.found) for hit in listed] == [(4 + 7 * n, "XXX") for n in range(MAX_HITS)]
        assert overflow.overflow and overflow.is_block
        assert str(overflow) == f"正文中的错敏词超过 {MAX_HITS} 处,只列出前 {MAX_HITS} 处:请先改正已列出的,再重新检查。"

    def test_a_block_after_a_thousand_warnings_still_stops_submission(self, make_draft, staff):
        article = make_draft(body="<p>" + "开展此处工作。" * (MAX_HITS + 10) + "内蒙古省</p>")
        with pytest.raises(WordingBlockedError):
            article_submit(article=article, actor=staff["editor"], remark="都已确认")

    def test_characters_that_fold_into_several_or_merge_are_placed_as_the_plain_check_places_them(self):
        import random

        alphabet = list("此处插入XxＸｘß(一)㈠ﬁlefiLEéStrasseSTRAẞE̊é苏木 ,。") + ["e\u0301", "\u0301"]
        generator = random.Random(20261130)
        for _ in range(300):
            text = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 40)))
            hits = find_in_text(text, field="正文", rules=self.RULES)
            assert sorted((h.position, h.found, h.phrase) for h in hits) == reference_find(text, self.RULES), text

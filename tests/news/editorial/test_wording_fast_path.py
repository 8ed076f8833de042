"""The wording check skips folding a text when folding could change nothing
the rules match (most Chinese text: its full-width punctuation folds into
characters no phrase holds). It must find exactly what the full fold finds."""

import pytest

from news.editorial import wording
from news.editorial.wording import active_rules, find_in_text

pytestmark = pytest.mark.django_db

TEXTS = [
    "今天中华人民共合国的会议,参会人员:XXX。",  # full-width punctuation only
    "参会人员:ｘｘｘ,待补充。",  # full-width letters fold into a phrase
    "参会人员:xXx、Xxx 和 XXX。",  # case folds into a phrase
    "内蒙自治区 ﬀ ß ㈠ 乌审县",  # characters folding into several
    "开展此处测试工作" * 50,
    "没有任何问题的一段正文,，。;:!?()【】" * 20,
    "𠀀𠀁 罕见字后面是习近平总书纪",  # characters not learnt yet
]


def slow_path(text, rules):
    """The same search with every text folded."""
    matters = wording._folding_matters
    try:
        wording._folding_matters = lambda rules: __import__("re").compile(r"(?s).")
        return find_in_text(text, field="正文", rules=rules)
    finally:
        wording._folding_matters = matters


class TestSkippingTheFold:
    @pytest.mark.parametrize("text", TEXTS)
    def test_the_hits_are_the_same_with_and_without_the_fold(self, text):
        rules = active_rules()
        assert find_in_text(text, field="正文", rules=rules) == slow_path(text, rules)

    def test_full_width_and_upper_case_placeholders_are_still_found(self):
        hits = find_in_text("参会人员:ｘｘｘ与XXX", field="正文")
        assert [hit.found for hit in hits] == ["ｘｘｘ", "XXX"]

    def test_plain_chinese_text_with_full_width_punctuation_is_not_folded(self, monkeypatch):
        rules = active_rules()
        find_in_text("预热", field="正文", rules=rules)  # the automaton built, common characters learnt

        def refuse(text):
            raise AssertionError("folded")

        monkeypatch.setattr(wording, "_normalise", refuse)
        assert find_in_text("苏力德苏木召开会议,部署秸秆禁烧工作。", field="正文", rules=rules) == []

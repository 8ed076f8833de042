"""Mongolian text is read the same way for the index and for the query:
spelling variants of one word become one token (search/mongolian.py).
Written with explicit code points: what the test is about is invisible."""

import pytest

from search import segmentation
from search.highlight import highlight, word_pattern
from search.mongolian import mongolian_normalise
from search.query import SearchQuery

SA, A, RA, ON_O, NA, U = "\u1830", "\u1820", "\u1837", "\u1823", "\u1828", "\u1824"
FVS1, FVS2, FVS3, FVS4 = "\u180b", "\u180c", "\u180d", "\u180f"
MVS, NNBSP, ZWJ, ZWNJ = "\u180e", "\u202f", "\u200d", "\u200c"
SARA = SA + A + RA + A  # ᠰᠠᠷᠠ "month", typed without MVS
SARA_WITH_MVS = SA + A + RA + MVS + A  # ᠰᠠᠷ᠎ᠠ, its final a in the separated form
ON = ON_O + NA  # ᠣᠨ "year"
MONGGOL = "\u182e\u1823\u1829\u182d\u1823\u182f"  # ᠮᠣᠩᠭᠣᠯ
MONGGOL_WITH_FVS = "\u182e\u1823\u1829\u182d" + FVS1 + "\u1823\u182f"


class TestSpellingVariantsFold:
    @pytest.mark.parametrize("selector", [FVS1, FVS2, FVS3, FVS4])
    def test_free_variation_selectors_are_dropped(self, selector):
        assert mongolian_normalise(SA + selector + A + RA + A) == SARA

    def test_the_vowel_separator_is_dropped_so_both_spellings_of_a_word_are_one(self):
        assert mongolian_normalise(SARA_WITH_MVS) == SARA
        assert segmentation.tokens(SARA_WITH_MVS) == segmentation.tokens(SARA) == [SARA]

    def test_zero_width_joiners_are_dropped(self):
        assert mongolian_normalise(SA + ZWJ + A + ZWNJ + RA + A) == SARA

    def test_the_narrow_no_break_space_before_a_suffix_is_a_word_boundary(self):
        assert segmentation.tokens(ON + NNBSP + U) == [ON, U]
        assert segmentation.tokens(ON + " " + U) == [ON, U]

    @pytest.mark.parametrize(
        "mark", ["\u1802", "\u1803", "\u1800", "\u1801", "\u1804", "\u1805", "\u180a", "\U00011660"]
    )
    def test_mongolian_punctuation_separates_words(self, mark):
        assert segmentation.tokens(SARA + mark + ON) == [SARA, ON]

    def test_mongolian_digits_count_as_ascii_digits(self):
        assert segmentation.tokens("\u1812\u1810\u1812\u1814 " + ON) == ["2024", ON]

    def test_text_is_put_in_nfc(self):
        assert mongolian_normalise("e\u0301") == "\u00e9"

    def test_chinese_text_is_left_as_it_was(self):
        assert mongolian_normalise("民族团结 2024年") == "民族团结 2024年"


class TestMongolianWordsAreNotCutIntoLetters:
    def test_a_mongolian_word_is_one_token_beside_chinese_ones(self):
        assert segmentation.tokens(f"{MONGGOL}统战工作") == [MONGGOL, "统战", "工作", "统战工作"]

    def test_a_query_reads_the_variants_as_the_same_words(self):
        query = SearchQuery.parse(f"{MONGGOL_WITH_FVS} {SARA_WITH_MVS}")
        assert [term.word for term in query.terms] == [MONGGOL, SARA]
        assert all(term.alternatives == ((term.word,),) for term in query.terms)

    def test_a_quoted_mongolian_phrase_keeps_its_words_in_order(self):
        query = SearchQuery.parse(f'"{ON}{NNBSP}{U}"')
        assert query.phrases == [f"{ON} {U}"]
        assert [term.word for term in query.terms] == [ON, U]


class TestHighlightingMongolianWords:
    def test_a_word_is_marked_in_text_spelled_with_a_vowel_separator(self):
        marked = highlight(f"6 {SARA_WITH_MVS} {ON}", word_pattern([SARA]))
        assert marked == f"6 <mark>{SARA_WITH_MVS}</mark> {ON}"

    def test_a_phrase_is_marked_across_a_narrow_no_break_space(self):
        marked = highlight(f"2024 {ON}{NNBSP}{U} 6", word_pattern([f"{ON} {U}"]))
        assert marked == f"2024 <mark>{ON}{NNBSP}{U}</mark> 6"

    def test_only_whole_words_are_marked(self):
        longer = ON + "\u1834\u1820"  # ᠣᠨᠴᠠ
        assert highlight(longer, word_pattern([ON])) == longer

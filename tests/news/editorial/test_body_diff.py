"""A body read line by line for the revision diff: paragraphs, table rows and
images each a line, the changed words marked, no markup shown."""

from news.editorial.body_diff import body_diff_rows
from news.media.html import blocks_of

BODY = (
    "<h2>会议要求</h2><p>第一段,有<strong>加粗</strong>。</p>"
    '<figure class="table"><table><tbody><tr><td><p>嘎查</p></td><td>面积(亩)</td></tr>'
    "<tr><td>陶尔庙嘎查</td><td>1250</td></tr></tbody></table></figure>"
    '<figure class="image"><img src="/media/a.jpg" alt="会议现场"><figcaption>图为会议现场</figcaption></figure>'
    "<ul><li>一、做好防火</li></ul>"
)


class TestBodyLines:
    def test_each_paragraph_table_row_and_image_is_one_line_of_text(self):
        assert [block.text for block in blocks_of(BODY)] == [
            "会议要求",
            "第一段,有加粗。",
            "嘎查 | 面积(亩)",
            "陶尔庙嘎查 | 1250",
            "[图片:会议现场]",
            "图为会议现场",
            "一、做好防火",
        ]

    def test_an_image_without_alt_text_says_so(self):
        assert [block.text for block in blocks_of('<p>前</p><img src="/a.jpg">')] == ["前", "[图片,无说明]"]


class TestBodyDiffRows:
    def test_an_unchanged_body_has_only_unchanged_lines(self):
        rows = body_diff_rows(BODY, BODY)
        assert {row.kind for row in rows} == {"same"} and len(rows) == 7

    def test_a_changed_cell_marks_only_the_changed_words(self):
        rows = body_diff_rows(BODY, BODY.replace("1250", "1320"))
        changed = [row for row in rows if row.kind == "changed"]
        assert len(changed) == 1
        assert "<del>1250</del>" in changed[0].old and "<ins>1320</ins>" in changed[0].new
        assert "陶尔庙嘎查" in changed[0].old and "<" not in changed[0].old.replace("<del>", "").replace("</del>", "")

    def test_added_and_removed_paragraphs_stand_on_their_own_side(self):
        rows = body_diff_rows("<p>甲。</p><p>乙。</p>", "<p>乙。</p><p>丙。</p>")
        assert [(row.kind, str(row.old), str(row.new)) for row in rows] == [
            ("removed", "<del>甲。</del>", ""),
            ("same", "乙。", "乙。"),
            ("added", "", "<ins>丙。</ins>"),
        ]

    def test_markup_in_text_is_escaped_not_rendered(self):
        rows = body_diff_rows("<p>a</p>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        assert "&lt;script&gt;" in rows[0].new and "<script>" not in rows[0].new

    def test_a_very_long_changed_paragraph_is_marked_whole(self):
        old = "<p>" + "苏力德苏木召开会议。" * 1000 + "</p>"
        rows = body_diff_rows(old, old.replace("会议。", "大会。", 1))
        assert rows[0].kind == "changed" and rows[0].old.startswith("<del>") and rows[0].new.startswith("<ins>")

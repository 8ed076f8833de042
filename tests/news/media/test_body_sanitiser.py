"""Whatever the editor (or anyone posting to the admin) sends, the stored body
holds only the allow-list, and the public page shows nothing that runs."""

import re
from pathlib import Path

import pytest

from news.media.html import sanitize_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img srcset="javascript:alert(1) 1x, data:image/png;base64,AAAA 2x" src="/x.png">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    '<a href=" javascript:alert(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<a href="vbscript:msgbox(1)">点我</a>',
    "<svg onload=alert(1)><circle r=10></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="password"><button>提交</button></form>',
    '<p style="background:url(javascript:alert(1));position:fixed;top:0">覆盖</p>',
    '<p style="behavior:url(x.htc);-moz-binding:url(x.xml#x)">旧浏览器</p>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<div onclick="alert(1)" onmouseover="alert(2)">悬停</div>',
    '<p><a href="#" onfocus="alert(1)" autofocus>焦点</a></p>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
    '<table background="javascript:alert(1)"><tr><td onmouseover="alert(1)">格</td></tr></table>',
    '<figure class="image evil-class" onclick="alert(1)"><img src="/media/a.jpg"><figcaption onclick="x()">图</figcaption></figure>',
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<img src="/ok.jpg" alt="a" title="x" ' + "x" * 10 + '="1" style="width:10px;height:expression(alert(1))">',
]

FORBIDDEN = [
    re.compile(
        r"<\s*(script|iframe|object|embed|form|input|button|svg|math|style|link|meta|base|template|video|audio|source|details)\b",
        re.I,
    ),
    re.compile(r"\son[a-z]+\s*=", re.I),
    re.compile(r"javascript\s*:", re.I),
    re.compile(r"vbscript\s*:", re.I),
    re.compile(r"data\s*:", re.I),
    re.compile(r"expression\s*\(", re.I),
    re.compile(r"(position|background|behavior|-moz-binding)\s*:", re.I),
]


def assert_harmless(html):
    for pattern in FORBIDDEN:
        assert not pattern.search(html), f"{pattern.pattern} found in {html!r}"


class TestSanitiserAllowList:
    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_nothing_that_runs_survives(self, payload):
        assert_harmless(sanitize_html(payload))

    def test_editor_markup_for_images_with_captions_is_kept(self):
        html = '<figure class="image image-style-side"><img src="/media/editor/a.jpg" alt="会场"><figcaption>会议现场</figcaption></figure>'
        assert sanitize_html(html) == html

    def test_editor_markup_for_tables_is_kept(self):
        html = (
            '<figure class="table"><table><thead><tr><th colspan="2">项目</th></tr></thead>'
            "<tbody><tr><td>春耕</td><td>100亩</td></tr></tbody></table><figcaption>统计表</figcaption></figure>"
        )
        assert sanitize_html(html) == html

    def test_resized_images_keep_their_width_only(self):
        cleaned = sanitize_html(
            '<figure class="image image_resized" style="width:50%;float:left"><img src="/a.jpg"></figure>'
        )
        assert cleaned == '<figure class="image image_resized" style="width:50%"><img src="/a.jpg"></figure>'

    def test_unknown_classes_are_dropped(self):
        assert sanitize_html('<figure class="image hidden-trap"><img src="/a.jpg"></figure>') == (
            '<figure class="image"><img src="/a.jpg"></figure>'
        )

    def test_alignment_and_indent_styles_are_kept(self):
        html = '<p style="text-align:center;text-indent:2em">居中</p>'
        assert sanitize_html(html) == html

    def test_links_get_noopener(self):
        assert sanitize_html('<a href="https://www.gov.cn">中国政府网</a>') == (
            '<a href="https://www.gov.cn" rel="noopener noreferrer">中国政府网</a>'
        )


@pytest.mark.django_db
class TestPublicPageAfterSaving:
    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_the_stored_body_and_the_public_page_are_harmless(self, client, make_article, payload):
        article = make_article(body=f"<p>正文开头</p>{payload}<p>正文结尾</p>")
        article.refresh_from_db()
        assert_harmless(article.body)
        html = client.get(article.get_absolute_url()).content.decode()
        body = html[html.index('id="article-body"') : html.index('class="article-neighbours"')]
        assert_harmless(body)
        assert "正文开头" in body and "正文结尾" in body

    @pytest.mark.parametrize("field", ["title", "subtitle", "author", "source", "summary"])
    def test_text_fields_are_shown_escaped(self, client, make_article, field):
        payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        article = make_article(**{field: payload} if field != "title" else {"title": payload})
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html

    def test_cover_alt_text_is_shown_escaped(self, client, make_article):
        from django.core.files.base import ContentFile

        from tests.media_files import photo_bytes

        article = make_article(cover_alt='"><script>alert(1)</script>')
        article.cover_image.save("c.jpg", ContentFile(photo_bytes()))
        html = client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in html
        assert 'alt="&quot;&gt;&lt;script&gt;' in html


WPS_CLIPBOARD = (Path(__file__).parents[2] / "data" / "wps-clipboard.html").read_text(encoding="utf-8")
OFFICE_LEFTOVERS = [
    "mso-",
    "Mso",
    "<o:p",
    "</o:p",
    "<font",
    "face=",
    "lang=",
    "Generator",
    "WPS",
    "<meta",
    "<title",
    "<style",
    "@font-face",
    "Section0",
    "<xml",
    "supportLists",
    "<span",
    "class=",
    "align=",
    "valign=",
    "border=",
    "cellspacing",
    "font-family",
    "font-size",
    "仿宋",
    "windowtext",
    "<div",
]


class TestPasteFromWps:
    """What WPS Office (the suite most townships use) puts on the clipboard:
    its Generator meta, Word-style mso- styles and classes, <o:p>, <font>, lang
    attributes, a table with widths. tests/data/wps-clipboard.html."""

    def test_the_office_markup_is_gone(self):
        cleaned = sanitize_html(WPS_CLIPBOARD)
        assert [leftover for leftover in OFFICE_LEFTOVERS if leftover in cleaned] == []
        assert_harmless(cleaned)

    def test_paragraphs_bold_and_alignment_are_kept(self):
        cleaned = sanitize_html(WPS_CLIPBOARD)
        assert cleaned.startswith(
            '<p style="text-align:center"><b>关于做好春季草原防火工作的通知</b></p><p>各嘎查村、苏木直属各单位:</p>'
        )
        assert "当前已进入春季防火期,<b>严禁一切野外用火</b>。各嘎查村要落实包片责任" in cleaned
        assert cleaned.rstrip().endswith('<p style="text-align:right">苏力德苏木人民政府</p>')
        assert cleaned.count("<p") == 11  # five paragraphs and six cells' paragraphs

    def test_the_table_keeps_its_rows_cells_and_widths(self):
        cleaned = sanitize_html(WPS_CLIPBOARD)
        table = cleaned[cleaned.index("<table") : cleaned.index("</table>")]
        rows = re.findall(r"<tr>(.*?)</tr>", table)
        cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
        assert [[re.sub(r"<[^>]+>", "", cell) for cell in row] for row in cells] == [
            ["嘎查村", "责任人", "巡护面积(亩)"],
            ["陶尔庙嘎查", "其其格", "32000"],
        ]
        assert table.startswith('<table style="width:414.75pt">')
        assert table.count('<td style="width:138.25pt">') == 6

    @pytest.mark.django_db
    def test_a_saved_article_stores_the_clean_body_and_shows_the_table(self, client, make_article):
        article = make_article(body=WPS_CLIPBOARD)
        article.refresh_from_db()
        assert article.body == sanitize_html(WPS_CLIPBOARD)
        assert article.summary.startswith("关于做好春季草原防火工作的通知")
        html = client.get(article.get_absolute_url()).content.decode()
        body = html[html.index('id="article-body"') : html.index('class="article-neighbours"')]
        assert "<td" in body and "陶尔庙嘎查" in body and "<b>严禁一切野外用火</b>" in body
        assert "mso-" not in html

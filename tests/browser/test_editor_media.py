"""A staff member writes an article in CKEditor 5: pastes a table from Word,
uploads a phone photo, saves; residents then see both, the photo with srcset."""

import re
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from news.editorial.services import article_approve, article_submit
from news.models import Article
from tests.conftest import PASSWORD
from tests.media_files import photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)


# What Word (and WPS, which copies it) puts on the clipboard for a small table.
WORD_TABLE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=Generator content="Microsoft Word 15">
<style>p.MsoNormal{mso-style-parent:"";margin:0cm;font-family:宋体}</style></head><body lang=ZH-CN>
<!--StartFragment--><p class=MsoNormal style='mso-line-height-alt:12pt'><span style='font-family:宋体;mso-bidi-font-family:Arial'>春耕进度如下:<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=200 style='border:solid windowtext 1.0pt'><p class=MsoNormal><span style='font-family:宋体'>嘎查<o:p></o:p></span></p></td>
<td width=200 style='border:solid windowtext 1.0pt'><p class=MsoNormal><span>播种面积(亩)<o:p></o:p></span></p></td></tr>
<tr style='mso-yfti-irow:1'><td width=200><p class=MsoNormal><span>陶尔庙嘎查<o:p></o:p></span></p></td>
<td width=200><p class=MsoNormal><span>1250<o:p></o:p></span></p></td></tr>
</table><!--EndFragment--></body></html>"""

PASTE = """([html, text]) => {
  const editable = document.querySelector('.ck-editor__editable');
  editable.focus();
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', text);
  editable.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""

EDITOR_DATA = "() => Object.values(window.editors)[0].getData()"
# A function, not an expression: Playwright evaluates expressions with eval,
# which the admin's Content-Security-Policy rightly forbids.
EDITOR_DATA_HAS = "(needle) => Object.values(window.editors)[0].getData().includes(needle)"


@pytest.fixture
def editor_user(make_staff):
    """A member of the 编辑 group working in 公开 and below."""
    return make_staff("bianji", "编辑", ["public"])


@pytest.fixture
def phone_photo(tmp_path):
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(photo_bytes(size=(2400, 1600), gps=True, orientation=6))
    return path


class TestWritingAnArticleWithPhotoAndTable:
    def test_pasted_table_and_uploaded_photo_reach_the_public_page(
        self, page, live_server, columns, editor_user, make_staff, phone_photo
    ):
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
        )

        page.goto(f"{live_server.url}/admin/login/?next=/admin/news/article/add/")
        page.fill("#id_username", "bianji")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector(".ck-editor__editable")

        page.select_option("#id_column", str(columns["news"].pk))
        page.fill("#id_title", "苏力德苏木春耕进度")
        page.evaluate(PASTE, [WORD_TABLE, "春耕进度如下:\n嘎查\t播种面积(亩)\n陶尔庙嘎查\t1250"])
        page.wait_for_function(EDITOR_DATA_HAS, arg="<table")

        toolbar_file_input = page.locator(".ck-toolbar input[type=file]").first
        toolbar_file_input.set_input_files(str(phone_photo))
        page.wait_for_function(EDITOR_DATA_HAS, arg="/media/editor/", timeout=20_000)
        # The editor asks for the photo's 图片说明 at once (test_image_alt_text covers it).
        alt_field = page.locator(".ck-text-alternative-form input[type=text]")
        alt_field.fill("陶尔庙嘎查春耕现场")
        alt_field.press("Enter")
        page.wait_for_function(EDITOR_DATA_HAS, arg='alt="陶尔庙嘎查春耕现场"')
        data = page.evaluate(EDITOR_DATA)
        assert "mso-" not in data and "MsoNormal" not in data  # paste from Office cleaned

        page.click("input[name=_save]")
        page.wait_for_url(re.compile(r"/admin/news/article/$"))
        assert errors == []

        article = Article.objects.get()
        assert "陶尔庙嘎查" in article.body
        assert "mso-" not in article.body
        # Submitting and approving by clicking is test_editorial_workflow's; here the photo and table matter.
        article_submit(article=article, actor=editor_user)
        article_approve(article=article, actor=make_staff("shenhe", "审核", ["public"]))

        page.context.clear_cookies()  # a resident, not the editor
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        table = page.locator("#article-body table")
        assert table.locator("td", has_text="陶尔庙嘎查").count() == 1
        assert table.locator("td", has_text="1250").count() == 1

        photo = page.locator("#article-body img").first
        srcset = photo.get_attribute("srcset")
        # Turned upright the photo is 1600 px wide: itself the widest entry.
        assert "-480w.jpg 480w" in srcset and "-960w.jpg 960w" in srcset and ".jpg 1600w" in srcset
        assert photo.get_attribute("sizes")
        page.wait_for_function("() => document.querySelector('#article-body img').complete")
        natural = photo.evaluate("img => [img.naturalWidth, img.naturalHeight]")
        assert natural[0] > 0 and natural[1] > natural[0]  # upright: the phone was held portrait

        src = photo.get_attribute("src")
        stored = Image.open(__import__("io").BytesIO(page.request.get(f"{live_server.url}{src}").body()))
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "ckeditor" not in page.content().lower()


WPS_CLIPBOARD = (Path(__file__).parents[1] / "data" / "wps-clipboard.html").read_text(encoding="utf-8")
WPS_TEXT = (
    "关于做好春季草原防火工作的通知\n各嘎查村、苏木直属各单位:\n嘎查村\t责任人\t巡护面积(亩)\n陶尔庙嘎查\t其其格\t32000"
)


class TestPasteFromWps:
    def test_a_wps_document_pasted_is_stored_clean_with_paragraphs_bold_and_table(
        self, page, live_server, columns, editor_user
    ):
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/admin/login/?next=/admin/news/article/add/")
        page.fill("#id_username", "bianji")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector(".ck-editor__editable")

        page.select_option("#id_column", str(columns["notices"].pk))
        page.fill("#id_title", "关于做好春季草原防火工作的通知")
        page.evaluate(PASTE, [WPS_CLIPBOARD, WPS_TEXT])
        page.wait_for_function(EDITOR_DATA_HAS, arg="<table")
        page.click("input[name=_save]")
        page.wait_for_url(re.compile(r"/admin/news/article/$"))
        assert errors == []

        body = Article.objects.get().body
        for leftover in ["mso-", "Mso", "o:p", "<font", "lang=", "WPS", "Generator", "<span", "仿宋", "<style"]:
            assert leftover not in body, leftover
        assert "<strong>严禁一切野外用火</strong>" in body or "<b>严禁一切野外用火</b>" in body
        assert re.search(r"<p[^>]*>各嘎查村、苏木直属各单位:</p>", body)
        assert re.search(r"<p[^>]*>苏力德苏木人民政府</p>", body)
        cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body)]
        assert cells == ["嘎查村", "责任人", "巡护面积(亩)", "陶尔庙嘎查", "其其格", "32000"]

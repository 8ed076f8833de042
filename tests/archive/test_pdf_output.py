"""What an archived page's PDF looks like: bold subheadings stay bold (in
WenQuanYi Micro Hei, which has no bold face, as synthetic bold), and links
go to the site's public address, never to https://localhost/… or to a file
on the exporting server."""

import io
import zipfile

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from archive.rows import UNSET_DOMAIN

FILL_THEN_STROKE = 2


def pdf_of(result, article):
    folder = "data/articles/" + article.index_number.replace("/", "_")
    with zipfile.ZipFile(result.path) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(f"{folder}/page.pdf")]
        return PdfReader(io.BytesIO(archive.read(name)))


def weight_class(font):
    """usWeightClass of the font file embedded for a Type0 font (400 regular, 700 bold)."""
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    data = descriptor["/FontFile2"].get_object().get_data()
    return TTFont(io.BytesIO(data))["OS/2"].usWeightClass


def text_by_look(page):
    """The page's text in two heaps: drawn bold (a bold font file, or filled
    and outlined: synthetic bold) and drawn regular."""
    state, stack, heaps = {"mode": 0, "width": 1.0}, [], {"bold": "", "regular": ""}

    def operator(op, args, cm, tm):
        if op == b"q":
            stack.append(dict(state))
        elif op == b"Q" and stack:
            state.update(stack.pop())
        elif op == b"Tr":
            state["mode"] = int(args[0])
        elif op == b"w":
            state["width"] = float(args[0])

    def text(content, cm, tm, font, size):
        if not content.strip() or font is None:
            return
        synthetic = state["mode"] == FILL_THEN_STROKE and state["width"] > 0
        heaps["bold" if synthetic or weight_class(font) >= 600 else "regular"] += content

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return heaps


@pytest.fixture
def pdf_export(export, settings):
    settings.ARCHIVE_PDF_WORKERS = 1  # the PDF is made in this process, unless a test says otherwise

    def run():
        return export("package", name="with-pdf.zip", with_pdf=True)

    return run


class TestBoldText:
    @pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
    def test_subheadings_are_bold_and_body_text_is_not(self, pdf_export, seed, settings, workers):
        settings.ARCHIVE_PDF_WORKERS = workers
        heaps = text_by_look(pdf_of(pdf_export(), seed).pages[0])
        assert "做好强基固本文章" in heaps["bold"].replace("\n", "")
        assert "苏力德苏木:做好" in heaps["bold"].replace("\n", "")  # the title
        assert "苏力德苏木坚持以习近平" in heaps["regular"].replace("\n", "")
        assert "苏力德苏木坚持以习近平" not in heaps["bold"].replace("\n", "")

    def test_the_one_font_has_no_bold_face_so_bold_is_synthetic(self, pdf_export, seed):
        page = pdf_of(pdf_export(), seed).pages[0]
        fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
        assert fonts and all("WenQuanYi" in font["/BaseFont"] for font in fonts)
        assert {weight_class(font) for font in fonts} == {400}
        assert text_by_look(page)["bold"]  # drawn bold all the same: synthetic bold


@pytest.fixture
def linking_article(illustrated_article, seed):
    illustrated_article.body += (
        f'<p>详见<a href="/article/{seed.pk}/">上一篇通知</a>和<a href="https://www.gov.cn/">中国政府网</a>。</p>'
    )
    illustrated_article.save()
    return illustrated_article


def links_and_text(reader):
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    return uris, "".join(page.extract_text() for page in reader.pages)


class TestLinks:
    def test_with_the_real_domain_links_go_to_the_public_site(self, pdf_export, linking_article, seed, site):
        site.domain = "www.wsq.gov.cn"
        site.save()
        uris, text = links_and_text(pdf_of(pdf_export(), linking_article))
        assert f"https://www.wsq.gov.cn/article/{seed.pk}/" in uris
        assert "https://www.wsq.gov.cn/media/files/%E9%80%9A%E7%9F%A5.pdf" in uris  # the attachment
        assert "https://www.gov.cn/" in uris
        assert "网站域名尚未设置" not in text

    def test_with_the_demo_domain_no_link_goes_to_localhost_and_a_notice_says_why(
        self, pdf_export, linking_article, site
    ):
        site.domain = "localhost"
        site.save()
        uris, text = links_and_text(pdf_of(pdf_export(), linking_article))
        assert uris == ["https://www.gov.cn/"]
        assert "网站域名尚未设置" in text and "localhost" in text
        assert "上一篇通知" in text  # the words stay, only the link is gone

    def test_no_link_points_at_a_file_on_the_exporting_server(self, pdf_export, linking_article, site):
        site.domain = "www.wsq.gov.cn"
        site.save()
        uris, _ = links_and_text(pdf_of(pdf_export(), linking_article))
        assert uris and not [uri for uri in uris if uri.startswith("file:")]


class TestWhatCountsAsSet:
    @pytest.mark.parametrize("domain", ["localhost", "", "127.0.0.1", "www.example.gov.cn", "portal", "site.test"])
    def test_demo_and_private_names_are_not_a_public_domain(self, domain):
        assert UNSET_DOMAIN.search(domain)

    @pytest.mark.parametrize("domain", ["www.wsq.gov.cn", "sulide.wsq.gov.cn", "www.gov.cn"])
    def test_real_domains_are(self, domain):
        assert not UNSET_DOMAIN.search(domain)

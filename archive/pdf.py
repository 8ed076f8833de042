"""PDFs of archived pages, made with WeasyPrint in worker processes: a PDF
takes about 0.2 s of CPU, so on a machine with more than one core they are
made in parallel while the main process renders pages and writes the ZIP.
This module imports no Django models: the workers only turn HTML into PDF."""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# The archival copy must look the same wherever it is made: Chinese in the
# one CJK font the project installs (fonts-wqy-microhei), whatever else the
# machine has.
PDF_FONT_CSS = """
* { font-family: "WenQuanYi Micro Hei", sans-serif !important; }
.archive-pdf-notice { margin: 0 0 12pt; padding: 6pt 8pt; border: 0.75pt solid #999; font-size: 9pt; }
"""

# WenQuanYi Micro Hei has no bold face, and WeasyPrint draws text asked to be
# bold (subheadings, <strong>) in the regular one. Such text is drawn filled
# and outlined in its own colour instead (PDF text rendering mode 2), the
# "synthetic bold" PDF readers and word processors use for fonts without bold.
SYNTHETIC_BOLD_FROM_WEIGHT = 600
SYNTHETIC_BOLD_STROKE = 1 / 30  # outline width, of the font size
FILL_THEN_STROKE = 2

_renderer = None


class _Renderer:
    def __init__(self):
        import logging

        from PIL import ImageFile
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        # Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES,
        # which would let a truncated upload pass news.media.images in this process.
        ImageFile.LOAD_TRUNCATED_IMAGES = False

        # The site's stylesheet has rules for screens WeasyPrint does not
        # know; those warnings are noise in an export.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        _use_synthetic_bold()
        self.font_config = FontConfiguration()
        self.css = CSS(string=PDF_FONT_CSS, font_config=self.font_config)
        # Only local files and data: URLs; a PDF made for the archive never reaches the network.
        self.fetcher = URLFetcher(allowed_protocols={"file", "data"})

    def render(self, html, base_url):
        from weasyprint import HTML

        document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher)
        return document.write_pdf(stylesheets=[self.css], font_config=self.font_config)


def _synthetic_bold(draw_text):
    """WeasyPrint's draw_text, drawing bold text in synthetic bold."""

    def draw(stream, textbox, *args, **kwargs):
        style = textbox.style
        if style["font_weight"] < SYNTHETIC_BOLD_FROM_WEIGHT:
            return draw_text(stream, textbox, *args, **kwargs)
        stream.push_state()
        try:
            stream.set_text_rendering(FILL_THEN_STROKE)
            stream.set_line_width(style["font_size"] * SYNTHETIC_BOLD_STROKE)
            stream.set_color(style["color"], stroke=True)
            return draw_text(stream, textbox, *args, **kwargs)
        finally:
            stream.pop_state()

    draw.synthetic_bold = True
    return draw


def _use_synthetic_bold():
    """WeasyPrint has no hook for this: its drawing module's draw_text is
    wrapped, once per process. tests/archive/test_pdf_output.py notices if a
    WeasyPrint upgrade moves it."""
    from weasyprint import draw

    if not getattr(draw.draw_text, "synthetic_bold", False):
        draw.draw_text = _synthetic_bold(draw.draw_text)


def pdf_render(html, base_url):
    """The PDF of a page whose files are all given as file:// URLs."""
    global _renderer
    if _renderer is None:
        _renderer = _Renderer()
    return _renderer.render(html, base_url)


def pdf_workers():
    from django.conf import settings

    return max(1, int(getattr(settings, "ARCHIVE_PDF_WORKERS", 0) or os.cpu_count() or 1))


class PdfMaker:
    """Submit pages, collect PDFs in the same order. With one worker the PDF
    is made in this process; with more, in a pool of spawned processes (never
    forked: the web process has threads and database connections)."""

    def __init__(self, workers):
        self.pool = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, html, base_url):
        if self.pool is None:
            return _Done(pdf_render(html, base_url))
        return self.pool.submit(pdf_render, html, base_url)

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value

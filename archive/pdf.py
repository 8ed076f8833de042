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
PDF_FONT_CSS = '* { font-family: "WenQuanYi Micro Hei", sans-serif !important; }'

_renderer = None


class _Renderer:
    def __init__(self):
        import logging

        from PIL import ImageFile
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        # Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES,
        # which would let a truncated upload pass news.images in this process.
        ImageFile.LOAD_TRUNCATED_IMAGES = False

        # The site's stylesheet has rules for screens WeasyPrint does not
        # know; those warnings are noise in an export.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        self.font_config = FontConfiguration()
        self.css = CSS(string=PDF_FONT_CSS, font_config=self.font_config)
        # Only local files and data: URLs; a PDF made for the archive never reaches the network.
        self.fetcher = URLFetcher(allowed_protocols={"file", "data"})

    def render(self, html, base_url):
        from weasyprint import HTML

        document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher)
        return document.write_pdf(stylesheets=[self.css], font_config=self.font_config)


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

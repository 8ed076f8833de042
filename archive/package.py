"""The archive package: a BagIt bag in a ZIP holding, per article, the page
as residents saw it (offline HTML with its files beside it), a PDF of it and
its metadata.json; for the whole export a WARC of the pages and their
files, and the listing as CSV.

    <bag>/data/articles/<索引号>/index.html, page.pdf, metadata.json, files/…
    <bag>/data/static/…            stylesheet, script and images every page shares
    <bag>/data/pages.warc.gz       the pages and files as the web served them
    <bag>/data/listing.csv         one row per article, as the CSV listing
    <bag>/data/export.json         who exported what, when
"""

import csv
import hashlib
import io
import json
import re
import tempfile

from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from news.language import MONGOLIAN, MONGOLIAN_PREFIX

from . import history
from .bag import BagZipWriter, bag_info_defaults
from .listing import FIELDS, spreadsheet_row
from .pages import asset_for, css_assets, page_render, page_rewrite, printable_links
from .pdf import PdfMaker, pdf_workers
from .rows import DISCLOSURE_FIELDS, article_row, chunks_of, local_time

MONGOLIAN_PAGE = "mn/index.html"
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def article_folder(article):
    if article.index_number:
        return "articles/" + UNSAFE_NAME.sub("_", article.index_number.replace("/", "_"))
    return f"articles/id-{article.pk}"


class PackageBuilder:
    def __init__(self, fileobj, *, root, context, with_pdf, tmp_dir, export_info):
        self.bag = BagZipWriter(fileobj, root, tmp_dir=tmp_dir)
        self.context = context
        self.domain = context.site.domain
        self.with_pdf = with_pdf
        self.export_info = export_info
        self.count = 0
        self.static_done = set()
        self.warc_done = set()
        self._shared = {}  # what every page reads alike: see page_render
        self._warc_file = tempfile.TemporaryFile(dir=tmp_dir)  # noqa: SIM115 - closed with the package
        self.warc = WARCWriter(self._warc_file, gzip=True, warc_version="1.1")
        self.warc.write_record(
            self.warc.create_warcinfo_record(
                "pages.warc.gz",
                {"software": "portal archive export", "description": f"{context.site.site_name} 文章页面存档"},
            )
        )
        self._listing_file = tempfile.TemporaryFile(dir=tmp_dir)  # noqa: SIM115 - closed with the package
        self._listing_text = io.TextIOWrapper(self._listing_file, encoding="utf-8-sig", newline="")
        self.listing = csv.writer(self._listing_text, lineterminator="\r\n")
        self.listing.writerow(FIELDS)
        self.pdfs = PdfMaker(pdf_workers()) if with_pdf else None

    # -- per article ---------------------------------------------------------

    def add_chunk(self, articles):
        # What the metadata needs, read for the whole chunk at once.
        counts = history.revision_counts(articles)
        attachments = history.attachments_by_article(articles)
        self._files = history.files_of(articles, attachments)
        self._revisions = history.revision_histories(articles)
        self._audit = history.audit_entries_by_article(articles)
        self._known = {item.pk: item for items in attachments.values() for item in items}
        pages = []
        for article in articles:
            html = page_render(
                article, attachments=attachments[article.pk], shared=self._shared, site_key=self.context.site.key
            )
            page_url = self.context.public_url(article.get_absolute_url())
            # PDFs of the whole chunk are started first, and made in parallel
            # while the pages are written.
            pdf = self.pdfs.submit(self._printable(html), page_url) if self.pdfs else None
            pages.append((article, html, page_url, pdf))
        for article, html, page_url, pdf in pages:
            self.add_article(article, counts.get(article.pk, 0), html, page_url, pdf)
            if self._mongolian_page_public(article):
                self.add_mongolian_page(article, attachments[article.pk])

    def add_article(self, article, revisions, html, page_url, pdf):
        folder = article_folder(article)
        self._saved = {}  # this article's files written so far: its pages share them
        # The page's own files, then the article's files the page does not
        # show (a cover image is kept with the record even where the page
        # leaves it out).
        article_files = self._files[article.pk]
        extra = [asset_for(item.url, self.domain, self._known) for item in article_files]
        missing = self._page_add(folder, "index.html", html, page_url, extra=extra)
        if pdf is not None:
            self.bag.add_bytes(f"{folder}/page.pdf", pdf.result())
        row = article_row(article, self.context, revisions, files=article_files)
        metadata = self._metadata(article, row, folder, missing, article_files)
        self.bag.add_bytes(f"{folder}/metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2).encode())
        self.listing.writerow(spreadsheet_row(row))
        self.count += 1

    def add_mongolian_page(self, article, attachments):
        """Its page in the 蒙古文版 beside the Chinese one, at mn/index.html:
        the Mongolian text as text, lang="mn-Mong", the site's own
        stylesheets (vertical lines) and the font files they name. No PDF:
        the PDF engine cannot lay out vertical Mongolian lines."""
        html = page_render(
            article, attachments=attachments, shared=self._shared, site_key=self.context.site.key, language=MONGOLIAN
        )
        page_url = self.context.public_url(MONGOLIAN_PREFIX + article.get_absolute_url())
        self._page_add(article_folder(article), MONGOLIAN_PAGE, html, page_url)

    def _page_add(self, folder, name, html, page_url, extra=()):
        """Write the offline copy of a page at `folder`/`name` with its files
        (the page's own, then `extra` Assets); the addresses of those missing."""
        up = "../" * name.count("/")  # mn/index.html is one folder deeper
        offline, assets = page_rewrite(
            html,
            domain=self.domain,
            base_url=self.context.base_url,
            local_url=lambda asset: up + (("../../" + asset.relative) if asset.is_static else asset.relative),
            known=self._known,
        )
        self.bag.add_bytes(f"{folder}/{name}", offline.encode("utf-8"))
        self._warc_response(page_url, html.encode("utf-8"), "text/html; charset=utf-8")
        missing = []
        for asset in [*assets, *(a for a in extra if a is not None)]:
            if asset.url in self._saved.setdefault(folder, set()):
                continue
            self._saved[folder].add(asset.url)
            if asset.path is None:
                missing.append(self.context.public_url(asset.url))
            elif asset.is_static:
                self._static(asset)
            else:
                self.bag.add_file(f"{folder}/{asset.relative}", asset.path)
                self._warc_file_record(asset)
        return missing

    def _static(self, asset):
        if asset.url in self.static_done:
            return
        self.static_done.add(asset.url)
        self.bag.add_file(asset.relative, asset.path)
        self._warc_file_record(asset)
        for nested in css_assets(asset, self.domain):
            self._static(nested)

    def _printable(self, html):
        """The page for WeasyPrint: the files it shows as file:// URLs, its
        links at public addresses (none while 网站域名 is not set)."""
        printable, assets = page_rewrite(
            html,
            domain=self.domain,
            base_url=self.context.base_url,
            local_url=lambda asset: asset.path.as_uri(),
            known=self._known,
        )
        public_urls = {a.path.as_uri(): self.context.public_url(a.url) for a in assets if a.path is not None}
        return printable_links(
            printable,
            public_urls=public_urls,
            base_url=self.context.base_url,
            domain=self.domain,
            domain_is_set=self.context.domain_is_set,
        )

    def _metadata(self, article, row, folder, missing, article_files):
        site = self.context.site
        files = []
        for item in article_files:
            asset = asset_for(item.url, self.domain, self._known)
            files.append(
                {
                    "类型": "图片" if item.kind == "image" else "附件",
                    "名称": item.name,
                    "说明": item.title,
                    "网址": self.context.public_url(item.url),
                    "存档路径": f"data/{folder}/{asset.relative}" if asset and asset.path else None,
                }
            )
        return {
            "索引号": row["索引号"],
            "题名": article.title,
            "副标题": article.subtitle,
            "栏目": row["栏目路径"],
            "来源": article.source,
            "作者": article.author,
            "发布机构": site.publishing_body,
            "发布日期": timezone.localtime(article.published_at).date().isoformat() if article.published_at else "",
            "发布时间": local_time(article.published_at),
            "网址": row["网址"],
            "状态": row["状态"],
            "字数": row["字数"],
            "正文SHA-256": row["正文SHA-256"],
            **{name: row[name] for name in DISCLOSURE_FIELDS},
            "页面": f"data/{folder}/index.html",
            "蒙古文版": self._mongolian_metadata(article, folder),
            "PDF": f"data/{folder}/page.pdf" if self.with_pdf else None,
            "文件": files,
            "缺失文件": missing,
            "修订记录": self._revisions[article.pk],
            "审计记录": self._audit[article.pk],
        }

    def _mongolian_metadata(self, article, folder):
        """The Mongolian fields (蒙古文版), None for an article without one."""
        if not article.has_mongolian:
            return None
        return {
            "题名": article.title_mn,
            "摘要": article.summary_mn,
            "正文": article.body_mn,
            "正文SHA-256": hashlib.sha256(article.body_mn.encode("utf-8")).hexdigest(),
            "来源": article.source_mn,
            "作者": article.author_mn,
            "占位稿": article.mongolian_placeholder,
            # No page while the site's 蒙古文版 is closed: its address answers 404.
            "网址": self.context.public_url(MONGOLIAN_PREFIX + article.get_absolute_url())
            if self._mongolian_page_public(article)
            else None,
            "页面": f"data/{folder}/{MONGOLIAN_PAGE}" if self._mongolian_page_public(article) else None,
        }

    def _mongolian_page_public(self, article):
        return article.has_mongolian and self.context.site.mongolian_enabled

    # -- WARC ----------------------------------------------------------------

    def _warc_response(self, url, payload, content_type, fileobj=None, length=None):
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", content_type), ("Content-Length", str(length if length is not None else len(payload)))],
            protocol="HTTP/1.1",
        )
        record = self.warc.create_warc_record(
            url, "response", payload=fileobj or io.BytesIO(payload), length=length, http_headers=headers
        )
        self.warc.write_record(record)

    def _warc_file_record(self, asset):
        url = self.context.public_url(asset.url)
        if url in self.warc_done:
            return
        self.warc_done.add(url)
        with open(asset.path, "rb") as handle:
            size = asset.path.stat().st_size
            self._warc_response(url, None, asset.content_type, fileobj=handle, length=size)

    # -- the end -------------------------------------------------------------

    def finish(self):
        self._listing_text.flush()
        self._listing_file.seek(0)
        self.bag.add_file_object("listing.csv", self._listing_file)
        self._listing_text.close()
        self._warc_file.flush()
        self._warc_file.seek(0)
        self.bag.add_file_object("pages.warc.gz", self._warc_file)
        self._warc_file.close()
        info = {**self.export_info, "篇数": self.count, "含PDF": self.with_pdf}
        self.bag.add_bytes("export.json", json.dumps(info, ensure_ascii=False, indent=2).encode())
        site = self.context.site
        if self.pdfs:
            self.pdfs.close()
        self.bag.close(
            bag_info_defaults(
                organisation=site.organiser,
                description=f"{site.site_name} 文章档案,共 {self.count} 篇",
                identifier=self.export_info["文件"],
                filters_text=json.dumps(self.export_info["筛选条件"], ensure_ascii=False),
            )
        )

    def abort(self):
        if self.pdfs:
            self.pdfs.close()
        for handle in (self._listing_text, self._warc_file):
            try:
                handle.close()
            except (ValueError, OSError):
                pass
        self.bag.abort()


def package_write(fileobj, articles, *, context, root, with_pdf, tmp_dir, export_info, progress=None):
    """Write the package of `articles` to `fileobj`; returns the number of articles."""
    builder = PackageBuilder(
        fileobj, root=root, context=context, with_pdf=with_pdf, tmp_dir=tmp_dir, export_info=export_info
    )
    try:
        for chunk in chunks_of(articles.select_related("column"), size=100):
            builder.add_chunk(chunk)
            if progress:
                progress(len(chunk))
        builder.finish()
    except BaseException:
        builder.abort()
        raise
    return builder.count

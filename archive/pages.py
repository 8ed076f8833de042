"""The article page exactly as residents see it, rendered by the public view
and template, and the page's links rewritten for an offline copy."""

import mimetypes
import posixpath
import re
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from news.language import CHINESE
from news.media.attachment_files import attachment_download_name
from news.models import Attachment
from news.public.language import rendering_language, request_language
from news.public.pages import portal_state
from news.public.views import ArticleView, article_page_parts

URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
SRCSET_ATTRIBUTE = re.compile(r'\bsrcset="([^"]*)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
KEEP_AS_IS = ("#", "mailto:", "tel:", "data:", "javascript:")
ANCHOR_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
HREF_ATTRIBUTE = re.compile(r'\shref="([^"]*)"')
BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


class ArchivedArticleView(ArticleView):
    """The public article view, given the article instead of looking it up:
    an archive copy counts no view and may include an article residents can
    no longer see (a withdrawn or draft one, when the auditor asks for it)."""

    counts_views = False  # no counting request in an offline copy

    def get_object(self, queryset=None):
        article = self.kwargs["article"]
        attachments = self.kwargs.get("attachments")
        language = request_language(self.request)
        if attachments is None:
            self.parts = article_page_parts(article, language)
        else:  # read already, for the whole chunk
            self.parts = {"neighbours": article.neighbours(language), "attachments": list(attachments)}
        if not article.published_at:
            self.parts["neighbours"] = (None, None)
        return article


SHARED_STATE = ("site", "content_version", "columns")


def page_render(article, attachments=None, shared=None, site_key=None, language=CHINESE):
    """The HTML of the article's public page, as an anonymous visitor with
    default reading preferences gets it. `attachments`: the article's
    Attachment rows when already read for a batch. `shared`: a dict kept
    for a whole export, so the site settings and the column tree are read
    for its first page only. `site_key`: the article's site (its footer,
    columns and settings on the page); read from the article when None.
    `language`: MONGOLIAN for its page in the 蒙古文版 (/mn/…)."""
    with rendering_language(CHINESE):
        own_path = article.get_absolute_url()  # the site's own, as the view sees it
    with rendering_language(language):
        request = RequestFactory().get(article.get_absolute_url())  # /mn/… on a Mongolian page
        request.path_info = request.language_path = own_path
        request.LANGUAGE_CODE = language
        request.user = AnonymousUser()
        request.site_key = site_key or article.column.site.key
        if shared is not None:
            state = portal_state(request)
            state.__dict__.update(shared)  # the cached properties, as the first page read them
        response = ArchivedArticleView.as_view()(request, pk=article.pk, article=article, attachments=attachments)
        response.render()
    if shared is not None and not shared:
        state = portal_state(request)
        shared.update({name: getattr(state, name) for name in SHARED_STATE})
    return response.content.decode(response.charset or "utf-8")


@dataclass(frozen=True)
class Asset:
    """A file a page uses: where the public site serves it, and where it is on disk."""

    url: str  # site path, e.g. /static/css/portal.css
    path: Path | None  # None when the file cannot be found
    archive_name: str = ""  # its name in the archive, where the URL gives none (attachments)

    @property
    def is_static(self):
        return self.url.startswith(settings.STATIC_URL)

    @property
    def relative(self):
        """Its path inside the archive: static/… shared, files/… beside the page."""
        if self.is_static:
            return "static/" + self.url[len(settings.STATIC_URL) :]
        if self.archive_name:
            return "files/" + self.archive_name
        return "files/" + self.url[len(settings.MEDIA_URL) :]

    @property
    def content_type(self):
        return mimetypes.guess_type(self.url)[0] or "application/octet-stream"


def _safe_relative(rest):
    """A path below a root with no way out of it (no .., no absolute part)."""
    parts = [part for part in rest.split("/") if part not in ("", ".", "..")]
    return "/".join(parts)


def asset_for(url, domain, known=None):
    """The Asset a page URL refers to, or None if it is not a static or media
    file of this site. `known`: {pk: Attachment} already read, looked up
    before the database."""
    split = urlsplit(unescape(url))
    if split.scheme in ("http", "https") and split.netloc != domain:
        return None
    if split.scheme not in ("", "http", "https") or (split.netloc and split.netloc != domain):
        return None
    path = unquote(split.path)
    if path.startswith(settings.STATIC_URL):
        rest = _safe_relative(path[len(settings.STATIC_URL) :])
        candidate = Path(settings.STATIC_ROOT) / rest
        found = candidate if candidate.is_file() else finders.find(rest)
        return Asset(url=settings.STATIC_URL + rest, path=Path(found) if found else None)
    if path.startswith(settings.MEDIA_URL):
        rest = _safe_relative(path[len(settings.MEDIA_URL) :])
        candidate = Path(settings.MEDIA_ROOT) / rest
        return Asset(url=settings.MEDIA_URL + rest, path=candidate if candidate.is_file() else None)
    return attachment_asset(path, known)


def attachment_asset(path, known=None):
    """An article's attachment (kept outside MEDIA_ROOT, served by news:attachment)
    as an Asset saved under its original name, or None for any other path."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "news:attachment":
        return None
    pk = match.kwargs["pk"]
    attachment = known[pk] if known and pk in known else Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        return None
    try:
        on_disk = Path(attachment.file.path)
    except (NotImplementedError, ValueError):
        on_disk = None
    name = _safe_relative(attachment_download_name(attachment.original_name, attachment.file_type))
    return Asset(
        url=path,
        path=on_disk if on_disk is not None and on_disk.is_file() else None,
        archive_name=f"attachments/{attachment.pk}-{name}",
    )


def css_assets(asset, domain):
    """Files a stylesheet refers to with url(…), e.g. the elder mode's large cursor."""
    if asset.path is None or not asset.url.endswith(".css"):
        return []
    found = []
    for _, ref in CSS_URL.findall(asset.path.read_text(encoding="utf-8", errors="replace")):
        if ref.startswith(("data:", "#")) or urlsplit(ref).scheme:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(asset.url), ref.split("?")[0].split("#")[0]))
        nested = asset_for(target, domain)
        if nested is not None and nested.path is not None:
            found.append(nested)
    return found


def page_rewrite(html, *, domain, base_url, local_url, known=None):
    """Rewrite every href, src and srcset of the page. Files of this site become
    `local_url(asset)` (None keeps them pointing at the public site); other
    pages of this site become absolute public addresses; the rest stays.
    Returns (html, assets in page order)."""
    assets = {}

    def rewritten(value):
        """The address to write for `value`, or None to leave it as it is."""
        if not value or value.startswith(KEEP_AS_IS):
            return None
        asset = asset_for(value, domain, known)
        if asset is not None:
            assets.setdefault(asset.url, asset)
            local = local_url(asset) if asset.path is not None else None
            if local is not None:
                return local
        split = urlsplit(value)
        if not split.scheme and value.startswith("/") and not value.startswith("//"):
            return base_url + value
        return None

    def replace(match):
        attribute, raw = match.groups()
        local = rewritten(unescape(raw))
        return match.group(0) if local is None else f'{attribute}="{escape(local)}"'

    def replace_srcset(match):
        # "url 480w, url 960w": each candidate's address is rewritten alone.
        candidates = []
        for candidate in unescape(match.group(1)).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            local = rewritten(url)
            candidates.append(f"{local or url} {descriptor}".strip())
        return f'srcset="{escape(", ".join(candidates))}"'

    html = SRCSET_ATTRIBUTE.sub(replace_srcset, html)
    return URL_ATTRIBUTE.sub(replace, html), list(assets.values())


def printable_links(html, *, public_urls, base_url, domain, domain_is_set):
    """The links of a page made for print (files as file:// URLs, see
    page_rewrite) as a reader of the PDF can follow them: this site's files
    and pages at their public addresses, never a path on the exporting
    server. While 网站域名 is not set there is no public address to give:
    those links are left out and a notice at the top says so.
    `public_urls` maps each file:// URL to the file's public address."""

    def anchor(match):
        tag = match.group(0)
        href = HREF_ATTRIBUTE.search(tag)
        if href is None:
            return tag
        url = unescape(href.group(1))
        if url in public_urls:
            target = public_urls[url]
        elif url == base_url or url.startswith(base_url + "/"):
            target = url
        elif url.startswith("file:"):
            target = None
        else:
            return tag  # another site, mailto:, a #fragment
        replacement = f' href="{escape(target)}"' if target and domain_is_set else ""
        return tag[: href.start()] + replacement + tag[href.end() :]

    html = ANCHOR_TAG.sub(anchor, html)
    if domain_is_set:
        return html
    notice = (
        f'<p class="archive-pdf-notice">网站域名尚未设置(站点设置中的“网站域名”为“{escape(domain)}”),'
        "本 PDF 中指向本站页面和文件的链接已略去。填写真实域名后重新导出即有链接。</p>"
    )
    return BODY_TAG.sub(lambda body: body.group(0) + notice, html, count=1)

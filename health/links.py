"""Links: found in HTML, resolved against the portal itself when internal,
fetched politely when external, with each answer kept for a day."""

import html
import http.client
import ipaddress
import re
import socket
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
from django.utils import timezone

from news.models import Article, Attachment, Column
from news.public.language import MONGOLIAN_PATH

from .models import LinkCheckResult, url_digest

ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
SOURCE_TAG = re.compile(r"<(img|script|link)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""\b(href|src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
SKIPPED_SCHEMES = {"mailto", "tel", "data", "javascript", "sms"}


def setting(name, default):
    return getattr(settings, f"HEALTH_{name}", default)


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    kind: str  # 链接 / 图片 / 附件 / 资源


def _attributes(raw):
    return {
        m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in ATTRIBUTE.finditer(raw)
    }


def _text(fragment):
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def links_in_html(fragment):
    """Every link and image (and, in page templates, script and stylesheet) in an HTML fragment."""
    if "<a" not in fragment and "<img" not in fragment and "<link" not in fragment and "<script" not in fragment:
        return []
    found = []
    for match in ANCHOR.finditer(fragment):
        attributes = _attributes(match.group(1))
        if "href" in attributes:
            found.append(Link(attributes["href"].strip(), _text(match.group(2)) or attributes.get("title", ""), "链接"))
    for match in SOURCE_TAG.finditer(fragment):
        tag, attributes = match.group(1).lower(), _attributes(match.group(2))
        url = attributes.get("src" if tag != "link" else "href")
        if url:
            found.append(
                Link(url.strip(), attributes.get("alt", "") if tag == "img" else "", "图片" if tag == "img" else "资源")
            )
    return found


def internal_hosts(site):
    hosts = {site.domain.lower().strip()} | {h.lower() for h in setting("INTERNAL_HOSTS", [])}
    return {h for h in hosts if h}


def classify(url, hosts, base="/"):
    """("internal", path), ("external", url) or ("skip", reason)."""
    if not url or url.startswith("#"):
        return "skip", "页内锚点"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "external", url  # malformed: the fetch reports it
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES:
        return "skip", scheme
    if scheme in ("http", "https") or url.startswith("//"):
        if (parts.hostname or "").lower() in hosts:
            return "internal", parts.path or "/"
        return "external", url if scheme else f"https:{url}"
    if scheme:
        return "skip", scheme
    return "internal", urlsplit(urljoin(base, url)).path or "/"


# --- internal -----------------------------------------------------------------


def _static_exists(name):
    try:
        if finders.find(name):
            return True
    except SuspiciousFileOperation:
        return False
    try:
        return staticfiles_storage.exists(name)
    except Exception:  # a manifest storage without a collected manifest, or a path outside it
        return False


def _media_problem(name):
    """None when the upload exists, else why not. A path that climbs out of
    the media folder (/media/%2e%2e/…) is a broken link, not an error."""
    try:
        return None if default_storage.exists(name) else "上传文件不存在"
    except (SuspiciousFileOperation, ValueError):
        return "上传文件地址无效"


LARGEST_ID = 2**63 - 1


def check_internal(paths, site):
    """{path: None when it resolves to a public page or file of `site`, else
    why not}. Pages whose existence depends on a row are checked in one
    query per kind; another site's article or column is a 404 here."""
    published = Article.objects.published().filter(column__site=site)
    results, articles, columns, attachments = {}, defaultdict(list), defaultdict(list), defaultdict(list)
    mongolian_paths = set()
    for path in set(paths):
        decoded = unquote(path)
        # The 蒙古文版 (/mn/...) has the same pages, of articles with a Mongolian version.
        in_mongolian = MONGOLIAN_PATH.match(decoded)
        if in_mongolian and site.mongolian_enabled:
            decoded = in_mongolian["rest"] or "/"
            mongolian_paths.add(path)
        if settings.STATIC_URL and decoded.startswith(settings.STATIC_URL):
            results[path] = None if _static_exists(decoded[len(settings.STATIC_URL) :]) else "静态文件不存在"
            continue
        if settings.MEDIA_URL and decoded.startswith(settings.MEDIA_URL):
            results[path] = _media_problem(decoded[len(settings.MEDIA_URL) :])
            continue
        try:
            match = resolve(decoded)
        except Resolver404:
            results[path] = "页面不存在(404)"
            continue
        if any(isinstance(value, int) and value > LARGEST_ID for value in match.kwargs.values()):
            results[path] = "页面不存在(404)"  # no row has such a number; the database would refuse to look
            continue
        if match.view_name == "news:article":
            articles[match.kwargs["pk"]].append(path)
        elif match.view_name in ("news:column", "news:column_feed"):
            columns[match.kwargs["slug"]].append(path)
        elif match.view_name == "news:attachment":
            attachments[match.kwargs["pk"]].append(path)
        results[path] = None
    if articles:
        found = list(published.filter(pk__in=list(articles)).values_list("pk", "has_mongolian"))
        public = {pk for pk, _ in found}
        public_mongolian = {pk for pk, has_mongolian in found if has_mongolian}
        for pk, paths_of in articles.items():
            for path in paths_of:
                shown = public_mongolian if path in mongolian_paths else public
                results[path] = None if pk in shown else "文章不存在或未发布(404)"
    if columns:
        existing = set(Column.objects.filter(site=site, slug__in=list(columns)).values_list("slug", flat=True))
        for slug, paths_of in columns.items():
            for path in paths_of:
                results[path] = None if slug in existing else "栏目不存在(404)"
    if attachments:
        public = Attachment.objects.filter(pk__in=list(attachments), article__in=published)
        downloadable = {attachment.pk for attachment in public if attachment.file.storage.exists(attachment.file.name)}
        for pk, paths_of in attachments.items():
            for path in paths_of:
                results[path] = None if pk in downloadable else "附件文件不存在或文章未发布(404)"
    return results


# --- external -----------------------------------------------------------------


@dataclass
class Answer:
    url: str
    ok: bool
    status_code: int | None = None
    error: str = ""
    checked: bool = True  # False: not asked (private address, host not allowed, over the limit)

    @property
    def reason(self):
        if self.status_code:
            return f"HTTP {self.status_code}"
        return self.error or "无法访问"


MAX_REDIRECTS = 5
# IPv6 ranges that carry an IPv4 address another box would reach for us.
EMBEDDING_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class Refused(Exception):
    """An address the checker will not ask: the reason, in Chinese."""


def is_public_address(address):
    """Only globally routable unicast addresses: not loopback, private,
    shared (100.64/10), link-local (169.254.169.254), unspecified, multicast,
    nor an IPv6 address that stands for an IPv4 one (mapped, 6to4, Teredo, NAT64)."""
    address = ipaddress.ip_address(address.split("%")[0]) if isinstance(address, str) else address
    if address.version == 6 and (
        address.ipv4_mapped or address.sixtofour or address.teredo or any(address in net for net in EMBEDDING_IPV4)
    ):
        return False
    return address.is_global and not address.is_multicast


def _checked_addresses(host, port):
    """Resolve `host` once; every address it resolves to must be public
    (unless private ones are allowed). These, and only these, are connected to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Refused(f"无法解析域名:{error}"[:200]) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise Refused("无法解析域名")
    if not setting("LINK_ALLOW_PRIVATE", False) and not all(is_public_address(a) for a in addresses):
        raise Refused("内网或保留地址,未检查")
    return list(dict.fromkeys(addresses))


def _connection(parts, addresses, timeout):
    """An HTTP(S) connection to the first of `addresses` (those checked) that
    answers, with the Host header and TLS server name (SNI, certificate) still
    the host's name."""
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)

    def connect_to_checked_address(target, *args, **kwargs):
        for address in addresses[:-1]:
            try:
                return socket.create_connection((address, target[1]), *args, **kwargs)
            except OSError:
                continue
        return socket.create_connection((addresses[-1], target[1]), *args, **kwargs)

    connection._create_connection = connect_to_checked_address
    return connection


def _allowed_host(host):
    only = setting("LINK_ONLY_HOSTS", None)
    return only is None or host in only


def _ask(url, method, timeout):
    """(status, location) for one request, no redirect followed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("不是网页地址")
    if not _allowed_host(parts.hostname):
        raise Refused("不在检查范围内的主机")
    addresses = _checked_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    connection = _connection(parts, addresses, timeout)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    try:
        connection.request(
            method,
            target,
            headers={"User-Agent": setting("LINK_USER_AGENT", "GovPortal-SiteHealth/1.0"), "Accept": "*/*"},
        )
        response = connection.getresponse()
        if method == "GET":
            response.read(1024)
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def _request(url, method, timeout):
    """(status, error): redirects followed by hand, each hop's host resolved
    and checked again, and connected to at the address checked. Refused is
    raised when the link's own address may not be asked; a redirect to such
    an address is an error of the link."""
    hop = 0
    try:
        for hop in range(MAX_REDIRECTS + 1):  # noqa: B007 - the except clause reads it
            status, location = _ask(url, method, timeout)
            if status not in (301, 302, 303, 307, 308) or not location:
                return status, ""
            url = urljoin(url, location)
        return None, "跳转次数过多"
    except Refused as refused:
        if hop == 0:
            raise
        return None, f"跳转到不检查的地址,已拒绝({refused})"
    except TimeoutError:
        return None, "超时"
    except (OSError, ValueError, http.client.HTTPException) as error:
        return None, (str(error) or error.__class__.__name__)[:200]


def fetch(url):
    """HEAD, then GET for servers that refuse HEAD; a short timeout. Links
    to private addresses and hosts outside HEALTH_LINK_ONLY_HOSTS are left
    unchecked; unresolvable hosts are broken."""
    timeout = setting("LINK_TIMEOUT", 5)
    try:
        status, error = _request(url, "HEAD", timeout)
        if status is not None and status < 400:
            return Answer(url, True, status)
        if status in (404, 410) or error == "超时":
            return Answer(url, False, status, error)
        status, error = _request(url, "GET", timeout)
    except Refused as refused:
        reason = str(refused)
        if reason.startswith("无法解析") or reason == "不是网页地址":
            return Answer(url, False, None, reason)
        return Answer(url, ok=True, checked=False, error=reason)
    return Answer(url, status is not None and status < 400, status, error)


class HostPacer:
    """At most one request per host every `interval` seconds."""

    def __init__(self, interval):
        self.interval = interval
        self.last = {}
        self.lock = threading.Lock()

    def wait(self, host):
        while True:
            with self.lock:
                now = time.monotonic()
                ready = self.last.get(host, 0) + self.interval
                if now >= ready:
                    self.last[host] = now
                    return
            time.sleep(ready - now)


def check_external(urls, *, fetch_new=True):
    """{url: Answer}. Answers younger than a day come from the database;
    the rest are fetched (when `fetch_new`), a bounded number per run, a few
    hosts at a time, each host at a polite pace."""
    urls = sorted(set(urls))
    fresh_after = timezone.now() - timedelta(seconds=setting("LINK_CACHE_SECONDS", 24 * 3600))
    answers = {}
    by_hash = {url_digest(url): url for url in urls}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        for row in LinkCheckResult.objects.filter(
            url_hash__in=hashes[start : start + 500], checked_at__gte=fresh_after
        ):
            answers[row.url] = Answer(row.url, row.ok, row.status_code, row.error)
    todo = [url for url in urls if url not in answers]
    limit = setting("LINK_MAX_PER_RUN", 500)
    if not fetch_new:
        for url in todo:
            answers[url] = Answer(url, ok=True, checked=False, error="尚未检查(由 check_site 命令定期检查)")
        return answers
    for url in todo[limit:]:
        answers[url] = Answer(url, ok=True, checked=False, error="超过单次检查上限,下次运行时检查")
    todo = todo[:limit]
    pacer = HostPacer(setting("LINK_HOST_INTERVAL", 1.0))
    by_host = defaultdict(list)
    for url in todo:
        by_host[(urlsplit(url).hostname or "").lower()].append(url)

    def run_host(host, host_urls):
        results = []
        for url in host_urls:
            pacer.wait(host)
            results.append(fetch(url))
        return results

    with ThreadPoolExecutor(max_workers=max(1, setting("LINK_CONCURRENCY", 4))) as pool:
        futures = [pool.submit(run_host, host, host_urls) for host, host_urls in by_host.items()]
        fetched = [answer for future in futures for answer in future.result()]
    now = timezone.now()
    for answer in fetched:
        answers[answer.url] = answer
        if answer.checked:
            LinkCheckResult.objects.update_or_create(
                url_hash=url_digest(answer.url),
                defaults={
                    "url": answer.url,
                    "ok": answer.ok,
                    "status_code": answer.status_code,
                    "error": answer.error[:300],
                    "checked_at": now,
                },
            )
    return answers

"""One pass over every published article: the links and images in its body
(and its attachments), and its wording. Bodies are read in chunks."""

import dataclasses
import html
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.http.request import validate_host
from django.test import Client
from django.urls import reverse

from news.models import Article
from news.public.sites import site_path

from . import sources
from .findings import Category, Finding, Severity
from .links import Link, check_external, check_internal, classify, internal_hosts, links_in_html

CHUNK_SIZE = 2000
SNIPPET = 12
SAMPLE = 200  # articles read before the wording prefilter is made
TEMPLATE_SOURCE = "网站页面模板(首页)"


@dataclass(frozen=True)
class PlacedLink:
    link: Link
    where: str  # 文章“…” or the page template
    article_id: int | None
    target: tuple  # ("internal", path) or ("external", url)


@dataclass(frozen=True)
class ScannedArticle:
    """What a finding needs of an article: its id and title."""

    pk: int
    title: str


@dataclass
class ContentScan:
    links: list
    wording: list
    articles: int = 0


BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|td|th|tr|table|caption|blockquote|figure|figcaption|br|hr)\b[^>]*>", re.I
)
ANY_TAG = re.compile(r"<[^>]*>")


def plain_text(body):
    """The readable text of a sanitised body: blocks kept apart, inline tags
    dropped so that 待<b>补充</b> reads 待补充. Regular expressions suffice for
    the sanitiser's output and are several times faster than parsing it."""
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub("\n", body)))


def _snippet(text, hit):
    start, end = max(0, hit.start - SNIPPET), min(len(text), hit.end + SNIPPET)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def scan_articles(site, *, links=True, wording=True):
    """Every published article once, read as plain rows (no model instances)
    a chunk at a time; attachments read up front in one query."""
    hosts = internal_hosts(site)
    scan = ContentScan(links=[], wording=[])
    rows = (
        Article.objects.published().filter(column__site=site).order_by().values_list("id", "title", "subtitle", "body")
    )
    rules = sources.wording_rules() if wording else ()
    attachments = sources.attachment_links_of_published(site) if links else {}
    # After the first SAMPLE articles, a text is first searched for two
    # neighbouring characters of each phrase (the pair rarest in those
    # articles) and for the characters folding can change: a text with none
    # of them has no hit, and the automaton is not run over it.
    sample, prefilter = [], None
    for pk, title, subtitle, body in rows.iterator(chunk_size=CHUNK_SIZE):
        scan.articles += 1
        if links:
            found = links_in_html(body)
            found += [Link(url, text, "附件") for url, text in attachments.get(pk, ())]
            if found:
                where, base = f"文章“{title}”", f"/article/{pk}/"
                for link in found:
                    target = classify(link.url, hosts, base)
                    if target[0] != "skip":
                        scan.links.append(PlacedLink(link, where, pk, target))
        if wording:
            if prefilter is not None and "&" not in body:
                # Without character references, and with each "<" opening a
                # tag of its own, the body with every tag dropped holds each
                # character and each pair of plain_text's (which only puts
                # line breaks where block tags were): one pass, not three.
                stripped, tags = ANY_TAG.subn("", body)
                if tags == body.count("<") and not prefilter(f"{title}\n{subtitle}\n{stripped}"):
                    continue
            text = plain_text(body)
            # One search over the three fields joined (no phrase holds a line
            # break, so none matches across two): nearly every article has no
            # hit, and only those that do are searched field by field.
            joined = f"{title}\n{subtitle}\n{text}"
            if rules and prefilter is None and len(sample) < SAMPLE:
                sample.append(joined)
                if len(sample) == SAMPLE:
                    prefilter = sources.wording_prefilter(rules, "".join(sample))
            if prefilter is not None and not prefilter(joined):
                continue
            if sources.wording_findings(joined, rules):
                for field_label, field_text in (("标题", title), ("副标题", subtitle), ("正文", text)):
                    for hit in sources.wording_findings(field_text, rules):
                        scan.wording.append((ScannedArticle(pk, title), field_label, hit, _snippet(field_text, hit)))
    return scan


def _page_host():
    for host in [*settings.ALLOWED_HOSTS, "localhost"]:
        host = host.lstrip(".")
        if host and host != "*" and validate_host(host, settings.ALLOWED_HOSTS):
            return host
    return "localhost"


def _home_page_of(site):
    """The site's home page as the test client asks for it: on its own
    domain when this installation answers it, else through /site/<key>/."""
    if validate_host(site.domain.lower(), settings.ALLOWED_HOSTS):
        return "/", site.domain.lower()
    return site_path(site.key) + "/", _page_host()


def template_links(site):
    """The links every page carries (navigation, footer, badges, stylesheets),
    read from the home page as the portal renders it."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.CRITICAL)  # the report says it; no traceback on the terminal
    try:
        path, host = _home_page_of(site)
        response = Client().get(path, headers={"host": host}, secure=True)
    except Exception as error:  # whatever breaks the home page is the finding
        return None, f"{error.__class__.__name__}: {error}"[:300]
    finally:
        request_log.setLevel(level)
    if response.status_code != 200:
        return None, f"HTTP {response.status_code}"
    hosts = internal_hosts(site)
    placed = []
    prefix = site_path(site.key) + "/"
    for link in links_in_html(response.content.decode("utf-8", "replace")):
        if link.url.startswith(prefix):  # the page was read through /site/<key>/
            link = dataclasses.replace(link, url=link.url[len(prefix) - 1 :])
        target = classify(link.url, hosts)
        if target[0] != "skip":
            placed.append(PlacedLink(link, TEMPLATE_SOURCE, None, target))
    return placed, ""


def link_findings(placed, *, site, external, fetch_external):
    internal = check_internal([p.target[1] for p in placed if p.target[0] == "internal"], site)
    outside = [p.target[1] for p in placed if p.target[0] == "external"]
    answers = check_external(outside, fetch_new=fetch_external) if external else {}
    findings, unchecked = [], set()
    settings_url = reverse("admin:news_site_change", args=[site.pk])
    for p in placed:
        if p.target[0] == "internal":
            problem = internal.get(p.target[1])
        else:
            answer = answers.get(p.target[1])
            if answer is None:
                continue
            if not answer.checked:
                unchecked.add(p.target[1])
                continue
            problem = None if answer.ok else answer.reason
        if problem is None:
            continue
        in_template = p.article_id is None
        text = p.link.text or "(无文字)"
        findings.append(
            Finding(
                "link_broken_template" if in_template else "link_broken",
                Severity.DEDUCT,
                Category.LINKS,
                f"不可用{p.link.kind}:{p.where}中的“{text}”",
                subject=p.where,
                detail=f"{p.link.url} — {problem}",
                fix_url=settings_url if in_template else reverse("admin:news_article_change", args=[p.article_id]),
                fix_label="修改站点设置" if in_template else "修改文章",
                object_id=p.article_id,
            )
        )
    return findings, {
        "internal_links": len(internal),
        "external_links": len(set(outside)),
        "external_unchecked": len(unchecked),
    }


def wording_findings(scan):
    findings = []
    for article, field_label, hit, snippet in scan.wording:
        severe = hit.level == "severe"
        findings.append(
            Finding(
                "wording_severe" if severe else "wording_warn",
                Severity.VETO if severe else Severity.NOTICE,
                Category.WORDING,
                f"{'严重表述错误' if severe else '疑似错敏或占位用语'}“{hit.phrase}”:文章“{article.title}”的{field_label}",
                subject=f"文章“{article.title}”",
                detail=snippet + (f"(建议:{hit.suggestion})" if hit.suggestion else ""),
                fix_url=reverse("admin:news_article_change", args=[article.pk]),
                fix_label="修改文章",
                object_id=article.pk,
            )
        )
    return findings

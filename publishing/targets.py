"""Which pages of the published tree a change touches.

An article's change touches its own page, its neighbours' (上一篇/下一篇),
the list pages of its column and every column above it from the page it is
on (a publication or withdrawal shifts every later page by one), the home
page, the feeds and the sitemap pages that list it. A change of a column or
of the site settings (names in the navigation, the footer) touches every page
of its site.

Every path is the site's own, without a /site/<key>/ prefix (the request
that made the change may have had one): the site's folder stands for it.
"""

from dataclasses import dataclass, replace
from datetime import datetime
from math import ceil

from django.db.models import F, Q
from django.urls import get_script_prefix
from django.urls import reverse as prefixed_reverse
from django.utils import timezone

from news.language import CHINESE, MONGOLIAN, MONGOLIAN_PREFIX
from news.models import Article, Column, Site
from news.public.column_tree import ColumnTree
from news.public.sitemaps import ArticleSitemap, site_sitemaps
from news.public.views import ColumnView

from .models import Priority

PAGE_SIZE = ColumnView.paginate_by
SITEMAP_PAGE_SIZE = ArticleSitemap.limit


@dataclass(frozen=True)
class ArticleState:
    """What of an article decides where it is listed, before or after a change."""

    id: int
    column_id: int
    published_at: object
    neighbour_ids: tuple = ()
    site: str = ""  # its column's site's key: the folder its pages are in
    # Listed on the site's 蒙古文版 (the site has one, the article a
    # Mongolian version), and its neighbours there: its pages under /mn/.
    mongolian: bool = False
    mn_neighbour_ids: tuple = ()


def state_to_json(state):
    if state is None:
        return None
    return {
        "id": state.id,
        "column_id": state.column_id,
        "published_at": state.published_at.isoformat(),
        "neighbour_ids": list(state.neighbour_ids),
        "site": state.site,
        "mongolian": state.mongolian,
        "mn_neighbour_ids": list(state.mn_neighbour_ids),
    }


def state_from_json(data, site=""):
    """`site`: the key of a row written before states carried theirs."""
    if data is None:
        return None
    return ArticleState(
        data["id"],
        data["column_id"],
        datetime.fromisoformat(data["published_at"]),
        tuple(data["neighbour_ids"]),
        data.get("site") or site,
        data.get("mongolian", False),
        tuple(data.get("mn_neighbour_ids", ())),
    )


def reverse(*args, **kwargs):
    """reverse() without the script prefix of a /site/<key>/ request."""
    return site_relative(prefixed_reverse(*args, **kwargs))


def site_relative(url):
    prefix = get_script_prefix()
    return "/" + url[len(prefix) :] if prefix != "/" and url.startswith(prefix) else url


def site_published(site_key, language=CHINESE):
    return Article.objects.published().in_language(language).filter(column__site__key=site_key)


def in_language(path, language):
    """The address of the page at `path` (the site's own) in `language`."""
    return MONGOLIAN_PREFIX + path if language == MONGOLIAN else path


def site_columns(site_key):
    return ColumnTree(Column.objects.filter(site__key=site_key).order_by("order", "id"))


@dataclass(frozen=True)
class Target:
    path: str
    priority: int = Priority.OTHER
    article_id: int | None = None


def article_target(article_id, language=CHINESE):
    path = in_language(reverse("news:article", kwargs={"pk": article_id}), language)
    return Target(path, Priority.ARTICLE, article_id)


def list_page_path(url, page):
    return url if page == 1 else f"{url}?page={page}"


def _sitemap_path(section, page):
    url = reverse("sitemap-section", kwargs={"section": section})
    return url if page == 1 else f"{url}?p={page}"


def site_targets(site):
    """Every page of `site` (a Site), the entry pages first; then, if it has
    a 蒙古文版, every Mongolian page (mongolian_site_targets)."""
    yield from _chinese_site_targets(site)
    if site.mongolian_enabled:
        yield from mongolian_site_targets(site)


def mongolian_site_targets(site):
    """The 蒙古文版 under /mn/: the home page, the column lists and feeds,
    the feed and the 网站地图 page, and the articles with a Mongolian
    version. The crawlers' files (robots.txt, sitemap.xml) exist only once,
    at the site's root."""
    tree = site_columns(site.key)
    published = site_published(site.key, MONGOLIAN)
    yield Target(in_language(reverse("news:home"), MONGOLIAN), Priority.ENTRY)
    for column in tree.columns:
        count = published.in_columns(tree.descendant_ids(column)).count()
        url = in_language(site_relative(column.get_absolute_url()), MONGOLIAN)
        for page in range(1, max(1, ceil(count / PAGE_SIZE)) + 1):
            yield Target(list_page_path(url, page), Priority.ENTRY if page == 1 else Priority.OTHER)
        yield Target(in_language(reverse("news:column_feed", kwargs={"slug": column.slug}), MONGOLIAN))
    yield Target(in_language(reverse("news:feed"), MONGOLIAN))
    yield Target(in_language(reverse("news:site_map"), MONGOLIAN))
    for article_id in published.order_by("id").values_list("id", flat=True).iterator(chunk_size=2000):
        yield Target(article_target(article_id, MONGOLIAN).path, Priority.OTHER, article_id)


def _chinese_site_targets(site):
    tree = site_columns(site.key)
    published = site_published(site.key)
    yield Target(reverse("news:home"), Priority.ENTRY)
    for column in tree.columns:
        count = published.in_columns(tree.descendant_ids(column)).count()
        for page in range(1, max(1, ceil(count / PAGE_SIZE)) + 1):
            priority = Priority.ENTRY if page == 1 else Priority.OTHER
            yield Target(list_page_path(site_relative(column.get_absolute_url()), page), priority)
        yield Target(reverse("news:column_feed", kwargs={"slug": column.slug}))
    yield Target(reverse("news:feed"))
    yield Target(reverse("news:site_map"))
    yield Target(reverse("robots"))
    yield Target(reverse("sitemap"))
    for section, sitemap in site_sitemaps(site).items():
        pages = sitemap.paginator.num_pages
        for page in range(1, max(1, pages) + 1):
            yield Target(_sitemap_path(section, page))
    for article_id in published.order_by("id").values_list("id", flat=True).iterator(chunk_size=2000):
        # Behind a new publication's own page (Priority.ARTICLE), which a
        # whole-site rewrite must not keep waiting for minutes.
        yield Target(article_target(article_id).path, Priority.OTHER, article_id)


def public_state(article_id):
    """The article's ArticleState if residents can see it now, else None."""
    article = (
        Article.objects.published()
        .filter(pk=article_id)
        .annotate(site_key=F("column__site__key"), site_mongolian=F("column__site__mongolian_enabled"))
        .only("id", "column_id", "published_at", "has_mongolian")
        .first()
    )
    if article is None:
        return None
    return _state(article, article.site_key, article.site_mongolian)


def _state(article, site_key, site_mongolian):
    older, newer = article.neighbours()
    neighbours = tuple(a.id for a in (older, newer) if a is not None)
    mongolian = bool(site_mongolian and article.has_mongolian)
    mn_neighbours = ()
    if mongolian:
        mn_neighbours = tuple(a.id for a in article.neighbours(MONGOLIAN) if a is not None)
    return ArticleState(
        article.pk, article.column_id, article.published_at, neighbours, site_key, mongolian, mn_neighbours
    )


def site_split(before, after):
    """[(site key, before, after)]: one entry, or two for an article moved
    to a column of another site (it left the one tree and entered the other)."""
    if before is not None and after is not None and before.site != after.site:
        return [(before.site, before, None), (after.site, None, after)]
    state = after or before
    return [(state.site, before, after)] if state is not None else []


def article_own_targets(before, after):
    """What an article's change touches that is cheap to name: its own
    page, its neighbours' and the home page (article_targets names the rest)."""
    targets = [article_target(after.id)] if after is not None else []
    if after is not None and after.mongolian:
        targets.append(article_target(after.id, MONGOLIAN))
    for state in (before, after):
        if state is not None:
            targets.extend(Target(article_target(n).path, Priority.ENTRY, n) for n in state.neighbour_ids)
            targets.extend(Target(article_target(n, MONGOLIAN).path, Priority.ENTRY, n) for n in state.mn_neighbour_ids)
    if before is not None or after is not None:
        targets.append(Target(reverse("news:home"), Priority.ENTRY))
    if any(state is not None and state.mongolian for state in (before, after)):
        targets.append(Target(in_language(reverse("news:home"), MONGOLIAN), Priority.ENTRY))
    return _unique(targets)


def article_targets(before, after):
    """The pages touched when an article went from `before` to `after`
    (ArticleStates of one site, None when residents could not see it)."""
    states = [state for state in (before, after) if state is not None]
    if not states:
        return []
    site_key = states[0].site
    tree = site_columns(site_key)
    article_id = states[0].id
    targets = [article_target(article_id)] if after is not None else []
    if after is not None and after.mongolian:
        targets.append(article_target(article_id, MONGOLIAN))
    for state in states:
        # The neighbours' 上一篇/下一篇 links: after the article itself.
        targets.extend(
            Target(article_target(neighbour).path, Priority.ENTRY, neighbour) for neighbour in state.neighbour_ids
        )
        targets.extend(
            Target(article_target(neighbour, MONGOLIAN).path, Priority.ENTRY, neighbour)
            for neighbour in state.mn_neighbour_ids
        )
    shifted = before is None or after is None or before.column_id != after.column_id
    shifted = shifted or before.published_at != after.published_at
    for state in states:
        column = tree.by_id.get(state.column_id)
        for ancestor in tree.ancestors(column) if column else []:
            targets.extend(_list_targets(tree, ancestor, state, shifted, site_key))
            targets.append(Target(reverse("news:column_feed", kwargs={"slug": ancestor.slug})))
    targets.append(Target(reverse("news:home"), Priority.ENTRY))
    targets.append(Target(reverse("news:feed")))
    targets.append(Target(reverse("sitemap")))
    # The articles sitemap lists by id: an article that became public, or
    # stopped being public, shifts every later entry by one, onto the page
    # after; the last page may appear or go. On a site with a 蒙古文版 an
    # article with a Mongolian version has two entries (Django's i18n
    # sitemap pages over article and language), so gaining or losing it
    # shifts the later entries as well.
    published = site_published(site_key)
    bilingual = Site.objects.filter(key=site_key, mongolian_enabled=True).exists()

    def entries(articles):
        return articles.count() + (articles.filter(has_mongolian=True).count() if bilingual else 0)

    first = entries(published.filter(pk__lt=article_id)) // SITEMAP_PAGE_SIZE + 1
    last = first
    moved = (before is None) != (after is None)
    moved = moved or (bilingual and bool(before and before.mongolian) != bool(after and after.mongolian))
    if moved:
        last = max(first, ceil(entries(published) / SITEMAP_PAGE_SIZE)) + 1
    targets.extend(Target(_sitemap_path("articles", page)) for page in range(first, last + 1))
    targets.extend(_mongolian_list_targets(tree, before, after, site_key))
    return _unique(targets)


def _mongolian_list_targets(tree, before, after, site_key):
    """The /mn/ pages that list the article, or listed it, as article_targets
    names the Chinese ones: states without a Mongolian version count as not listed."""
    before = before if before is not None and before.mongolian else None
    after = after if after is not None and after.mongolian else None
    states = [state for state in (before, after) if state is not None]
    if not states:
        return []
    shifted = before is None or after is None or before.column_id != after.column_id
    shifted = shifted or before.published_at != after.published_at
    targets = []
    for state in states:
        column = tree.by_id.get(state.column_id)
        for ancestor in tree.ancestors(column) if column else []:
            targets.extend(_list_targets(tree, ancestor, state, shifted, site_key, MONGOLIAN))
            feed = reverse("news:column_feed", kwargs={"slug": ancestor.slug})
            targets.append(Target(in_language(feed, MONGOLIAN)))
    targets.append(Target(in_language(reverse("news:feed"), MONGOLIAN)))
    return targets


def _list_targets(tree, column, state, shifted, site_key, language=CHINESE):
    """The list pages of `column` that show, or showed, the article in `state`."""
    listed = site_published(site_key, language).in_columns(tree.descendant_ids(column))
    newer = listed.filter(
        Q(published_at__gt=state.published_at) | Q(published_at=state.published_at, id__gt=state.id)
    ).count()
    first = newer // PAGE_SIZE + 1
    last = max(first, ceil(listed.count() / PAGE_SIZE)) + 1 if shifted else first
    # One page past the last when shifted: a withdrawal leaves a page that no longer exists to remove.
    url = in_language(site_relative(column.get_absolute_url()), language)
    return [
        Target(list_page_path(url, page), Priority.ENTRY if page == 1 else Priority.OTHER)
        for page in range(first, last + 1)
    ]


def _unique(targets):
    seen = {}
    for target in targets:
        known = seen.get(target.path)
        if known is None or target.priority < known.priority:
            seen[target.path] = target
    return list(seen.values())


def changed_since_targets(since, site_key):
    """The pages touched by the articles saved, published, withdrawn or
    trashed since `since` (publish_site --changed-since): for each, the pages
    its change touched as if it had just happened. An article that became
    public since then shifts the list pages after it; one that residents may
    no longer see is taken off its list pages and its own page is removed.
    Deleted articles and column or site settings changes are not covered
    (they left no row to find; a full rebuild covers them)."""
    now = timezone.now()
    changed = (
        Article.objects.filter(column__site__key=site_key)
        .filter(Q(updated_at__gte=since) | Q(published_at__gte=since, published_at__lte=now) | Q(trashed_at__gte=since))
        .exclude(published_at__isnull=True)
    )  # never public without a publication time
    public_ids = set(Article.objects.published().filter(pk__in=changed.values("pk")).values_list("pk", flat=True))
    targets = []
    site_mongolian = Site.objects.filter(key=site_key, mongolian_enabled=True).exists()
    articles = changed.only("id", "column_id", "published_at", "has_mongolian").order_by("id")
    for article in articles.iterator(chunk_size=500):
        state = _state(article, site_key, site_mongolian)
        if site_mongolian and not article.has_mongolian:
            # It may have lost its Mongolian version since: its /mn/ page is
            # written as a 404 (removed), and the Mongolian pages that may
            # have listed it, as if it had just left them.
            targets.append(article_target(article.pk, MONGOLIAN))
            mn_neighbours = tuple(a.id for a in article.neighbours(MONGOLIAN) if a is not None)
            left = replace(state, mongolian=True, mn_neighbour_ids=mn_neighbours)
            targets.extend(Target(article_target(n, MONGOLIAN).path, Priority.ENTRY, n) for n in mn_neighbours)
            targets.extend(_mongolian_list_targets(site_columns(site_key), left, None, site_key))
        if article.pk not in public_ids:
            targets.append(article_target(article.pk))  # written as a 404: its file is removed
            if state.mongolian:
                targets.append(article_target(article.pk, MONGOLIAN))
            targets.extend(article_targets(state, None))
        elif article.published_at >= since:
            targets.extend(article_targets(None, state))
        else:
            targets.extend(article_targets(state, state))
    return _unique(targets)

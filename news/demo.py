"""The demo platform (集约化): the banner's portal 乌审旗人民政府 and two
township sites, 苏力德苏木 (the seed article, read from the project's own copy
of the real page's text; its 蒙古文版 open, the article's Mongolian a marked
placeholder) and 嘎鲁图镇 (a few articles marked as demo text),
each with its own settings and columns."""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.html import escape

from .editorial.actors import SYSTEM
from .editorial.services import article_publish, article_save
from .models import Article, Column, ColumnType, Site
from .models.site import DEFAULT_SITE_KEY

SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "seed" / "sulide-united-front-2024-06-07.txt"
BEIJING = ZoneInfo("Asia/Shanghai")

# (slug, name, type, description, children)
COLUMN_TREE = [
    (
        "gongkai",
        "公开",
        ColumnType.SECTION,
        "政府信息公开",
        [
            ("sumuzhen-dongtai", "苏木镇动态", ColumnType.NEWS, "苏木镇工作动态"),
            ("tongzhi-gonggao", "通知公告", ColumnType.NOTICE, "通知、公告、公示"),
            ("zhengce-wenjian", "政策文件", ColumnType.POLICY, "苏木镇发布的政策文件"),
            ("renshi-xinxi", "人事信息", ColumnType.PERSONNEL, "任免、招录等人事信息"),
            ("guihua-jihua", "规划计划", ColumnType.PERSONNEL, "发展规划与年度计划"),
        ],
    ),
]

# Sections whose columns are 政务公开 (the disclosure box on their articles).
DISCLOSURE_SECTIONS = {"gongkai", "zhengwu-gongkai"}

SITE_DEFAULTS = {
    "key": "sulide",
    "site_name": "乌审旗苏力德苏木人民政府",
    "domain": "sulide.localhost",
    "site_id_code": "1506260000",
    "icp_number": "蒙ICP备00000000号",
    "police_number": "蒙公网安备15062602000000号",
    # 找错 follows from site_id_code; the badge's id is issued with the badge,
    # so the demo's is a placeholder the site check reports.
    "government_badge_url": "https://bszs.conac.cn/sitename?method=show&id=00000000000000000000000000000000",
    "organiser": "乌审旗苏力德苏木人民政府",
    "contact": "乌审旗苏力德苏木人民政府办公室",
    "default_source": "乌审旗苏力德苏木人民政府",
    "publisher": "乌审旗苏力德苏木人民政府",
    "index_prefix": "11150626000000000X",
    "site_description": "乌审旗苏力德苏木人民政府网站",
    "site_keywords": "苏力德苏木,乌审旗,政务公开",
}

# The earlier demo's only site (key "main", one address for everything);
# its domain is replaced so that localhost reaches the banner's portal.
EARLIER_DEMO_DOMAIN = "localhost"

# The banner's portal (旗级门户): the first site of a fresh demo, so the
# default one; it also claims the addresses `make run` serves on.
BANNER = {
    "key": "wsq",
    "is_platform": True,
    "site_name": "乌审旗人民政府",
    "domain": "wsq.localhost",
    "extra_domains": "127.0.0.1\nlocalhost",
    "site_id_code": "1506260001",
    "icp_number": "蒙ICP备00000001号",
    "police_number": "蒙公网安备15062602000001号",
    "government_badge_url": "https://bszs.conac.cn/sitename?method=show&id=00000000000000000000000000000001",
    "organiser": "乌审旗人民政府办公室",
    "contact": "乌审旗人民政府办公室(示例电话 0477-0000000)",
    "default_source": "乌审旗人民政府",
    "publisher": "乌审旗人民政府办公室",
    "index_prefix": "11150626000000001X",
    "site_description": "乌审旗人民政府门户网站",
    "site_keywords": "乌审旗,人民政府,政务公开",
}

BANNER_COLUMN_TREE = [
    ("zhengwu-yaowen", "政务要闻", ColumnType.NEWS, "旗政府重要政务活动", []),
    ("tongzhi-gonggao", "通知公告", ColumnType.NOTICE, "旗政府通知、公告、公示", []),
    # 信息报送: the column township news is sent up to (it accepts submissions).
    ("xiangzhen-dongtai", "乡镇动态", ColumnType.NEWS, "各苏木镇报送的工作动态", []),
    (
        "zhengwu-gongkai",
        "政务公开",
        ColumnType.SECTION,
        "乌审旗政府信息公开",
        [
            ("zhengce-wenjian", "政策文件", ColumnType.POLICY, "旗政府发布的政策文件"),
            ("renshi-xinxi", "人事信息", ColumnType.PERSONNEL, "任免、招录等人事信息"),
            ("guihua-jihua", "规划计划", ColumnType.PERSONNEL, "发展规划与年度计划"),
        ],
    ),
]

# The columns of the banner that receive township news (信息报送).
SUBMISSION_COLUMNS = {"xiangzhen-dongtai"}

GALUTU = {
    "theme": "blue",
    "key": "galutu",
    "site_name": "乌审旗嘎鲁图镇人民政府",
    "domain": "galutu.localhost",
    "site_id_code": "1506260002",
    "icp_number": "蒙ICP备00000002号",
    "police_number": "蒙公网安备15062602000002号",
    "government_badge_url": "https://bszs.conac.cn/sitename?method=show&id=00000000000000000000000000000002",
    "organiser": "乌审旗嘎鲁图镇人民政府",
    "contact": "乌审旗嘎鲁图镇人民政府党政综合办公室",
    "default_source": "乌审旗嘎鲁图镇人民政府",
    "publisher": "乌审旗嘎鲁图镇人民政府",
    "index_prefix": "11150626000000002X",
    "site_description": "乌审旗嘎鲁图镇人民政府网站",
    "site_keywords": "嘎鲁图镇,乌审旗,政务公开",
}

GALUTU_COLUMN_TREE = [
    (
        "gongkai",
        "公开",
        ColumnType.SECTION,
        "政府信息公开",
        [
            ("zhen-dongtai", "镇动态", ColumnType.NEWS, "嘎鲁图镇工作动态"),
            ("tongzhi-gonggao", "通知公告", ColumnType.NOTICE, "通知、公告、公示"),
            ("zhengce-wenjian", "政策文件", ColumnType.POLICY, "嘎鲁图镇发布的政策文件"),
        ],
    ),
]

DEMO_NOTE = "(本文为演示内容,不是真实信息。)"

# (site key, column slug, title, paragraphs, published at in Beijing time)
DEMO_ARTICLES = [
    (
        "wsq",
        "zhengwu-yaowen",
        "【演示】乌审旗召开全旗政府网站集约化工作推进会",
        ["会议通报了全旗政府网站集约化平台的建设进展,部署各苏木镇站点迁入统一平台。", DEMO_NOTE],
        datetime(2024, 6, 5, 9, 30, tzinfo=BEIJING),
    ),
    (
        "wsq",
        "tongzhi-gonggao",
        "【演示】关于做好乡镇信息报送工作的通知",
        ["各苏木镇要确定专人负责信息报送,每月报送本地工作动态。", DEMO_NOTE],
        datetime(2024, 6, 3, 16, 0, tzinfo=BEIJING),
    ),
    (
        "galutu",
        "zhen-dongtai",
        "【演示】嘎鲁图镇开展人居环境整治集中行动",
        ["嘎鲁图镇组织干部群众清理房前屋后杂物,整治村容村貌。", DEMO_NOTE],
        datetime(2024, 6, 6, 10, 0, tzinfo=BEIJING),
    ),
    (
        "galutu",
        "zhen-dongtai",
        "【演示】嘎鲁图镇举办农牧业技术培训班",
        ["培训围绕饲草种植和牲畜防疫展开,农牧民现场提问交流。", DEMO_NOTE],
        datetime(2024, 6, 4, 15, 0, tzinfo=BEIJING),
    ),
    (
        "galutu",
        "tongzhi-gonggao",
        "【演示】嘎鲁图镇关于森林草原防火的通告",
        ["防火期内严禁野外用火,发现火情请立即报告。", DEMO_NOTE],
        datetime(2024, 6, 1, 8, 0, tzinfo=BEIJING),
    ),
]

# The 蒙古文版 of 苏力德苏木's site. Interface-level names in traditional
# Mongolian script (transliteration in the comments, \u202f = NNBSP before a
# case suffix, \u180e = MVS before a final a); not from a published source:
# the township's translator must review them (docs/mongolian.md). Columns not
# named here keep their Chinese name on Mongolian pages until one is given.
SULIDE_NAME_MN = "ᠦᠦᠰᠢᠨ ᠬᠣᠰᠢᠭᠤ\u202fᠶᠢᠨ ᠰᠦᠯᠳᠡ ᠰᠤᠮᠤ\u202fᠶᠢᠨ ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠭᠠᠵᠠᠷ"  # üüsin qosiγu-yin sülde sumu-yin arad-un jasaγ-un γajar
SULIDE_MONGOLIAN = {
    "site_name_mn": SULIDE_NAME_MN,
    "organiser_mn": SULIDE_NAME_MN,
    "default_source_mn": SULIDE_NAME_MN,
}
COLUMN_NAMES_MN = {
    "gongkai": "ᠢᠯᠡ ᠲᠣᠳᠣ",  # ile todo: 公开
    "sumuzhen-dongtai": "ᠰᠤᠮᠤ ᠪᠠᠯᠭᠠᠰᠤ\u202fᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ",  # sumu balγasu-yin medege: 苏木镇动态
    "tongzhi-gonggao": "ᠮᠡᠳᠡᠭᠳᠡᠯ ᠵᠠᠷ",  # medegdel jar: 通知公告
    "zhengce-wenjian": "ᠪᠣᠳᠣᠯᠭ\u180eᠠ\u202fᠶᠢᠨ ᠪᠢᠴᠢᠭ",  # bodulγ-a-yin bičig: 政策文件
}
# No Mongolian version of the seed article could be found to copy, so its
# 蒙古文版 is a placeholder marked as one (mongolian_placeholder): the words
# "translation pending" and the site's name, nothing pretending to be the
# article. The township's translator replaces it.
TRANSLATION_PENDING = "ᠣᠷᠴᠢᠭᠤᠯᠭ\u180eᠠ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠶᠢᠨ\u180eᠠ"  # orčiγulγ-a küliyejü bayin-a
SEED_MONGOLIAN_PLACEHOLDER = {
    "title_mn": TRANSLATION_PENDING,
    "body_mn": f"<p>{SULIDE_NAME_MN}: {TRANSLATION_PENDING}</p>",
    "mongolian_placeholder": True,
}

SENTENCE_END = ("。", "!", "?", ";", ")", ")")


@dataclass
class SeedArticle:
    breadcrumb: list
    published_at: datetime
    source: str
    title: str
    paragraphs: list  # (is_subheading, text)
    author: str

    @property
    def body_html(self):
        parts = []
        for is_subheading, text in self.paragraphs:
            tag = "h2" if is_subheading else "p"
            parts.append(f"<{tag}>{escape(text)}</{tag}>")
        return "\n".join(parts)


def read_seed_article(path=SEED_FILE):
    """Parse the copied page, top to bottom, as its README describes it."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    breadcrumb = lines[0].split(":", 1)[1].split("->")
    year, month_day, time = lines[1], lines[2], lines[3]
    stamp = datetime.strptime(f"{year}{month_day} {time}", "%Y年%m月%d日 %H:%M").replace(tzinfo=BEIJING)
    assert lines[4] == "来源:" and lines[6].startswith("【字体"), "the seed page's layout changed"
    source, title = lines[5], lines[7]
    body = lines[8:]
    author = ""
    byline = re.search(r"\(([^()]+)\)$", body[-1])
    if byline:
        author = byline.group(1)
        body[-1] = body[-1][: byline.start()]
    paragraphs = [(len(text) < 40 and not text.endswith(SENTENCE_END), text) for text in body]
    return SeedArticle(breadcrumb, stamp, source, title, paragraphs, author)


def columns_load(site=None, tree=COLUMN_TREE, keyword="苏力德苏木"):
    """Create a demo column tree in `site` (None: the default site's);
    existing columns keep their edits."""
    site = site or Site.objects.default()
    for order, (slug, name, column_type, description, children) in enumerate(tree, start=1):
        parent, _ = Column.objects.get_or_create(
            site=site,
            slug=slug,
            defaults={
                "name": name,
                "column_type": column_type,
                "description": description,
                "order": order,
                "is_disclosure": slug in DISCLOSURE_SECTIONS,
                "keywords": f"{name},{keyword}" if not children else "",
            },
        )
        for child_order, (child_slug, child_name, child_type, child_description) in enumerate(children, start=1):
            Column.objects.get_or_create(
                site=site,
                slug=child_slug,
                defaults={
                    "parent": parent,
                    "name": child_name,
                    "column_type": child_type,
                    "description": child_description,
                    "keywords": f"{child_name},{keyword}",
                    "order": child_order,
                },
            )


def site_load(fields):
    """The demo site with this key, made with these settings if missing; an
    existing site keeps every setting an administrator may have changed."""
    fields = dict(fields)
    site, _ = Site.objects.get_or_create(key=fields.pop("key"), defaults=fields)
    return site


def township_site():
    """苏力德苏木's site: key "sulide", or, in a database from the earlier
    single-site demo, its only site "main" (kept, with its key, as the first
    site: its articles' addresses and published folder stay as they were).
    That site's old address, localhost, goes to the banner's portal."""
    site = Site.objects.filter(key=SITE_DEFAULTS["key"]).first()
    if site is not None:
        return site
    first = Site.objects.order_by("id").first()
    if first is not None and first.key == DEFAULT_SITE_KEY and not first.is_platform:
        if first.domain == EARLIER_DEMO_DOMAIN:
            first.domain = SITE_DEFAULTS["domain"]
            first.save()
        return first
    return site_load(SITE_DEFAULTS)


def article_load(site, slug, title, body, published_at, **fields):
    """Publish a demo article unless its column has it already."""
    column = Column.objects.get(site=site, slug=slug)
    if Article.objects.filter(column=column, title=title).exists():
        return False
    article = Article(column=column, title=title, body=body, **fields)
    article_publish(article=article, published_at=published_at, actor=SYSTEM)
    return True


def township_load(site=None):
    """苏力德苏木's columns and the seed article, in `site` (None: the
    default site's); returns whether the article was added."""
    site = site or Site.objects.default()
    columns_load(site)
    seed = read_seed_article()
    return article_load(
        site,
        "sumuzhen-dongtai",
        seed.title,
        seed.body_html,
        seed.published_at,
        source=seed.source,
        author=seed.author,
        is_headline=True,
    )


def mongolian_load(site):
    """Open 苏力德苏木's 蒙古文版: the site's and columns' Mongolian names and
    the seed article's placeholder. Each is set once, while still blank: what
    an administrator or translator changed later (even closing the 蒙古文版)
    stays. Returns whether anything was set."""
    added = False
    if not site.site_name_mn:
        for name, value in SULIDE_MONGOLIAN.items():
            setattr(site, name, value)
        site.mongolian_enabled = True
        site.save()
        added = True
    for column in Column.objects.filter(site=site, slug__in=COLUMN_NAMES_MN, name_mn=""):
        column.name_mn = COLUMN_NAMES_MN[column.slug]
        column.save()
        added = True
    seed = read_seed_article()
    article = Article.objects.filter(column__site=site, column__slug="sumuzhen-dongtai", title=seed.title).first()
    if article is not None and not (article.title_mn or article.body_mn):
        for name, value in SEED_MONGOLIAN_PLACEHOLDER.items():
            setattr(article, name, value)
        article_save(article=article, actor=SYSTEM, comment="演示:蒙古文占位稿,待翻译人员提供译文")
        added = True
    return added


@transaction.atomic
def demo_load():
    """Load the demo platform: the banner's portal and two township sites,
    each with its columns and articles. Idempotent: a second run changes
    nothing. Returns whether anything was added."""
    banner = site_load(BANNER)  # first: the default site of a fresh demo
    sites = {"wsq": banner, "sulide": township_site(), "galutu": site_load(GALUTU)}
    columns_load(banner, BANNER_COLUMN_TREE, "乌审旗")
    # 信息报送: the banner's 乡镇动态 takes the townships' news.
    Column.objects.filter(site=banner, slug__in=SUBMISSION_COLUMNS).update(accepts_submissions=True)
    columns_load(sites["galutu"], GALUTU_COLUMN_TREE, "嘎鲁图镇")
    added = township_load(sites["sulide"])
    added = mongolian_load(sites["sulide"]) or added
    for key, slug, title, paragraphs, published_at in DEMO_ARTICLES:
        body = "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)
        added = article_load(sites[key], slug, title, body, published_at) or added
    return added

"""The demo content: the township's column tree and the seed article, read
from the project's own copy of the real page's text."""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.html import escape

from .editorial.actors import SYSTEM
from .editorial.services import article_publish
from .models import Article, Column, ColumnType, Site

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
DISCLOSURE_SECTIONS = {"gongkai"}

SITE_DEFAULTS = {
    "site_name": "乌审旗苏力德苏木人民政府",
    "domain": "localhost",
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


def columns_load():
    """Create the demo column tree; existing columns keep their edits."""
    for order, (slug, name, column_type, description, children) in enumerate(COLUMN_TREE, start=1):
        parent, _ = Column.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "column_type": column_type,
                "description": description,
                "order": order,
                "is_disclosure": slug in DISCLOSURE_SECTIONS,
            },
        )
        for child_order, (child_slug, child_name, child_type, child_description) in enumerate(children, start=1):
            Column.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "parent": parent,
                    "name": child_name,
                    "column_type": child_type,
                    "description": child_description,
                    "keywords": f"{child_name},苏力德苏木",
                    "order": child_order,
                },
            )


@transaction.atomic
def demo_load():
    """Load the demo site. Idempotent: a second run changes nothing."""
    if not Site.objects.exists():
        Site(**SITE_DEFAULTS).save()
    columns_load()
    # 信息报送: the banner portal's 乡镇动态 takes the townships' news.
    Column.objects.filter(slug="xiangzhen-dongtai", site__is_platform=True).update(accepts_submissions=True)
    seed = read_seed_article()
    column = Column.objects.get(slug="sumuzhen-dongtai")
    if Article.objects.filter(column=column, title=seed.title).exists():
        return False
    article = Article(
        column=column,
        title=seed.title,
        source=seed.source,
        author=seed.author,
        body=seed.body_html,
        is_headline=True,
    )
    article_publish(article=article, published_at=seed.published_at, actor=SYSTEM)
    return True

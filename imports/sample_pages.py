"""Article pages in the style of an old township site (the seed page's
layout: 当前位置 breadcrumb, 发布时间, 来源, 【字体】, title, indented
paragraphs with subheadings, the byline in parentheses at the end), for tests
and the import benchmark. The text is invented; imports/mappings/
example-gov-cms.toml reads these pages."""

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.html import escape

BASE_URL = "http://www.example-sumu.gov.cn/"
BEIJING = ZoneInfo("Asia/Shanghai")
COLUMNS = {"苏木镇动态": "sumuzhen-dongtai", "通知公告": "tongzhi-gonggao"}
PLACES = ["示例苏木", "东风嘎查", "红旗嘎查", "草原社区", "新建嘎查"]
TOPICS = ["人居环境整治", "防汛抗旱", "农牧业技术培训", "森林草原防火", "就业创业服务", "惠民补贴发放"]
SENTENCES = [
    "会议传达学习了上级有关文件精神,对下一阶段工作作出具体安排。",
    "各嘎查村干部结合实际,逐户走访了解群众的困难和需求。",
    "工作组深入田间地头,现场讲解政策要点和操作流程。",
    "活动共发放宣传资料三百余份,解答群众咨询五十余人次。",
    "下一步,苏木将持续压实责任,确保各项措施落到实处。",
    "参会人员围绕工作中遇到的问题进行了交流发言。",
]
SUBHEADINGS = ["提高站位,强化组织领导", "聚焦重点,狠抓任务落实", "完善机制,巩固工作成效"]
AUTHORS = ["其木格", "张晓", "阿拉坦", "刘芳"]


@dataclass
class SamplePage:
    path: str  # inside the folder, e.g. gk/dt/202406/t20240607_1001.html
    title: str
    column: str  # the old site's column name
    published_at: datetime
    source: str
    index_number: str
    paragraphs: list  # (is_subheading, text)
    author: str
    images: list = field(default_factory=list)  # (src as written, alt)
    attachments: list = field(default_factory=list)  # (href as written, link text)
    extra_head: str = ""
    byline_inline: bool = False  # “……新贡献。(茜沁)” as on the seed page, else a paragraph of its own

    @property
    def url(self):
        return BASE_URL + self.path

    def html(self):
        crumb = "-&gt;".join(f'<a href="/">{escape(name)}</a>' for name in ("首页", "公开", self.column))
        body = []
        for is_subheading, text in self.paragraphs:
            body.append(f"<p><strong>{escape(text)}</strong></p>" if is_subheading else f"<p>  {escape(text)}</p>")
        if self.author and self.byline_inline:
            body[-1] = body[-1].removesuffix("</p>") + f"({escape(self.author)})</p>"
        for src, alt in self.images:
            body.append(f'<p style="text-align:center"><img src="{escape(src)}" alt="{escape(alt)}"></p>')
        for href, text in self.attachments:
            body.append(f'<p>附件:<a href="{escape(href)}">{escape(text)}</a></p>')
        if self.author and not self.byline_inline:
            body.append(f"<p>({escape(self.author)})</p>")
        when = self.published_at.astimezone(BEIJING)
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(self.title)}_示例苏木人民政府</title>
<link rel="canonical" href="{escape(self.url)}">{self.extra_head}
<script src="/js/stat.js"></script>
</head><body>
<div class="top"><a href="/">示例苏木人民政府</a></div>
<div class="position">当前位置:{crumb}</div>
<div class="article">
<table class="xxgk"><tr><th>索引号:</th><td class="syh">{escape(self.index_number)}</td>
<th>发布机构:</th><td>示例苏木人民政府</td></tr></table>
<h1>{escape(self.title)}</h1>
<div class="info"><span class="date">{when:%Y年} {when:%m月%d日} {when:%H:%M}</span>
来源:<span class="source">{escape(self.source)}</span>
<span class="font">【字体:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span></div>
<div class="content" id="zoom">
{chr(10).join(body)}
</div>
<div class="share">分享到:<a href="#">微信</a></div>
</div>
<div class="footer">主办单位:示例苏木人民政府</div>
</body></html>
"""

    def write(self, folder):
        target = Path(folder) / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.html(), encoding="utf-8")
        return target


def sample_page(number, *, rng=None, column="苏木镇动态", year=2024):
    """The `number`th page of the old site: the same number gives the same page."""
    rng = rng or random.Random(number)
    published_at = datetime(
        year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 20), rng.randint(0, 59), tzinfo=BEIJING
    )
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    paragraphs = []
    for heading in rng.sample(SUBHEADINGS, 2):
        paragraphs.append((True, heading))
        paragraphs += [(False, "".join(rng.sample(SENTENCES, 3))) for _ in range(rng.randint(1, 3))]
    return SamplePage(
        path=f"gk/dt/{published_at:%Y%m}/t{published_at:%Y%m%d}_{number}.html",
        title=f"{place}扎实开展{topic}工作(第{number}期)",
        column=column,
        published_at=published_at,
        source="示例苏木人民政府",
        index_number=f"11150000000000000X/{year}-{number:05d}",
        paragraphs=[(False, f"{published_at.month}月{published_at.day}日,{place}召开{topic}工作推进会。")] + paragraphs,
        author=rng.choice(AUTHORS),
        byline_inline=number % 2 == 0,
    )


def sample_pages_write(folder, count, *, start=1):
    """Write `count` pages into `folder`; returns the SamplePages."""
    pages = [sample_page(number) for number in range(start, start + count)]
    for page in pages:
        page.write(folder)
    return pages

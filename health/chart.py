"""The chart of articles published per column per week over the last six
months, each column's update deadline marked. Laid out once as shapes, drawn
as SVG for the admin page and as a ReportLab drawing for the PDF."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.html import escape

LABEL_W, WEEK_W, STATUS_W = 170, 22, 270
ROW_H, BAR_H, TOP, BOTTOM = 44, 30, 46, 34
BAR, BAR_RECENT = "#4a7ab5", "#2b5c9a"
LATE, OK, GRID, INK, MUTED = "#c0392b", "#2e7d32", "#d5d9de", "#222", "#666"


@dataclass
class Shape:
    kind: str  # rect, line, text
    x: float
    y: float
    w: float = 0  # rect width, or line end x
    h: float = 0  # rect height, or line end y
    colour: str = INK
    text: str = ""
    size: float = 11
    anchor: str = "start"  # start, middle, end
    dashed: bool = False
    title: str = ""


def layout(weekly, now):
    weeks = weekly.weeks
    plot_w = WEEK_W * len(weeks)
    width = LABEL_W + plot_w + STATUS_W
    height = TOP + ROW_H * max(1, len(weekly.rows)) + BOTTOM
    top_count = max([max(counts) for _, counts in weekly.rows] + [1])
    start = timezone.make_aware(datetime.combine(weeks[0], datetime.min.time())) if weeks else now
    span = (now - start).total_seconds() or 1
    plot_right = LABEL_W + plot_w

    def x_of(moment):
        return LABEL_W + plot_w * (moment - start).total_seconds() / span

    shapes = [
        Shape("text", 0, 18, text="近六个月各栏目每周发布数量(红色虚线:更新时限,线右侧须有发布)", size=13),
        Shape("text", 0, 36, text=f"柱高按全部栏目中单周最多的 {top_count} 篇计", size=10, colour=MUTED),
    ]
    for i, week in enumerate(weeks):
        if i % 4 == 0:
            x = LABEL_W + i * WEEK_W
            shapes.append(Shape("line", x, TOP, x, height - BOTTOM, colour=GRID))
            shapes.append(Shape("text", x + 1, height - BOTTOM + 14, text=f"{week:%m-%d}", size=9, colour=MUTED))
    shapes.append(Shape("line", plot_right, TOP, plot_right, height - BOTTOM, colour=MUTED))
    shapes.append(Shape("text", plot_right, height - BOTTOM + 28, text="今天", size=9, colour=MUTED, anchor="middle"))
    for row, (status, counts) in enumerate(weekly.rows):
        y = TOP + row * ROW_H
        base = y + ROW_H - 6
        shapes.append(Shape("line", LABEL_W, base, plot_right, base, colour=GRID))
        shapes.append(Shape("text", LABEL_W - 8, y + ROW_H / 2 + 4, text=status.column.name, size=12, anchor="end"))
        shapes.append(
            Shape("text", LABEL_W - 8, y + ROW_H / 2 + 17, text=status.type_label, size=9, anchor="end", colour=MUTED)
        )
        for i, n in enumerate(counts):
            if n:
                h = max(1.5, BAR_H * n / top_count)
                shapes.append(
                    Shape(
                        "rect",
                        LABEL_W + i * WEEK_W + 3,
                        base - h,
                        WEEK_W - 6,
                        h,
                        colour=BAR,
                        title=f"{status.column.name} {weekly.weeks[i]:%Y-%m-%d} 起一周:{n} 篇",
                    )
                )
        limit = now - status.period
        if limit >= start:
            lx = x_of(limit)
            shapes.append(
                Shape(
                    "line",
                    lx,
                    y + 4,
                    lx,
                    base,
                    colour=LATE,
                    dashed=True,
                    title=f"更新时限:{timezone.localtime(limit):%Y-%m-%d} 之后须有发布",
                )
            )
        else:
            shapes.append(
                Shape(
                    "text",
                    LABEL_W + 2,
                    y + 12,
                    text=f"◀ 时限 {status.period.days} 天,在图左侧之外",
                    size=9,
                    colour=LATE,
                )
            )
        if status.blank or status.newest is None:
            note, colour = "空白栏目,从未发布", LATE
        elif status.stale:
            note, colour = f"已超期 {(now - status.deadline).days} 天", LATE
        else:
            days_left = (status.deadline - now) // timedelta(days=1)
            note, colour = f"{timezone.localtime(status.deadline):%Y-%m-%d} 前须更新(剩 {days_left} 天)", OK
        shapes.append(Shape("text", plot_right + 10, y + ROW_H / 2 + 4, text=note, size=11, colour=colour))
    return width, height, shapes


def svg(weekly, now):
    width, height, shapes = layout(weekly, now)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-labelledby="health-chart-title" class="health-chart" '
        f"font-family=\"'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif\">",
        '<title id="health-chart-title">近六个月各栏目每周发布数量与更新时限</title>',
    ]
    for s in shapes:
        title = f"<title>{escape(s.title)}</title>" if s.title else ""
        if s.kind == "rect":
            parts.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" fill="{s.colour}">{title}</rect>'
            )
        elif s.kind == "line":
            dash = ' stroke-dasharray="4 3" stroke-width="2"' if s.dashed else ""
            parts.append(
                f'<line x1="{s.x:.1f}" y1="{s.y:.1f}" x2="{s.w:.1f}" y2="{s.h:.1f}" stroke="{s.colour}"{dash}>{title}</line>'
            )
        else:
            parts.append(
                f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" fill="{s.colour}" text-anchor="{s.anchor}">'
                f"{escape(s.text)}</text>"
            )
    parts.append("</svg>")
    return "\n".join(parts)


def drawing(weekly, now, font_name, scale=1.0):
    """The same chart as a ReportLab Drawing (its y axis points up)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib.colors import HexColor

    width, height, shapes = layout(weekly, now)
    d = Drawing(width * scale, height * scale)
    for s in shapes:
        colour = HexColor(s.colour)
        if s.kind == "rect":
            d.add(
                Rect(
                    s.x * scale,
                    (height - s.y - s.h) * scale,
                    s.w * scale,
                    s.h * scale,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
        elif s.kind == "line":
            line = Line(s.x * scale, (height - s.y) * scale, s.w * scale, (height - s.h) * scale, strokeColor=colour)
            if s.dashed:
                line.strokeDashArray = [4, 3]
                line.strokeWidth = 1.5
            d.add(line)
        else:
            d.add(
                String(
                    s.x * scale,
                    (height - s.y) * scale,
                    s.text,
                    fontName=font_name,
                    fontSize=s.size * scale,
                    fillColor=colour,
                    textAnchor=s.anchor,
                )
            )
    return d

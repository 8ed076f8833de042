"""The report as files for the monthly self-inspection record: XLSX and PDF."""

import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from portal.spreadsheet import spreadsheet_cell

from . import chart

PDF_FONT = "HealthCJK"


def _rows(report, base_url=""):
    for f in report.findings:
        yield [
            f.severity.label,
            f.category.label,
            f.message,
            f.subject,
            f.detail,
            f.points or "",
            f"{base_url}{f.fix_url}" if f.fix_url else "",
        ]


def _column_rows(report):
    local = timezone.localtime
    for s in report.columns:
        if s.blank:
            state = "空白栏目"
        elif s.stale:
            state = "超期未更新"
        elif s.period is None:
            state = "栏目分组,无更新周期"
        else:
            state = "按期更新"
        yield [
            s.path,
            s.type_label,
            s.period.days if s.period else "",
            s.published,
            f"{local(s.newest):%Y-%m-%d %H:%M}" if s.newest else "",
            f"{local(s.deadline):%Y-%m-%d}" if s.deadline else "",
            state,
        ]


FINDING_HEADER = ["严重程度", "类别", "问题", "对象", "详情", "估算扣分", "修改链接"]
COLUMN_HEADER = ["栏目", "类型", "更新周期(天)", "已发布", "最近发布", "须在此前更新", "状态"]


def report_xlsx(report, base_url=""):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    summary = book.active
    summary.title = "体检结论"
    verdict = report.verdict
    summary.append([spreadsheet_cell(f"网站体检报告 {report.site_name}".strip())])
    summary["A1"].font = Font(size=14, bold=True)
    summary.append(["生成时间", f"{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}"])
    summary.append(["估算结论", verdict.label])
    summary.append(["估算得分", verdict.score])
    summary.append(["是否不合格", "是" if verdict.fails else "否"])
    for severity, count in report.counts.items():
        summary.append([{"veto": "单项否决风险", "deduct": "扣分项", "notice": "提示"}[severity], count])
    for reason in verdict.reasons:
        summary.append(["原因", spreadsheet_cell(reason)])
    summary.append(["已检查文章", report.stats.get("articles_scanned", 0)])
    summary.append(["外部链接", report.external_links_summary])
    summary.append(["说明", "扣分为估算,以正式检查为准"])
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 60

    for title, header, rows, widths in (
        ("问题清单", FINDING_HEADER, _rows(report, base_url), [14, 10, 60, 30, 60, 10, 50]),
        ("栏目更新", COLUMN_HEADER, _column_rows(report), [30, 14, 12, 10, 18, 14, 18]),
    ):
        sheet = book.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([spreadsheet_cell(value) for value in row])
        for i, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class PdfFontMissing(Exception):
    pass


def _register_font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(getattr(settings, "HEALTH_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))
        if not path.is_file():
            raise PdfFontMissing(f"找不到 PDF 所用的中文字体 {path}(Debian:apt-get install fonts-wqy-microhei)")
        pdfmetrics.registerFont(TTFont(PDF_FONT, str(path), subfontIndex=0))


def report_pdf(report, base_url=""):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_font()
    page = landscape(A4)
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=9, leading=12, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=8)
    verdict = report.verdict
    story = [
        Paragraph(_esc(f"网站体检报告 {report.site_name}".strip()), title),
        Paragraph(f"生成时间:{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}", body),
        Paragraph(f"估算结论:<b>{verdict.label}</b>(估算得分 {verdict.score:g},扣分为估算,以正式检查为准)", body),
    ]
    story += [Paragraph(f"· {_esc(reason)}", body) for reason in verdict.reasons]
    counts = report.counts
    story.append(
        Paragraph(f"单项否决风险 {counts['veto']} 项,扣分项 {counts['deduct']} 项,提示 {counts['notice']} 项", body)
    )
    story.append(Paragraph(_esc(report.external_links_summary), body))
    available = page[0] - 30 * mm
    width, _, _ = chart.layout(report.weekly, report.generated_at)
    story += [
        Spacer(1, 4 * mm),
        chart.drawing(report.weekly, report.generated_at, PDF_FONT, scale=min(1, available / width)),
    ]

    def table(header, rows, widths):
        data = [[Paragraph(_esc(str(cell)), body) for cell in header]]
        data += [[Paragraph(_esc(str(cell)), body) for cell in row] for row in rows]
        t = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story.append(Paragraph("问题清单", heading))
    rows = [row[:6] for row in _rows(report)]
    story.append(table(FINDING_HEADER[:6], rows, [24, 18, 95, 45, 70, 15]) if rows else Paragraph("未发现问题。", body))
    story.append(Paragraph("栏目更新", heading))
    story.append(table(COLUMN_HEADER, list(_column_rows(report)), [70, 28, 22, 18, 35, 30, 30]))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="网站体检报告",
    ).build(story)
    return out.getvalue()


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

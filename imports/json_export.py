"""Reading our own JSON listing (archive export, --format json) back: the
rows archive/rows.py writes, with the CONTENT_FIELDS the JSON format adds.
Export → import into an empty database → export gives the same rows, ids
(in 网址) aside."""

import json
from datetime import datetime
from pathlib import Path

from archive.rows import COLUMN_SEPARATOR
from news.models import ArticleStatus, Column, Site

from .services import ImportedArticle, ImportRefused

STATUS_BY_LABEL = {label: value for value, label in ArticleStatus.choices}


class ExportFileError(Exception):
    """The file is not one of our JSON exports; the message says why."""


def export_rows(path):
    """[(name for messages, row)] of a JSON export; raises ExportFileError."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ExportFileError(f"无法读取 {path}:{error}") from None
    except json.JSONDecodeError as error:
        raise ExportFileError(f"{path} 不是有效的 JSON:{error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("文章"), list):
        raise ExportFileError(f"{path} 不是本站导出的 JSON 文章清单(没有“文章”列表)")
    return [(_row_name(number, row), row) for number, row in enumerate(data["文章"], start=1)]


def _row_name(number, row):
    title = row.get("标题", "") if isinstance(row, dict) else ""
    return f"第 {number} 篇“{title[:30]}”" if title else f"第 {number} 篇"


class ColumnPaths:
    """栏目路径 (“公开 > 苏木镇动态”) → the site's column (the default
    site's when None), read once."""

    def __init__(self, site=None):
        site_columns = Column.objects.filter(site=site or Site.objects.default()).select_related("site")
        columns = {column.id: column for column in site_columns}
        self.by_path = {}
        for column in columns.values():
            names, current = [], column
            while current is not None:
                names.append(current.name)
                current = columns.get(current.parent_id)
            self.by_path[COLUMN_SEPARATOR.join(reversed(names))] = column

    def get(self, path):
        column = self.by_path.get(path)
        if column is None:
            raise ImportRefused(f"本站没有栏目“{path}”,请先建立同名栏目")
        return column


def row_read(row, *, columns):
    """The ImportedArticle one exported row describes; raises ImportRefused."""
    if not isinstance(row, dict):
        raise ImportRefused("不是一篇文章的记录")
    if "正文" not in row:
        raise ImportRefused("没有正文:这份导出文件是旧版导出的,请重新导出 JSON")
    status = STATUS_BY_LABEL.get(row.get("状态", ""))
    if status is None:
        raise ImportRefused(f"状态“{row.get('状态', '')}”无法识别")
    published_at = None
    if row.get("发布时间"):
        try:
            published_at = datetime.fromisoformat(row["发布时间"])
        except (TypeError, ValueError):
            raise ImportRefused(f"发布时间“{row['发布时间']}”无法识别") from None
    return ImportedArticle(
        title=_text(row, "标题"),
        column=columns.get(_text(row, "栏目路径")),
        body=_text(row, "正文"),
        published_at=published_at,
        source_url=_text(row, "网址"),
        index_number=_text(row, "索引号"),
        subtitle=_text(row, "副标题"),
        source=_text(row, "来源"),
        author=_text(row, "作者"),
        summary=_text(row, "摘要"),
        status=status,
        mongolian=_mongolian(row),
    )


def _mongolian(row):
    """The 蒙古文版 of an exported row; None for an export made before it existed."""
    if "蒙古文题名" not in row:
        return None
    return {
        "title_mn": _text(row, "蒙古文题名"),
        "summary_mn": _text(row, "蒙古文摘要"),
        "body_mn": _text(row, "蒙古文正文"),
        "source_mn": _text(row, "蒙古文来源"),
        "author_mn": _text(row, "蒙古文作者"),
        "mongolian_placeholder": row.get("蒙古文为占位稿") == "是",
    }


def _text(row, key):
    value = row.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportRefused(f"“{key}”应为文字")
    return value

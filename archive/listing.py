"""Listings, one row per article: CSV (UTF-8 with BOM, so Excel shows the
Chinese), JSON and XLSX. CSV and JSON are produced as a stream of bytes, so
they can be written to a file or sent to a browser as they are made."""

import csv
import io
import json
from operator import itemgetter

from openpyxl import Workbook

from portal.spreadsheet import spreadsheet_cells

from .rows import FIELDS

FLUSH_EVERY = 500
_in_order = itemgetter(*FIELDS)


def spreadsheet_row(row):
    """The row's cells in FIELDS order, none of them able to start a formula."""
    return spreadsheet_cells(_in_order(row))


def csv_chunks(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow(spreadsheet_row(row))
        pending += 1
        if pending == FLUSH_EVERY:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def json_chunks(rows, *, exported_at, filters):
    """{"导出时间": …, "筛选条件": …, "文章": [row, …], "篇数": n}, written as it goes."""
    head = json.dumps({"导出时间": exported_at, "筛选条件": filters}, ensure_ascii=False, indent=1)
    yield (head[:-2] + ',\n "文章": [').encode("utf-8")
    count, parts = 0, []
    for row in rows:
        parts.append(("\n  " if count == 0 else ",\n  ") + json.dumps(row, ensure_ascii=False))
        count += 1
        if len(parts) == FLUSH_EVERY:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append(f'\n ],\n "篇数": {count}\n}}\n')
    yield "".join(parts).encode("utf-8")


def xlsx_write(rows, target):
    """Write an XLSX workbook to `target` (a path or binary file). The
    write-only workbook keeps rows in a temporary file, not in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("文章")
    sheet.append(FIELDS)
    for row in rows:
        sheet.append(spreadsheet_row(row))
    workbook.save(target)

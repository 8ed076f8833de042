"""Cells for spreadsheets (CSV and XLSX) that Excel or LibreOffice cannot
mistake for formulas. A title such as =HYPERLINK("http://evil","x") typed by
an editor would otherwise become a live formula in the auditor's copy
(CSV injection). Shared by the archive listings and the health report, and
so it imports nothing of theirs."""

# What starts a formula in Excel or LibreOffice (tab and CR: what they strip
# before looking at the rest).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`value` as it may go into a spreadsheet cell: text that would start a
    formula gets a leading apostrophe, Excel's own mark for "this is text";
    numbers and everything else pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cells(values):
    """[spreadsheet_cell(value) for value in values], without a call per
    cell: a listing of 100,000 articles has two million cells."""
    return ["'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value for value in values]

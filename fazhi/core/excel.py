"""Excel ledgers as a secretary expects them: a title row, a frozen header row, 序号 first,
dates as real dates displayed 2018年5月2日, columns wide enough for Chinese text, printed landscape and fit to
the page width. Every export of the product goes through `ledger_sheet`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from .formats import cn_date

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60  # past this a column wraps instead of pushing the page off the printer
MIN_WIDTH = 6

_thin = Side(style="thin", color="999999")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
BODY_FONT = Font(name="宋体", size=11)


def display_width(value) -> int:
    """Width in Excel character units: a CJK (wide or full-width) character counts as 2."""
    text = cell_text(value)
    longest = 0
    for line in text.splitlines() or [""]:
        longest = max(longest, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return longest


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return cn_date(value)
    return str(value)


# A text beginning with one of these is taken by Excel or WPS for a formula (CSV/DDE injection):
# such a cell is written as a string with Excel's "text" prefix, so it stays text even when edited.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_if_formula(cell) -> None:
    """Keep a text cell text: openpyxl stores any string starting with "=" as a formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


# A real date shown in the official format: it sorts and filters as a date in Excel and WPS.
CN_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def excel_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a value, as Excel stores it: an aware datetime becomes its local day."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _cell_value(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return excel_date(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    return str(value)


def ledger_sheet(ws: Worksheet, *, title: str, headers: Sequence[str], rows: Iterable[Sequence], numbered: bool = True,
                 widths: dict[int, int] | None = None) -> Worksheet:
    """Fill an empty worksheet as a ledger. `rows` are sequences in the order of `headers`;
    with `numbered` a 序号 column is put first. `widths` may force the width of a column (0-based)."""
    all_headers = ([_("序号")] if numbered else []) + [str(h) for h in headers]
    ncols = len(all_headers)
    ws.append([title] + [None] * (ncols - 1))
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    title_cell = ws.cell(row=1, column=1)
    as_text_if_formula(title_cell)
    title_cell.font = TITLE_FONT
    title_cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30

    ws.append(all_headers)
    for col in range(1, ncols + 1):
        c = ws.cell(row=2, column=col)
        as_text_if_formula(c)
        c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    col_widths = [display_width(h) for h in all_headers]
    for n, row in enumerate(rows, start=1):
        values = ([n] if numbered else []) + [_cell_value(v) for v in row]
        ws.append(values)
        r = ws.max_row
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=col)
            as_text_if_formula(c)
            c.font, c.border = BODY_FONT, BORDER
            c.alignment = Alignment(vertical="center", wrap_text=True)
            if isinstance(v, dt.date):
                c.number_format = CN_DATE_FORMAT
            col_widths[col - 1] = max(col_widths[col - 1], display_width(v))

    for i, w in enumerate(col_widths):
        forced = (widths or {}).get(i - (1 if numbered else 0))
        ws.column_dimensions[get_column_letter(i + 1)].width = forced or min(max(w + 2, MIN_WIDTH), MAX_WIDTH)

    ws.freeze_panes = "A3"  # title and header stay on screen while scrolling
    ws.print_title_rows = "1:2"  # and on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    return ws


def notes_sheet(wb: Workbook, *, title: str, notes: Sequence[tuple[str, str]]) -> Worksheet:
    """A sheet explaining the columns of an import template: (column, explanation) pairs."""
    ws = wb.create_sheet(_("填写说明"))
    return ledger_sheet(ws, title=title, headers=[_("列名"), _("填写说明")], rows=notes, numbered=False,
                        widths={1: MAX_WIDTH})


def ledger_workbook(*, title: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str | None = None,
                    numbered: bool = True) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = (sheet_title or title)[:31]  # Excel's limit on sheet names
    ledger_sheet(ws, title=title, headers=headers, rows=rows, numbered=numbered)
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def workbook_response(wb: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download; the Chinese file name survives every browser (RFC 6266/5987)."""
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response


# --- streamed ledgers ---------------------------------------------------------------------------
# A ledger of hundreds of thousands of rows is streamed: each row is written as it is produced, so
# time is linear and memory flat. Column widths cannot be measured on rows not yet read: they come
# from the headers and the caller's `widths`.
#
# openpyxl writes the workbook around the rows (styles, title and header rows, column widths, print
# settings), but not the body rows: its write-only mode builds a cell object and an XML element for
# every value, about 15 µs a cell, most of a 200,000-row export. The body rows are XML of a fixed,
# simple form (a number, an inline text or a date, in one of three styles resolved once), so they are
# written as text straight into the sheet's part of the package openpyxl made.

def _stream_cell(ws, value, *, font, border=BORDER, alignment=None, fill=None):
    cell = WriteOnlyCell(ws, value=value)
    as_text_if_formula(cell)
    cell.font, cell.border = font, border
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    if isinstance(value, dt.date):
        cell.number_format = CN_DATE_FORMAT
    return cell


# Characters XML 1.0 cannot hold at all (openpyxl refuses them; they are dropped), and those that
# must be escaped; a carriage return is kept as a reference, which parsers do not turn into "\n".
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ROWS_PER_WRITE = 500


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_text(text: str) -> str:
    if _XML_SPECIAL.search(text) is None:
        return text
    return _escape(_XML_ILLEGAL.sub("", text))


class _RowWriter:
    """The <row> element of a body row, with the style indexes of the workbook's body cells:
    `plain` for numbers and text, `quoted` for a text Excel would take for a formula (Excel's text
    prefix, as `as_text_if_formula`), `dated` for a date in CN_DATE_FORMAT."""

    def __init__(self, ncols: int, *, plain: int, quoted: int, dated: int):
        self.letters = [get_column_letter(i) for i in range(1, ncols + 1)]
        self.plain, self.quoted, self.dated = f' s="{plain}"', f' s="{quoted}"', f' s="{dated}"'
        self.yes, self.no = _xml_text(_("是")), _xml_text(_("否"))

    def __call__(self, r: int, values: Sequence) -> str:
        out = [f'<row r="{r}">']
        add = out.append
        plain = self.plain
        for letter, value in zip(self.letters, values):
            kind = type(value)
            if kind is str:
                pass
            elif value is None:
                add(f'<c r="{letter}{r}"{plain}/>')
                continue
            elif kind is bool:
                value = self.yes if value else self.no
                add(f'<c r="{letter}{r}"{plain} t="inlineStr"><is><t>{value}</t></is></c>')
                continue
            elif isinstance(value, int):
                add(f'<c r="{letter}{r}"{plain}><v>{int(value)}</v></c>')
                continue
            elif isinstance(value, float):
                number = "%.16g" % value if math.isfinite(value) else ""  # as openpyxl: Excel has no NaN
                add(f'<c r="{letter}{r}"{plain}><v>{number}</v></c>' if number else f'<c r="{letter}{r}"{plain}/>')
                continue
            elif isinstance(value, dt.date):
                day = excel_date(value)
                serial = (day - _EXCEL_EPOCH).days if day >= dt.date(1900, 3, 1) else to_excel(day)
                add(f'<c r="{letter}{r}"{self.dated}><v>{serial}</v></c>')
                continue
            else:
                value = str(value)
            special = _XML_SPECIAL.search(value) is not None
            if special:
                value = _XML_ILLEGAL.sub("", value)
            if not value:
                add(f'<c r="{letter}{r}"{plain}/>')
                continue
            style = self.quoted if value.startswith(FORMULA_STARTS) else plain
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            if special:
                value = _escape(value)
            add(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
        add("</row>")
        return "".join(out)


def ledger_stream(target, *, title: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str,
                  numbered: bool = True, widths: dict[int, int] | None = None) -> int:
    """Write a ledger workbook (same layout as `ledger_sheet`) to `target`, a path or a binary file,
    reading `rows` once; returns the number of rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    all_headers = ([_("序号")] if numbered else []) + [str(h) for h in headers]
    ncols = len(all_headers)
    for i, header in enumerate(all_headers):
        forced = (widths or {}).get(i - (1 if numbered else 0))
        ws.column_dimensions[get_column_letter(i + 1)].width = forced or min(max(display_width(header) + 4, 12), MAX_WIDTH)
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if ncols > 1:
        ws.merged_cells.add(f"A1:{get_column_letter(ncols)}1")
    ws.row_dimensions[1].height = 30
    ws.append([_stream_cell(ws, title, font=TITLE_FONT, border=Border(),
                            alignment=Alignment(horizontal="center", vertical="center"))])
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([_stream_cell(ws, h, font=HEADER_FONT, alignment=header_align, fill=HEADER_FILL) for h in all_headers])
    # The body styles are registered in the workbook through cells that are never written.
    body_align = Alignment(vertical="center", wrap_text=True)
    plain = _stream_cell(ws, "", font=BODY_FONT, alignment=body_align)
    quoted = _stream_cell(ws, "=", font=BODY_FONT, alignment=body_align)
    dated = _stream_cell(ws, dt.date(2000, 1, 1), font=BODY_FONT, alignment=body_align)
    row_xml = _RowWriter(ncols, plain=plain.style_id, quoted=quoted.style_id, dated=dated.style_id)
    package = io.BytesIO()
    wb.save(package)

    n = 0
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if not info.filename.startswith("xl/worksheets/sheet"):
                out.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>")  # the title and header rows, then all after the rows
            part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            with out.open(part, "w") as sheet:  # a plain zip, as openpyxl makes it (up to 2 GB of sheet XML)
                sheet.write(head)
                chunk = []
                for n, row in enumerate(rows, start=1):
                    chunk.append(row_xml(n + 2, [n, *row] if numbered else row))
                    if len(chunk) == _ROWS_PER_WRITE:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write("".join(chunk).encode())
                sheet.write(b"</sheetData>" + tail)
    return n


def streamed_file_response(write, filename: str):
    """A download written by `write(file)` to a temporary file first (no workbook held in memory),
    then sent in chunks; the file is removed when the response is closed."""
    import tempfile

    from django.http import FileResponse

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write(handle)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    return response

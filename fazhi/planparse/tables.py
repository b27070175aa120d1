"""Tables of Word, Excel and web pages as plain grids of cell texts.

Pure Python (python-docx and openpyxl are imported lazily); shared by the plan
reader (task tables) and the rubric reader (考评细则).

A merged cell is resolved into every position it covers: its text is repeated
there, and the positions other than its top-left one are recorded as
*continuations*, so a reader can choose between "this category cell spans five
rows, apply it to all five" and "print it once"::

    from fazhi.planparse.tables import docx_blocks, xlsx_grids, html_grids, Grid
    for block in docx_blocks(data):
        if isinstance(block, Grid):
            for r, row in enumerate(block.rows):
                ...   # row is a list of str, all rows as wide as block.width
        else:
            ...       # a paragraph's text (Word's automatic numbering included)

Cell text keeps the cell's line breaks ("\\n" between paragraphs or ``<br>``),
each line stripped; no other normalisation is done here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterable, Iterator

__all__ = ["Grid", "docx_blocks", "docx_grids", "xlsx_grids", "html_blocks", "html_grids",
           "strip_template"]


@dataclass
class Grid:
    """A rectangular table: ``rows[r][c]`` is the text at row r, column c.

    ``continued`` maps each position covered by a merged cell, other than the
    cell's own top-left position, to that top-left position (its *origin*).
    ``name`` is the sheet name for Excel, "" otherwise.
    """

    rows: list[list[str]]
    continued: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    name: str = ""

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def is_continuation(self, row: int, col: int) -> bool:
        """Whether (row, col) repeats a merged cell that starts elsewhere."""
        return (row, col) in self.continued

    def origin(self, row: int, col: int) -> tuple[int, int]:
        """Top-left position of the (possibly merged) cell covering (row, col)."""
        return self.continued.get((row, col), (row, col))

    def cell(self, row: int, col: int) -> str:
        try:
            return self.rows[row][col]
        except IndexError:
            return ""

    @classmethod
    def from_spans(cls, rows: Iterable[Iterable[tuple[str, int, int]]], name: str = "") -> "Grid":
        """Build a grid from rows of ``(text, rowspan, colspan)`` as HTML lays
        them out: a cell goes into the first column its row leaves free; a
        rowspan reaching past the last row stops there, as in a browser."""
        taken: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        rows = list(rows)
        height = len(rows)
        for r, row in enumerate(rows):
            c = 0
            for text, rowspan, colspan in row:
                while (r, c) in taken:
                    c += 1
                rowspan, colspan = max(1, rowspan), max(1, colspan)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.setdefault((r + dr, c + dc), (text, (r, c)))
                c += colspan
        taken = {k: v for k, v in taken.items() if k[0] < height}
        return cls._from_taken(taken, height, name)

    @classmethod
    def _from_taken(cls, taken, height: int, name: str) -> "Grid":
        width = max((c + 1 for (_r, c) in taken), default=0)
        rows = [["" for _ in range(width)] for _ in range(height)]
        continued = {}
        for (r, c), (text, origin) in taken.items():
            rows[r][c] = text
            if origin != (r, c):
                continued[(r, c)] = origin
        return cls(rows=rows, continued=continued, name=name)

    def trimmed(self) -> "Grid":
        """The grid without trailing empty rows and columns."""
        height = len(self.rows)
        while height and not any(x.strip() for x in self.rows[height - 1]):
            height -= 1
        width = self.width
        while width and not any(len(r) >= width and r[width - 1].strip() for r in self.rows[:height]):
            width -= 1
        rows = [(r + [""] * width)[:width] for r in self.rows[:height]]
        continued = {k: v for k, v in self.continued.items() if k[0] < height and k[1] < width}
        return Grid(rows=rows, continued=continued, name=self.name)


def _clean_cell(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


# ------------------------------------------------------------------ Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open_docx(document):
    if isinstance(document, (bytes, bytearray)):
        import docx
        return docx.Document(io.BytesIO(bytes(document)))
    return document


def docx_blocks(document) -> Iterator[str | Grid]:
    """The body of a .docx in order: paragraph texts (str) and tables (Grid).

    ``document`` is a python-docx Document or the file's bytes (python-docx's
    own exceptions pass through for a broken file). Paragraphs inside content
    controls are included; a table nested in a cell contributes its text to
    that cell. Horizontal merges (gridSpan, gridBefore) and vertical merges
    (vMerge restart / continue) are resolved.
    """
    from docx.text.paragraph import Paragraph

    from .wordfile import _Numbering, _num_props

    doc = _open_docx(document)
    try:
        numbering = _Numbering(doc.part.numbering_part)
    except (NotImplementedError, KeyError, AttributeError):
        numbering = _Numbering(None)

    def para_text(p) -> str:
        paragraph = Paragraph(p, doc)
        text = paragraph.text
        props = _num_props(paragraph)
        if props and text.strip():
            text = numbering.label(*props) + text
        return text

    def walk(parent) -> Iterator[str | Grid]:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                yield para_text(child)
            elif child.tag == f"{_W}tbl":
                yield _docx_table(child, para_text)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from walk(content)

    yield from walk(doc.element.body)


def docx_grids(document) -> list[Grid]:
    """Only the tables of :func:`docx_blocks`."""
    return [b for b in docx_blocks(document) if isinstance(b, Grid)]


def _int_val(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(f"{_W}val", default))
    except (TypeError, ValueError):
        return default


def _cell_text(tc, para_text) -> str:
    parts: list[str] = []

    def collect(el):
        for child in el.iterchildren():
            if child.tag == f"{_W}p":
                parts.append(para_text(child))
            elif child.tag == f"{_W}tbl":   # nested table: row by row, cells by spaces
                for tr in child.iter(f"{_W}tr"):
                    parts.append(" ".join(_cell_text(c, para_text) for c in tr.iterchildren(f"{_W}tc")))
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    collect(content)

    collect(tc)
    return _clean_cell("\n".join(parts))


def _docx_table(tbl, para_text) -> Grid:
    taken: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    r = -1
    for tr in tbl.iterchildren(f"{_W}tr"):
        r += 1
        c = 0
        trpr = tr.find(f"{_W}trPr")
        if trpr is not None:
            c += _int_val(trpr.find(f"{_W}gridBefore"), 0)
        cells = []
        for child in tr.iterchildren():
            if child.tag == f"{_W}tc":
                cells.append(child)
            elif child.tag == f"{_W}sdt":   # a cell wrapped in a content control
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    cells.extend(content.iterchildren(f"{_W}tc"))
        for tc in cells:
            tcpr = tc.find(f"{_W}tcPr")
            span = 1
            vmerge = None
            if tcpr is not None:
                span = max(1, _int_val(tcpr.find(f"{_W}gridSpan"), 1))
                vm = tcpr.find(f"{_W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{_W}val", "continue")
            above = taken.get((r - 1, c))
            if vmerge == "continue" and above is not None:
                text, origin = above
                for dc in range(span):
                    up = taken.get((r - 1, c + dc), above)
                    taken[(r, c + dc)] = (up[0], up[1])
            else:
                text = _cell_text(tc, para_text)
                for dc in range(span):
                    taken[(r, c + dc)] = (text, (r, c))
            c += span
    return Grid._from_taken(taken, r + 1, "")


# ------------------------------------------------------------------ Excel (.xlsx)

def _excel_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 10)).rstrip("0").rstrip(".") if "e" not in repr(value) else str(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return _clean_cell(str(value))


def xlsx_grids(data: bytes) -> list[Grid]:
    """One Grid per worksheet (hidden ones included), named after the sheet,
    merged ranges resolved, trailing empty rows and columns dropped; cached
    values of formulas are read, numbers without a needless ".0"."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(bytes(data)), data_only=True)
    grids = []
    for ws in wb.worksheets:
        rows = [[_excel_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        continued = {}
        for rng in ws.merged_cells.ranges:
            r0, c0 = rng.min_row - 1, rng.min_col - 1
            text = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else ""
            for r in range(rng.min_row - 1, rng.max_row):
                while len(rows) <= r:
                    rows.append([])
                for c in range(rng.min_col - 1, rng.max_col):
                    while len(rows[r]) <= c:
                        rows[r].append("")
                    if (r, c) != (r0, c0):
                        rows[r][c] = text
                        continued[(r, c)] = (r0, c0)
        width = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (width - len(r)) for r in rows]
        grids.append(Grid(rows=rows, continued=continued, name=ws.title).trimmed())
    return grids


# ------------------------------------------------------------------ web pages

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>|<\?.*?\?>|\$\{[^}\n]*\}", re.S)


def strip_template(text: str) -> str:
    """Remove template directives a saved page may carry ({{ }}, {% %}, <% %>, ${ })."""
    return _TEMPLATE.sub("", text)


_BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt"}
_SKIP = {"script", "style", "template", "noscript", "head", "title", "iframe", "svg", "object"}


def _span(attrs: dict, name: str) -> int:
    try:
        return max(1, min(int(str(attrs.get(name) or "1").strip()), 1000))
    except ValueError:
        return 1


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str | Grid] = []
        self.text: list[str] = []           # text outside tables
        self.tables: list[dict] = []        # stack of tables being read
        self.skip = 0

    def _sink(self) -> list[str]:
        if self.tables:
            table = self.tables[-1]
            if table["cell"] is not None:
                return table["cell"][0]
            return []   # stray text between cells is dropped
        return self.text

    def _flush_text(self):
        for line in "".join(self.text).split("\n"):
            if line.strip():
                self.blocks.append(line.strip())
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            if not self.tables:
                self._flush_text()
            self.tables.append({"rows": [], "row": None, "cell": None})
        elif self.tables and tag == "tr":
            self._end_row()
            self.tables[-1]["row"] = []
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            self._end_cell()
            if table["row"] is None:
                table["row"] = []
            table["cell"] = ([], _span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag in _BREAKS:
            self._sink().append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag == "br":
            self._sink().append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            self._end_row()
            table = self.tables.pop()
            grid = Grid.from_spans(table["rows"]).trimmed()
            if self.tables:   # nested: its text joins the enclosing cell
                sink = self._sink()
                sink.append("\n" + "\n".join(" ".join(x for x in row if x) for row in grid.rows) + "\n")
            elif grid.height:
                self.blocks.append(grid)
        elif self.tables and tag in ("td", "th"):
            self._end_cell()
        elif self.tables and tag == "tr":
            self._end_row()
        elif tag in _BREAKS:
            self._sink().append("\n")

    def _end_cell(self):
        table = self.tables[-1]
        if table["cell"] is not None:
            parts, rowspan, colspan = table["cell"]
            if table["row"] is None:
                table["row"] = []
            table["row"].append((_clean_cell(re.sub(r"[ \t\u00a0]+", " ", "".join(parts))), rowspan, colspan))
            table["cell"] = None

    def _end_row(self):
        table = self.tables[-1]
        self._end_cell()
        if table["row"] is not None:
            table["rows"].append(table["row"])
            table["row"] = None

    def handle_data(self, data):
        if not self.skip:
            self._sink().append(data)

    def close(self):
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush_text()


def html_blocks(text: str) -> list[str | Grid]:
    """The page in order: lines of text outside tables (str) and tables (Grid).

    Scripts, styles and template directives are removed; rowspan/colspan are
    resolved; a table nested in a cell contributes its text to that cell.
    """
    parser = _TableParser()
    parser.feed(strip_template(text))
    parser.close()
    return parser.blocks


def html_grids(text: str) -> list[Grid]:
    """Only the tables of :func:`html_blocks`."""
    return [b for b in html_blocks(text) if isinstance(b, Grid)]

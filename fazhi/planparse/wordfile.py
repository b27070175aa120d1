"""Text of a .docx, with the labels Word generates from numbering.xml.

Auto-numbered paragraphs store no label in their text: the label is computed
from the paragraph's numbering properties, so it is rebuilt here (formats used
by Chinese official documents: decimal, chineseCounting, enclosed circles).
"""

from __future__ import annotations

import io
import re

from . import messages
from .errors import PlanParseError
from .officezip import check_office_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Counters per abstract numbering definition, advanced paragraph by paragraph."""

    def __init__(self, part):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.start_override: dict[tuple[str, int], int] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if part is None:
            return
        root = part.element
        for abstract in root.iter(f"{_W}abstractNum"):
            aid = abstract.get(f"{_W}abstractNumId")
            levels = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl.find(f"{_W}numFmt"), "decimal")
                text = _val(lvl.find(f"{_W}lvlText"), "")
                start = int(_val(lvl.find(f"{_W}start"), "1"))
                levels[ilvl] = (fmt, text, start)
            self.levels[aid] = levels
        for num in root.iter(f"{_W}num"):
            nid = num.get(f"{_W}numId")
            self.num_to_abstract[nid] = _val(num.find(f"{_W}abstractNumId"), "")
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    self.start_override[(nid, int(override.get(f"{_W}ilvl", "0")))] = int(_val(start, "1"))

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abstract.get(num_id)
        levels = self.levels.get(aid or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        fmt, text, start = levels[ilvl]
        start = self.start_override.get((num_id, ilvl), start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]   # a higher level restarts the ones below

        def repl(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            f = levels.get(k, (fmt, "", 1))[0]
            value = counters.get(k, levels.get(k, (f, "", 1))[2])
            return format_number(value, f)
        return re.sub(r"%(\d)", repl, text)


def _val(el, default: str) -> str:
    return el.get(f"{_W}val", default) if el is not None else default


def _num_props(paragraph) -> tuple[str, int] | None:
    ppr = paragraph._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None:
        style = paragraph.style
        while style is not None and num_pr is None:
            spr = style.element.pPr
            num_pr = spr.numPr if spr is not None else None
            style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return (num_id, int(ilvl)) if num_id != "0" else None


def docx_to_text(data: bytes) -> str:
    """Paragraph text of a .docx, one paragraph a line, labels rebuilt."""
    try:
        import docx
    except ImportError:   # the package is a declared dependency; keep a clear message
        raise PlanParseError(messages.BAD_DOCX) from None
    check_office_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:   # python-docx raises many kinds on a broken package
        raise PlanParseError(messages.BAD_DOCX) from exc
    from .tables import Grid, docx_blocks
    headings = {p.text for p in document.paragraphs if not _num_props(p) and is_bold_heading(p)}
    lines = []
    for block in docx_blocks(document):
        if isinstance(block, Grid):
            lines.extend(grid_lines(block))
            continue
        lines.append(block)
        if block in headings:
            lines.append("")   # a short bold paragraph reads as a heading: blank line after it
    return "\n".join(lines)


from .normalize import CELL_SEP  # noqa: E402



def grid_lines(grid) -> list[str]:
    """A table as text: one line per row, cells separated by " | "; a cell
    covered by a merged cell that starts above is left empty (printed once),
    line breaks inside a cell become spaces."""
    out = [""]
    # A serial-number column (序号) carries nothing: the row's first cell is then its task.
    first = grid.rows[0] if grid.rows else []
    drop = {c for c, x in enumerate(first) if x.strip() in ("序号", "编号", "序")}
    for r, row in enumerate(grid.rows):
        cells = ["" if grid.is_continuation(r, c) and grid.origin(r, c)[0] != r else
                 " ".join(row[c].split()) for c in range(len(row))]
        # A cell merged across columns is printed once.
        cells = [x for c, x in enumerate(cells)
                 if c not in drop and not (grid.is_continuation(r, c) and grid.origin(r, c)[0] == r)]
        if any(cells):
            out.append(CELL_SEP.join(cells))
    out.append("")
    return out


def is_bold_heading(paragraph) -> bool:
    """A short paragraph whose text is all bold (run or style)."""
    text = paragraph.text.strip()
    if not text or len(text) > 25:
        return False
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


"""read_bytes / read_text: a rubric file → :class:`Rubric`.

Every input becomes a sequence of *source rows* (a paragraph or a table row;
their 1-based position is the "line" of warnings): Word and web pages through
:mod:`fazhi.planparse.tables`, Excel one sheet after the other, text one line a
row. A header row gives each column its role; the rows under it become
categories and items. Text without a table is read either as a flattened
table (the header's words found, possibly split over lines) or as an outline
numbered 一、 / 1. / 1.1.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from .. import messages as plan_messages
from ..encoding import decode_bytes
from ..errors import PlanParseError
from ..labels import match_label
from ..normalize import normalize_chars
from ..numerals import cn_to_int
from ..tables import Grid, docx_blocks, html_blocks, xlsx_grids
from . import messages
from .model import Category, Item, Rubric, Warning
from .rules import looks_like_rule, parse_rules, points_cell, points_in

# ---------------------------------------------------------------- column roles

# Checked in order; the first role whose word the header cell contains wins.
ROLE_WORDS = [
    ("ignore", ("自评得分", "考评得分", "考核得分", "实际得分", "实得分", "得分", "扣分原因", "扣分情况", "备注",
                "自评情况", "考核结果", "检查结果", "结果", "自查情况", "完成情况")),
    ("rule", ("评分标准", "扣分办法", "评分细则", "评分办法", "扣分标准", "计分方法", "评分方法", "考核细则",
              "评分规则", "扣分细则", "考评标准", "考核标准", "评价标准", "考核办法", "考评办法", "计分办法")),
    ("bonus", ("加分值", "加分", "奖励分", "附加分")),
    ("points", ("分值", "标准分", "分数", "满分", "权重分", "基本分")),
    ("method", ("考核方法", "评估方式", "考评方法", "考核方式", "检查方法", "考评方式", "评估方法", "核查方式")),
    ("evidence", ("佐证材料", "备查材料", "佐证资料", "支撑材料", "印证材料", "查阅资料")),
    ("responsible", ("责任单位", "负责考核部门", "牵头单位", "责任部门", "责任科室", "考核部门", "牵头部门")),
    ("number", ("序号", "编号")),
    ("level2", ("二级指标", "考核要点", "考评要点")),
    ("text", ("考核内容", "考评内容", "工作要求", "评估内容", "三级指标", "指标内容", "考核要求", "工作内容",
              "评价内容", "考核指标", "具体内容", "内容")),
    ("category", ("一级指标", "考核项目", "考评项目", "评估项目", "类别", "项目", "指标")),
]
ALL_WORDS = sorted({w for _r, ws in ROLE_WORDS for w in ws}, key=len, reverse=True)


def role_of(cell: str) -> str | None:
    """Role of a header cell; the cell's lines are joined first ("分\\n值" → 分值)."""
    word = re.sub(r"[\s（）()]", "", cell)
    if not word or len(word) > 12:
        return None
    for role, words in ROLE_WORDS:
        if any(w in word for w in words):
            return role
    return None


_SUM_WORDS = re.compile(r"^(?:合\s*计|总\s*计|总\s*分|小\s*计|满\s*分)[:：]?$")
_DECLARED_TOTAL = re.compile(r"(?:满分|总分|共计|合计|总计)[为是:：]?\s*(\d+(?:\.\d+)?)\s*分")
_DECLARED_BONUS = re.compile(r"另设\s*(\d+(?:\.\d+)?)\s*分(?:的)?(?:加分|奖励分)|加分(?:项)?(?:最高|最多|不超过|上限为?)\s*(\d+(?:\.\d+)?)\s*分")
_TITLE_WORDS = re.compile(r"细则|标准|考核表|考评表|评估|指标|评分|考核办法|考评办法")
_FURNITURE = re.compile(r"[有无是否][\s]*[□☐]|[□☐■√]|_{2,}[人次个份项名天家%]*|＿{2,}[人次个份项名天家%]*")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})[.、．]?$")
_LEAD_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(?:[.、．]|\s+|(?=[\u4e00-\u9fff]))")
_PENALTY_CATEGORY = re.compile(r"扣分项|减分项|倒扣|扣分指标")
_BONUS_CATEGORY = re.compile(r"加分项|奖励分|附加分|加分指标")
_VETO_CATEGORY = re.compile(r"否决")
_CORE = "★☆"


def _clean(text: str) -> str:
    text = _FURNITURE.sub("", text or "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _listed(text: str) -> str | None:
    """A method / evidence / department cell: its lines are entries of a list."""
    return "、".join(_clean(text).split("\n")) or None


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


@dataclass
class SourceRow:
    """A paragraph (cells of one) or a table row, with the grid it came from."""

    line: int
    cells: list[str]
    grid: Grid | None = None
    index: int = 0      # row index in its grid

    @property
    def text(self) -> str:
        seen, out = set(), []
        for cell in self.cells:
            if cell and cell not in seen:
                seen.add(cell)
                out.append(cell)
        return " ".join(out)


# ---------------------------------------------------------------- entry points

def _kind(data: bytes, name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise PlanParseError(messages.UNREADABLE.format(reason="压缩包已损坏")) from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise PlanParseError(messages.UNSUPPORTED)
    if name.endswith((".docx", ".xlsx", ".doc", ".xls", ".pdf")):
        raise PlanParseError(messages.UNSUPPORTED if name.endswith((".doc", ".xls", ".pdf"))
                             else messages.UNREADABLE.format(reason="文件已损坏"))
    return "html" if name.endswith((".html", ".htm")) else "text"


def read_bytes(data: bytes, *, filename: str | None = None) -> Rubric:
    """Read an uploaded rubric: .docx / .xlsx by content, .html / .htm, or text."""
    data = bytes(data or b"")
    name = (filename or "").lower()
    kind = _kind(data, name)
    try:
        if kind == "docx":
            rows = _rows_from_blocks(docx_blocks(data))
        elif kind == "xlsx":
            rows = _rows_from_blocks(_xlsx_blocks(data))
        else:
            text = decode_bytes(data)
            if kind == "html" or re.search(r"<table[\s>]", text[:200000], re.I):
                rows = _rows_from_blocks(html_blocks(text))
            else:
                return read_text(text)
    except PlanParseError:
        raise
    except Exception as exc:   # a broken file must reach the user as a message
        raise PlanParseError(messages.UNREADABLE.format(reason=type(exc).__name__)) from exc
    return _safely(rows)


def _safely(rows: list[SourceRow]) -> Rubric:
    try:
        return _read_rows(rows)
    except PlanParseError:
        raise
    except Exception as exc:   # a reader bug must not reach the user as a traceback
        raise PlanParseError(plan_messages.INTERNAL) from exc


def read_text(text: str) -> Rubric:
    """Read rubric text: a flattened table or a numbered outline, one row a line."""
    if not isinstance(text, str) or not text.strip():
        raise PlanParseError(messages.NO_ITEMS)
    lines = normalize_chars(text).split("\n")
    rows = [SourceRow(n, [line.strip()]) for n, line in enumerate(lines, 1)]
    return _safely(rows)


def _xlsx_blocks(data: bytes):
    for grid in xlsx_grids(data):
        if grid.height:
            yield grid


def _rows_from_blocks(blocks) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for block in blocks:
        if isinstance(block, Grid):
            grid = Grid(rows=[[normalize_chars(c).strip() for c in row] for row in block.rows],
                        continued=block.continued, name=block.name)
            for r, cells in enumerate(grid.rows):
                rows.append(SourceRow(len(rows) + 1, cells, grid, r))
        else:
            rows.append(SourceRow(len(rows) + 1, [normalize_chars(block).strip()]))
    return rows


# ---------------------------------------------------------------- the builder

@dataclass
class _Builder:
    rubric: Rubric = field(default_factory=Rubric)
    category: Category | None = None
    stack: list[tuple[int, Item]] = field(default_factory=list)   # (depth, item)
    level2: Item | None = None
    last_item: Item | None = None
    declared_total: float | None = None
    declared_bonus: float | None = None
    total_line: int = 0

    def new_category(self, text: str, line: int) -> Category:
        label_obj = match_label(text)
        label = label_obj.text if label_obj else ""
        rest = text[len(label):].strip() if label_obj else text.strip()
        rest, base, bonus = points_in(rest)
        cat = Category(label=label, text=_one_line(rest), points=base, bonus_points=bonus, line=line, declared=base)
        self.rubric.categories.append(cat)
        self.category, self.stack, self.level2, self.last_item = cat, [], None, None
        return cat

    def ensure_category(self, line: int) -> Category:
        if self.category is None:
            cat = Category(label="", text="", line=line)
            self.rubric.categories.append(cat)
            self.category = cat
        return self.category

    def place(self, item: Item, depth: int) -> None:
        cat = self.ensure_category(item.line)
        while self.stack and self.stack[-1][0] >= depth:
            self.stack.pop()
        if self.stack:
            self.stack[-1][1].children.append(item)
        else:
            cat.items.append(item)
        self.stack.append((depth, item))
        self.last_item = item

    def note(self, text: str, line: int) -> None:
        m = _DECLARED_TOTAL.search(text)
        if m and self.declared_total is None:
            self.declared_total, self.total_line = float(m.group(1)), line
        m = _DECLARED_BONUS.search(text)
        if m and self.declared_bonus is None:
            self.declared_bonus = float(m.group(1) or m.group(2))


def _split_number(text: str) -> tuple[str, str]:
    """("1.1", "制度建设") from "1.1 制度建设"; ("2", "…") from "2.…" / "（2）…"."""
    m = _LEAD_NUMBER.match(text)
    if m:
        return m.group(1), text[m.end():].strip()
    label = match_label(text)
    if label and label.family in ("num", "pnum", "circ"):
        return str(label.ordinal) if label.family != "circ" else label.text, text[len(label.text):].strip()
    return "", text


def _depth(number: str) -> int:
    return number.count(".") + 1 if re.fullmatch(r"\d+(?:\.\d+)*", number or "") else 1


_SUB = re.compile(r"(?:^|(?<=[；;。\n]))\s*(?:(\d{1,2})[.、．](?!\d)|[（(](\d{1,2})[)）]|([①②③④⑤⑥⑦⑧⑨⑩]))")


def _sub_criteria(text: str) -> list[tuple[str, str]] | None:
    """"1.制定年度计划（3分）；2.按季度通报（2分）" → [("1", "制定年度计划（3分）"), …],
    when every piece carries its own points."""
    marks = list(_SUB.finditer(text))
    if len(marks) < 2 or marks[0].start() > 0 and text[:marks[0].start()].strip():
        return None
    pieces = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        body = text[m.end():end].strip(" ；;。\n")
        pieces.append((m.group(1) or m.group(2) or m.group(3), body))
    if not all(points_in(body)[1] is not None for _n, body in pieces):
        return None
    return pieces


def _make_item(*, number: str, text: str, points_text: str, rule_text: str, line: int,
               method: str = "", evidence: str = "", responsible: str = "", context: str = "",
               bonus_text: str = "") -> Item:
    text = _clean(text)
    core = any(c in text for c in _CORE) or any(c in number for c in _CORE)
    text = text.translate({ord(c): None for c in _CORE}).strip()
    number = number.translate({ord(c): None for c in _CORE}).strip()
    base, bonus = points_cell(points_text) if points_text.strip() else (None, None)
    if bonus_text.strip() and points_cell(bonus_text)[0] is not None:
        bonus = points_cell(bonus_text)[0]
    children: list[Item] = []
    subs = _sub_criteria(text)
    if subs:
        for sub_number, body in subs:
            child = _make_item(number=sub_number, text=body, points_text="", rule_text="", line=line, context=context)
            children.append(child)
        head = ""
    else:
        head = text
    rest, in_base, in_bonus = points_in(_one_line(head)) if head else ("", None, None)
    if base is None:
        base = in_base
    if not bonus:
        bonus = in_bonus
    rule_source = _clean(rule_text)
    if not rule_source and head:
        # No rule column: the scoring clauses are part of the requirement text.
        clauses = [c for c in re.split(r"(?<=[；;。])|\n", head) if c.strip()]
        rule_source = "".join(c for c in clauses if looks_like_rule(c))
    penalty = bool(_PENALTY_CATEGORY.search(context)) or (
        not base and not bonus and not children and bool(re.search(r"扣[\d.]+分", rule_source))
        and not re.search(r"每[^，,；;。]*?加|加[\d.]+分|一票否决", rule_source))
    rules = parse_rules(rule_source, penalty=penalty)
    if _BONUS_CATEGORY.search(context) and base and not bonus:
        base, bonus = 0.0, base
    item = Item(number=number, text=_one_line(rest) if rest else "", points=base, bonus_points=bonus or 0,
                rules=rules, method=_listed(method), evidence=_listed(evidence),
                responsible=_listed(responsible), core=core, children=children, line=line)
    if subs:
        item.text = _one_line(text)
    if not item.bonus_points:
        caps = [r.cap if r.cap is not None else r.add for r in rules if r.shape in ("bonus_per", "bonus")]
        if caps and all(c is not None for c in caps):
            item.bonus_points = sum(caps)
    _default_points(item)
    return item


def _default_points(item: Item) -> None:
    """Points of an item that prints none: its sub-criteria's sum, its best band,
    or 0 for a penalty, veto or bonus item (they lie outside the maximum)."""
    if item.points is not None:
        return
    if item.children:
        item.points = sum(c.points or 0 for c in item.children)
    elif any(r.shape == "bands" for r in item.rules):
        item.points = max(b["points"] for r in item.rules if r.shape == "bands" for b in r.bands)
    elif item.shapes & {"penalty", "veto", "bonus_per", "bonus"} or item.bonus_points:
        item.points = 0


# ---------------------------------------------------------------- tables

def _header(row: SourceRow) -> dict[int, str] | None:
    roles = {c: role_of(cell) for c, cell in enumerate(row.cells)}
    roles = {c: r for c, r in roles.items() if r}
    found = set(roles.values()) - {"ignore"}
    if len(found) >= 2 and found & {"text", "points", "rule", "level2", "category"}:
        if "text" not in found and "category" in found:
            # "考评项目" over the items themselves: the only content column is the text.
            roles = {c: ("text" if r == "category" else r) for c, r in roles.items()}
        return roles
    return None


def _read_rows(rows: list[SourceRow]) -> Rubric:
    b = _Builder()
    b.rubric.source_lines = [r.text for r in rows]
    header: dict[int, str] | None = None
    header_grid: Grid | None = None
    text_rows: list[SourceRow] = []
    found_header = False
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.grid is None:
            text_rows.append(row)
            i += 1
            continue
        if row.grid is not header_grid:
            # A table without a header of its own continues the previous one if as wide.
            if header is None or row.grid.width < max(header) + 1:
                header = None
            header_grid = row.grid
        if header is None:
            found = _header(row)
            if found is not None:
                header = found
                found_header = True
                # A two-row header: the second row names the columns under a merged
                # cell of the first ("分值" over "基本分" and "加分") or left blank.
                nxt = rows[i + 1] if i + 1 < len(rows) else None
                if nxt is not None and nxt.grid is row.grid and not any(_NUMBER.match(x or "") for x in nxt.cells):
                    second = {c: role_of(x) for c, x in enumerate(nxt.cells) if role_of(x) and x != row.cells[c]}
                    if second:
                        grid, r0 = row.grid, row.index
                        for c, role in second.items():
                            spans = any(grid.origin(r0, x) == (r0, c) and x != c for x in range(grid.width))
                            if c not in header or header[c] == "category" or grid.is_continuation(r0, c) or spans:
                                header[c] = role
                        i += 1
                _flush_text(b, text_rows, before_table=True)
                text_rows = []
            else:
                text_rows.append(SourceRow(row.line, [row.text]))
            i += 1
            continue
        _flush_text(b, text_rows, before_table=False)
        text_rows = []
        _table_row(b, row, header)
        i += 1
    if found_header:
        _flush_text(b, text_rows, before_table=False)
    else:
        _read_text_rows(b, text_rows)
    return _finish(b)


def _flush_text(b: _Builder, rows: list[SourceRow], *, before_table: bool) -> None:
    for row in rows:
        text = row.text.strip()
        if not text:
            continue
        if not b.rubric.title and before_table and _TITLE_WORDS.search(text) and len(text) <= 80:
            b.rubric.title = _one_line(text)
        b.note(text, row.line)
        if before_table and not b.rubric.categories:
            continue
        # A heading row between tables ("一、组织领导（20分）") opens a category.
        label = match_label(text)
        if label and label.family in ("cn", "di") and len(text) <= 40:
            b.new_category(text, row.line)


def _table_row(b: _Builder, row: SourceRow, header: dict[int, str]) -> None:
    grid, r = row.grid, row.index
    values: dict[str, str] = {}
    continued: dict[str, bool] = {}
    for c, cell in enumerate(row.cells):
        role = header.get(c)
        if role is None or role == "ignore":
            continue
        if role in values:
            if cell and cell not in values[role] and not grid.is_continuation(r, c):
                values[role] = (values[role] + "\n" + cell).strip()
            continue
        values[role] = cell
        continued[role] = grid.is_continuation(r, c) and grid.origin(r, c)[0] < r
    distinct = {x for x in row.cells if x}
    if not distinct:
        return
    if len(distinct) == 1 and len([x for x in row.cells if x]) == len(row.cells) and len(row.cells) > 1:
        # A row merged across the whole table: a heading or a note.
        text = next(iter(distinct))
        b.note(text, row.line)
        label = match_label(text)
        if label and label.family in ("cn", "di", "pcn"):
            b.new_category(text, row.line)
        return
    first = (values.get("category") or values.get("number") or values.get("text") or "").replace(" ", "")
    if _SUM_WORDS.match(first) or _SUM_WORDS.match(values.get("text", "").replace(" ", "")):
        base, _bonus = points_cell(values.get("points", ""))
        if base is not None and b.declared_total is None:
            b.declared_total, b.total_line = base, row.line
        return
    category = values.get("category", "")
    if category and not continued.get("category"):
        b.new_category(_one_line(category), row.line)
    level2 = values.get("level2", "")
    context = b.category.text if b.category else ""
    if level2 and not continued.get("level2"):
        number, text = _split_number(_one_line(level2))
        item = _make_item(number=number, text=text, points_text="", rule_text="", line=row.line, context=context)
        b.stack = []
        b.place(item, 1)
        b.level2 = item
    text = values.get("text", "")
    rule = values.get("rule", "")
    if continued.get("text") and b.last_item is not None:
        # The requirement spans several rows, each with a rule of its own.
        if rule and not continued.get("rule"):
            b.last_item.rules.extend(parse_rules(_clean(rule)))
        return
    if not text and not values.get("number"):
        if rule and b.last_item is not None and not continued.get("rule"):
            b.last_item.rules.extend(parse_rules(_clean(rule)))
        return
    number = values.get("number", "").strip()
    if number:
        number = _NUMBER.match(number).group(1) if _NUMBER.match(number) else number.rstrip(".、．")
        inner_number, inner_text = _split_number(text)
        if inner_number.startswith(number + "."):
            number, text = inner_number, inner_text
    else:
        number, text = _split_number(text)
    item = _make_item(number=number, text=text, points_text="" if continued.get("points") else values.get("points", ""),
                      rule_text="" if continued.get("rule") else rule, line=row.line,
                      method=values.get("method", ""), evidence=values.get("evidence", ""),
                      responsible=values.get("responsible", ""), context=context,
                      bonus_text="" if continued.get("bonus") else values.get("bonus", ""))
    depth = _depth(number) + (1 if b.level2 is not None else 0)
    b.place(item, depth)


# ---------------------------------------------------------------- text

_SPLIT = re.compile(r"\s{2,}|\t")


def _text_header(rows: list[SourceRow], i: int) -> tuple[list[str], int, bool] | None:
    """Roles of a header starting at row i (one word a line, a word possibly split
    over two lines, or the words on one line): (roles, next row, one line?)."""
    line = rows[i].text.strip()
    tokens = line.split()
    if len(tokens) >= 2 and all(role_of(t) for t in tokens):
        roles = [role_of(t) for t in tokens]
        if len(set(roles) - {"ignore"}) >= 2:
            return roles, i + 1, True
        return None
    roles, j = [], i
    while j < len(rows):
        cur = rows[j].text.strip()
        if cur and role_of(cur) and cur.replace(" ", "") in ALL_WORDS or (cur and role_of(cur) and len(cur) <= 6):
            roles.append(role_of(cur))
            j += 1
            continue
        if j + 1 < len(rows) and cur and len(cur) <= 4:
            joined = cur + rows[j + 1].text.strip()
            if role_of(joined) and len(joined) <= 8:
                roles.append(role_of(joined))
                j += 2
                continue
        break
    if len(set(roles) - {"ignore"}) >= 2 and "text" in roles:
        return roles, j, False
    return None


def _read_text_rows(b: _Builder, rows: list[SourceRow]) -> None:
    i = 0
    header = None
    while i < len(rows):
        if rows[i].text.strip():
            header = _text_header(rows, i)
            if header:
                break
        i += 1
    if header is None:
        b.rubric.warnings.append(Warning(messages.NO_HEADER, rows[0].line if rows else 0))
        _flush_text(b, [], before_table=True)
        return _read_outline(b, rows)
    roles, start, joined = header
    _flush_text(b, rows[:i], before_table=True)
    cols = [r for r in roles if r not in ("ignore", "category")]
    current: dict | None = None

    def flush():
        nonlocal current
        if current and current["values"].get("text"):
            v = current["values"]
            _text_item(b, v, current["line"])
        current = None

    for row in rows[start:]:
        line = row.text.strip()
        if not line:
            continue
        b.note(line, row.line)
        tokens = _SPLIT.split(line) if _SPLIT.search(line) else (line.split(" ") if joined else [line])
        tokens = [t for t in tokens if t.strip()]
        label = match_label(tokens[0])
        if label and label.family in ("cn", "di") and (len(tokens) == 1 or "category" in roles):
            flush()
            b.new_category(tokens[0], row.line)
            tokens = tokens[1:]
            if not tokens:
                continue
        if _SUM_WORDS.match(tokens[0].replace(" ", "")):
            flush()
            rest = [t for t in tokens[1:] if points_cell(t)[0] is not None]
            if rest and b.declared_total is None:
                b.declared_total, b.total_line = points_cell(rest[0])[0], row.line
            continue
        if current is not None and current["values"].get("text") and len(tokens) >= 2:
            flush()
        for tok in tokens:
            is_number = bool(_NUMBER.match(tok))
            if current is not None and current["values"].get("text"):
                k = current["k"]
                points_ahead = "points" in cols[k:] and "points" not in current["values"]
                if is_number and not points_ahead or (not is_number and _starts_item(tok) and "number" not in cols):
                    flush()
            if current is None:
                current = {"values": {}, "k": 0, "line": row.line}
            _assign(current, cols, tok)
    flush()


def _starts_item(tok: str) -> bool:
    return bool(_LEAD_NUMBER.match(tok)) or bool((lab := match_label(tok)) and lab.family in ("num", "pnum"))


def _assign(current: dict, cols: list[str], tok: str) -> None:
    values, k = current["values"], current["k"]
    while k < len(cols):
        role = cols[k]
        if role == "number" and not _NUMBER.match(tok):
            k += 1
            continue
        if role in ("points", "bonus") and points_cell(tok)[0] is None and points_cell(tok)[1] is None:
            k += 1
            continue
        break
    if k >= len(cols):
        target = "rule" if "rule" in cols else "text"
        values[target] = (values.get(target, "") + "；" + tok).strip("；")
        current["k"] = k
        return
    values[cols[k]] = tok
    current["k"] = k + 1


def _text_item(b: _Builder, v: dict, line: int) -> None:
    number = v.get("number", "")
    text = v["text"]
    if number:
        number = _NUMBER.match(number).group(1)
        inner_number, inner_text = _split_number(text)
        if inner_number.startswith(number + "."):
            number, text = inner_number, inner_text
    else:
        number, text = _split_number(text)
    item = _make_item(number=number, text=text, points_text=v.get("points", ""), rule_text=v.get("rule", ""),
                      line=line, method=v.get("method", ""), evidence=v.get("evidence", ""),
                      responsible=v.get("responsible", ""), context=b.category.text if b.category else "",
                      bonus_text=v.get("bonus", ""))
    b.place(item, _depth(number))


def _read_outline(b: _Builder, rows: list[SourceRow]) -> None:
    """Text without a header: 一、 opens a category, 1. / 1.1 / （1） an item; a
    scoring clause on a line of its own is a rule of the item above."""
    for row in rows:
        text = row.text.strip()
        if not text:
            continue
        b.note(text, row.line)
        label = match_label(text)
        if label and label.family in ("cn", "di"):
            b.new_category(text, row.line)
            continue
        number, rest = _split_number(text)
        if number and (label or _LEAD_NUMBER.match(text)):
            item = _make_item(number=number, text=rest, points_text="", rule_text="", line=row.line,
                              context=b.category.text if b.category else "")
            depth = _depth(number) if "." in number else (2 if label and label.family in ("pnum", "circ") else 1)
            b.place(item, depth)
        elif b.last_item is not None and looks_like_rule(text):
            b.last_item.rules.extend(parse_rules(text))
        elif not b.rubric.title and _TITLE_WORDS.search(text) and len(text) <= 80:
            b.rubric.title = text


# ---------------------------------------------------------------- checks

def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return str(int(x)) if float(x).is_integer() else str(round(x, 2))


def _check_numbers(items: list, warnings: list[Warning], key) -> None:
    """Duplicate numbers (within one responsible department) and gaps among siblings."""
    seen: set[tuple] = set()
    prev: int | None = None
    prev_number = ""
    for it in items:
        number = key(it)
        if not number:
            continue
        ident = (number, getattr(it, "responsible", None))
        if ident in seen:
            warnings.append(Warning(messages.DUPLICATE.format(number=number), it.line))
        seen.add(ident)
        last = _ordinal(number)
        if prev is not None and last is not None and last not in (prev, prev + 1, 1):
            warnings.append(Warning(messages.GAP.format(number=number, prev=prev_number), it.line))
        prev, prev_number = last, number


def _ordinal(number: str) -> int | None:
    tail = re.split(r"[.、．]", number.strip("、．. （）()"))[-1] if number else ""
    tail = tail.strip("（）()、．.")
    if tail.isascii() and tail.isdigit():
        return int(tail)
    if tail and tail in "①②③④⑤⑥⑦⑧⑨⑩":
        return "①②③④⑤⑥⑦⑧⑨⑩".index(tail) + 1
    return cn_to_int(tail) if tail else None


def _finish(b: _Builder) -> Rubric:
    rubric = b.rubric
    warnings = rubric.warnings
    rubric.categories = [c for c in rubric.categories if c.items or c.declared]
    if not any(c.items for c in rubric.categories):
        raise PlanParseError(messages.NO_ITEMS)

    def settle(items: list[Item]) -> None:
        for item in items:
            _default_points(item)
            if item.children:
                settle(item.children)
                total = sum(c.points or 0 for c in item.children)
                if item.points is None:
                    item.points = total
                elif item.points != total and any(c.points for c in item.children):
                    warnings.append(Warning(messages.CATEGORY_SUM.format(
                        name=f"{item.number} {item.text}".strip(), declared=_fmt(item.points), total=_fmt(total)), item.line))
            _check_numbers(item.children, warnings, lambda x: x.number)

    for cat in rubric.categories:
        settle(cat.items)
        _check_numbers(cat.items, warnings, lambda x: x.number)
        total = sum(i.points or 0 for i in cat.items)
        # A block repeated per responsible department: each block has the category's maximum.
        groups: dict = {}
        for i in cat.items:
            groups[i.responsible] = groups.get(i.responsible, 0) + (i.points or 0)
        if len(groups) > 1 and cat.declared is not None and all(v == cat.declared for v in groups.values()):
            total = cat.declared
        if cat.declared is not None and cat.items and cat.declared != total:
            warnings.append(Warning(messages.CATEGORY_SUM.format(
                name=f"{cat.label}{cat.text}", declared=_fmt(cat.declared), total=_fmt(total)), cat.line))
        cat.points = cat.declared if cat.declared is not None else total
    _check_numbers([c for c in rubric.categories if c.label], warnings, lambda c: c.label)
    for item in rubric.items():
        if item.points is None:
            warnings.append(Warning(messages.NO_POINTS.format(name=f"{item.number} {item.text}".strip()), item.line))
    sums = [c.points for c in rubric.categories if c.points is not None]
    rubric.total_points = sum(sums) if sums else None
    if b.declared_total is not None and rubric.total_points is not None and b.declared_total != rubric.total_points:
        warnings.append(Warning(messages.TOTAL_SUM.format(declared=_fmt(b.declared_total),
                                                          total=_fmt(rubric.total_points)), b.total_line))
    item_bonus = sum(i.bonus_points or 0 for i in rubric.items())
    cat_bonus = sum(c.bonus_points or 0 for c in rubric.categories)
    found_bonus = max(item_bonus, cat_bonus)
    if b.declared_bonus is not None:
        rubric.bonus_points = b.declared_bonus
        if found_bonus and found_bonus != b.declared_bonus:
            warnings.append(Warning(messages.BONUS_SUM.format(declared=_fmt(b.declared_bonus),
                                                              total=_fmt(found_bonus)), b.total_line))
    else:
        rubric.bonus_points = found_bonus or None
    warnings.sort(key=lambda w: w.line)
    return rubric

"""Task tables (责任分工): 工作任务 | 牵头处室 | 责任单位 | 完成时限.

A table reaches the text as one line per row with cells separated by " | "
(``wordfile.grid_lines``; a cell covered by a merged cell above is empty).  A
header row is recognised by its words; every following row with a task gives
one responsibility, an empty lead/responsible/due cell repeating the row above
(a merged cell).  ``due`` is the ISO (or truncated ISO) end of what the 完成时限
cell names ("于2024年6月底前完成" → 2024-06-30, "2024年9月" → 2024-09), None when it
names no date ("长期坚持"); a dated row also gives a deadline.
"""

from __future__ import annotations

import re

from .. import messages
from ..model import Deadline, Responsibility
from ..normalize import CELL_SEP
from .dates import find_dates

_ROLES = [
    ("task", re.compile(r"任务|工作内容|工作事项|事项|内容|措施|举措")),
    ("lead", re.compile(r"牵头")),
    ("responsible", re.compile(r"责任|配合|参与|承办|落实单位|实施单位")),
    ("due", re.compile(r"时限|时间|期限|进度|完成时")),
]
_REL_DUE = re.compile(r"(年底|年末|年内|上半年|下半年|第?([一二三四1-4])季度)")
_QUARTER_END = {"一": "03-31", "二": "06-30", "三": "09-30", "四": "12-31",
                "1": "03-31", "2": "06-30", "3": "09-30", "4": "12-31"}


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("|")]


def _header(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for col, cell in enumerate(cells):
        if len(cell) > 12:
            return None   # header cells are short words
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(cell) and not (role == "task" and "牵头" in cell):
                roles[role] = col
                break
    if "task" in roles and len(roles) >= 2:
        return roles
    return None


def due_date(cell: str, year: int | None) -> str | None:
    """ISO (or truncated ISO) date of a 完成时限 cell: the end of what it names."""
    refs = find_dates(cell)
    if refs:
        last = refs[-1]
        if last.month is None:
            return None
        return last.iso_end(year)
    m = _REL_DUE.search(cell)
    if not m:
        return None
    if m.group(2):
        tail = _QUARTER_END[m.group(2)]
    elif m.group(1) == "上半年":
        tail = "06-30"
    else:
        tail = "12-31"
    return f"{year:04d}-{tail}" if year else f"--{tail}"


def task_rows(lines: list[str]) -> set[int]:
    """Indexes (0-based) of task-table rows whose first cell is the task: they
    become outline items of their own (each row is a task to assign)."""
    rows: set[int] = set()
    roles = None
    for i, line in enumerate(lines):
        if CELL_SEP not in line:
            roles = None
            continue
        cells = _cells(line)
        header = _header(cells)
        if header:
            roles = header
        elif roles is not None and roles["task"] == 0 and cells[0]:
            rows.add(i)
    return rows


def extract_responsibilities(lines: list[str], year: int | None, warnings: list[str]
                             ) -> tuple[list[Responsibility], list[Deadline]]:
    found: list[Responsibility] = []
    deadlines: list[Deadline] = []
    roles: dict[str, int] | None = None
    previous: dict[str, str | None] = {}
    for number, line in enumerate(lines, 1):
        if CELL_SEP not in line:
            roles = None
            continue
        cells = _cells(line)
        header = _header(cells)
        if header:
            roles, previous = header, {}
            continue
        if roles is None:
            continue

        def cell(role: str) -> str | None:
            col = roles.get(role)
            if col is None or col >= len(cells):
                return None
            return cells[col] or None

        task = cell("task")
        if not task:
            continue
        values = {}
        for role in ("lead", "responsible", "due"):
            values[role] = cell(role) or previous.get(role)
        previous = values
        iso = due_date(values["due"], year) if values["due"] else None
        found.append(Responsibility(task, values["lead"], values["responsible"], iso, number))
        if iso:
            if iso.startswith("--") and year is None:
                warnings.append(messages.YEAR_UNKNOWN.format(line=number, text=values["due"]))
            deadlines.append(Deadline(iso, task, None, values["responsible"] or values["lead"], number))
    return found, deadlines

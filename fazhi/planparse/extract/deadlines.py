"""Deadlines: "于5月15日前报市卫生计生委行政审批科", "于10月底前完成…"."""

from __future__ import annotations

import re

from .. import messages
from ..model import Deadline
from .dates import DATE, _from_match
from .text import sentences, split_outside_brackets

_BEFORE = re.compile(rf"(?:须于|务必于|请于|应于|要于|需于|于|在|截至|截止到?)?\s*(?:{DATE.pattern})\s*(?:前|之前|以前)")
_SEND = re.compile(r"^(?:报送至?|上报至?|报至|报|送交?至?|提交至?|交至?|反馈至?|抄送)(?=[\u4e00-\u9fff])")
_OBJECT = re.compile(r"(?:将|把)(.+)$")


def extract_deadlines(lines: list[str], year: int | None, warnings: list[str]) -> list[Deadline]:
    found: list[Deadline] = []
    for number, sentence in sentences(lines):
        for clause in split_outside_brackets(sentence.rstrip("。；;"), "，,；;"):
            for m in _BEFORE.finditer(clause):
                inner = DATE.search(m.group(0))
                ref = _from_match(inner) if inner else None
                if ref is None or ref.month is None:
                    continue
                if ref.year_hidden:
                    warnings.append(messages.YEAR_HIDDEN.format(line=number, text=ref.text))
                elif ref.needs_year and year is None:
                    warnings.append(messages.YEAR_UNKNOWN.format(line=number, text=ref.text))
                found.append(_deadline(clause, m, ref.iso(year, end_of_month=True), number))
    return found


def _deadline(clause: str, m: re.Match, iso: str | None, number: int) -> Deadline:
    before = clause[:m.start()].strip()
    after = clause[m.end():].strip()
    to = None
    send = _SEND.match(after)
    obj = _OBJECT.search(before)
    who = None
    if send:
        to = after[send.end():].strip() or None
        what = obj.group(1).strip() if obj else before
        if obj:
            who = before[:obj.start()].strip() or None
    else:
        what = after
        who = before or None
    if who:
        who = re.sub(r"^(?:并|且|同时)", "", who).strip() or None
    return Deadline(iso, what, to, who, number)

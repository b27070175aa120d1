"""Attachments (附件) and the units the plan names as responsible."""

from __future__ import annotations

import re

from ..labels import match_label
from ..model import Deadline, Quota
from .text import split_outside_brackets

_ATTACH_HEAD = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?\s*")
_RESPONSIBLE = re.compile(r"(?:责任单位|牵头单位|配合单位|协办单位|承办单位|责任部门|牵头部门|责任科室|牵头科室)\s*[:：]\s*([^。；;]+)")


def extract_attachments(tail: list[str]) -> list[str]:
    """Titles listed after 附件: (one per numbered line, or a single title)."""
    out: list[str] = []
    active = False
    for line in tail:
        head = _ATTACH_HEAD.match(line)
        if head:
            active = True
            rest = line[head.end():].strip()
        elif active:
            rest = line.strip()
        else:
            continue
        label = match_label(rest)
        if label:
            rest = rest[len(label.text):].strip()
        elif not head and out:
            break   # an unnumbered line after a numbered list ends it
        if rest:
            out.append(rest)
    return out


def extract_units(lines: list[str], deadlines: list[Deadline], quotas: list[Quota],
                  responsibilities: list = ()) -> list[str]:
    """Units named as responsible: 责任单位/牵头单位 lists, recipients of
    deadlines, and institutions listed as a quota's scope."""
    names: list[str] = []
    for line in lines:
        for m in _RESPONSIBLE.finditer(line):
            names.extend(split_outside_brackets(m.group(1), "、，,和及"))
    names.extend(d.to for d in deadlines if d.to)
    for r in responsibilities:
        for value in (r.lead, r.responsible):
            if value:
                names.extend(split_outside_brackets(value, "、，,和及"))
    for q in quotas:
        parts = split_outside_brackets(q.scope, "、和")
        if len(parts) > 1:   # a list of named institutions, not "各县（市、区）"
            names.extend(parts)
    seen: dict[str, None] = {}
    for name in names:
        name = re.sub(r"^(?:委直|市直|县直)", "", name.strip())
        if 2 <= len(name) <= 30:
            seen.setdefault(name, None)
    return list(seen)

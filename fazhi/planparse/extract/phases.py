"""Phases: the children of a "实施步骤 / 时间安排 / 方法步骤" section whose
headings name stages (…阶段, …环节, …进度), or any heading ending in 阶段."""

from __future__ import annotations

import re

from .. import messages
from ..model import Node, Phase
from .dates import find_range

_SECTION = re.compile(r"(步骤|时间安排|时间进度|进度安排|阶段安排|工作进度|实施阶段|工作安排|日程安排|方法步骤)")
_STAGE = re.compile(r"(阶段|环节|进度)[。.]?$|^第[一二三四五六七八九十]+阶段")
_PAREN = re.compile(r"[（(][^（）()]*[)）]$")


def _name(heading: str) -> str:
    name = heading.rstrip("。.；;：: ")
    # "部署动员阶段（2018年5月2日至5月15日）": the dates are not the name.
    bare = _PAREN.sub("", name).strip()
    return bare or name


def _is_stage(node: Node) -> bool:
    return bool(_STAGE.search(_name(node.heading)))


def extract_phases(nodes: list[Node], year: int | None, warnings: list[str]) -> list[Phase]:
    phases: list[Phase] = []
    seen: set[int] = set()
    for node in _walk(nodes):
        if _SECTION.search(node.heading) and node.children:
            stages = [c for c in node.children if _is_stage(c)]
            if stages and len(stages) * 2 >= len(node.children):
                for child in node.children:
                    seen.add(id(child))
                    phases.append(_phase(child, year, warnings))
                continue
        if id(node) not in seen and _name(node.heading).endswith("阶段") \
                and find_range(node.heading + node.text.split("\n")[0][:40]):
            seen.add(id(node))
            phases.append(_phase(node, year, warnings))
    phases.sort(key=lambda p: p.line)
    return phases


def _walk(nodes: list[Node]):
    for node in nodes:
        yield from node.walk()


def _phase(node: Node, year: int | None, warnings: list[str]) -> Phase:
    line = node.lines[0]
    # Dates are in the heading's brackets or open the first sentence.
    source = node.heading
    found = find_range(source)
    if not found:
        first = re.split(r"[。；;]", node.text, maxsplit=1)[0]
        head = re.split(r"[，,]", first, maxsplit=1)[0]
        found = find_range(head)
    start = end = None
    if found:
        a, b = found
        for ref in (a, b):
            if ref is None:
                continue
            if ref.year_hidden:
                warnings.append(messages.YEAR_HIDDEN.format(line=line, text=ref.text))
            elif ref.needs_year and year is None:
                warnings.append(messages.YEAR_UNKNOWN.format(line=line, text=ref.text))
        start = a.iso(year)
        end = b.iso(year, end_of_month=True) if b else None
    return Phase(_name(node.heading), start, end, line)

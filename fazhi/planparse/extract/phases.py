"""Phases of a plan, in the shapes plans use:

* the children of a schedule section (进度安排, 工作步骤, 实施步骤, 时间安排, 方法步骤 …)
  when at least half of them carry a date or name a stage;
* headings labelled 第一阶段： / 第一步：;
* headings named in an announcing sentence ("分宣传发动、集中整治、巩固提升三步进行");
* two or more consecutive sibling headings carrying a bracketed date;
* any other heading ending in 阶段 with a date.

Dates come from the heading, else the first sentence of the text, else the first
"…前" (the end) or "自…起" (the start) in the text.  "（2022年5月底前）" is the end,
"即日起至6月30日" ends on June 30, "5月上旬" runs from the 1st to the 10th.
"""

from __future__ import annotations

import re

from .. import messages
from ..model import Node, Phase
from .dates import DateRef, find_dates, range_end

_SECTION = re.compile(r"(步骤|时间安排|时间进度|进度安排|阶段安排|工作进度|实施阶段|工作安排|日程安排|方法步骤|"
                      r"实施进度|推进步骤|时间节点|进度要求)")
# Sections that are a schedule whatever their items are called; a "工作安排" may
# as well list tasks, so there the items must name stages.
_SCHEDULE = re.compile(r"步骤|时间安排|时间进度|进度安排|工作进度|实施进度|时间节点|进度要求")
_STAGE = re.compile(r"(阶段|环节|进度)[。.]?$|^第[一二三四五六七八九十]+(?:阶段|步)")
_PAREN = re.compile(r"[（(][^（）()]*[)）]")
_ANNOUNCE = re.compile(r"分(?:为|成)?((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8})(?:等)?"
                       r"[两二三四五六七八九\d]个?(?:阶段|步|步骤)")
_END_MARK = re.compile(r"\s*(?:底|末)?\s*(?:前|之前|以前|完成|结束|止)")
_START_MARK = re.compile(r"\s*(?:起|开始|启动)")


def _name(node: Node) -> str:
    name = node.heading.rstrip("。.；;：: ")
    # "部署动员阶段（2018年5月2日至5月15日）": the dates are not the name.
    bare = _PAREN.sub("", name).strip().lstrip("：: ").strip()
    # "第一阶段（3月-4月）：自查自纠" inside a （一） item: the stage's name follows.
    bare = re.sub(r"^第[一二三四五六七八九十\d]{1,3}(?:阶段|步)\s*[：:、，,]\s*(?=\S)", "", bare)
    if not bare and node.family == "stage":
        return node.label.rstrip("：:、，, ")
    return bare or name


def _is_stage(node: Node) -> bool:
    return node.family == "stage" or bool(_STAGE.search(_name(node)))


def _bracket_date(node: Node) -> bool:
    return any(find_dates(m.group(0)) for m in _PAREN.finditer(node.heading))


def _has_date(node: Node) -> bool:
    return bool(find_dates(node.heading) or find_dates(_first_sentence(node.text)))


def _first_sentence(text: str) -> str:
    return re.split(r"[。；;\n]", text, maxsplit=1)[0]


def announced_names(lines: list[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        if "分" not in line:
            continue
        for m in _ANNOUNCE.finditer(line):
            names.extend(m.group(1).split("、"))
    return names


def extract_phases(nodes: list[Node], year: int | None, warnings: list[str],
                   lines: list[str] | None = None, doc_date: str | None = None) -> list[Phase]:
    names = announced_names(lines or [])
    chosen: list[Node] = []
    _choose(nodes, None, names, chosen)
    phases = [_phase(node, year, warnings, doc_date) for node in chosen]
    phases.sort(key=lambda p: p.line)
    return phases


def _choose(siblings: list[Node], parent: Node | None, names: list[str], chosen: list[Node]) -> None:
    picked: set[int] = set()
    if parent is not None and len(siblings) >= 2 and _SECTION.search(parent.heading) \
            and not any(_SECTION.search(c.heading) and not _is_stage(c) for c in siblings):
        # Steps are named in a few words; a sentence with a date is a task.
        dated_ok = bool(_SCHEDULE.search(parent.heading))
        marked = [c for c in siblings if _is_stage(c) or
                  (dated_ok and _has_date(c) and len(_PAREN.sub("", _name(c))) <= 12)]
        if len(marked) * 2 >= len(siblings):
            picked = {id(c) for c in siblings}
    if not picked:
        picked = {id(c) for c in siblings if c.family == "stage"}
    if not picked and names:
        hits = [c for c in siblings if any(_name(c).startswith(n) for n in names)]
        if len(hits) >= 2:
            picked = {id(c) for c in hits}
    if not picked:
        run: list[Node] = []
        for c in siblings + [None]:
            if c is not None and _bracket_date(c):
                run.append(c)
                continue
            if len(run) >= 2:
                picked.update(id(n) for n in run)
            run = []
    for c in siblings:
        if id(c) in picked:
            chosen.append(c)
        elif _name(c).endswith("阶段") and (find_dates(c.heading) or
                                            find_dates(c.text.split("\n")[0][:40])):
            chosen.append(c)
        else:
            _choose(c.children, c, names, chosen)


def span(text: str, *, body: bool = False) -> tuple[DateRef | None, DateRef | None]:
    """(start, end) of a phase from the text that dates it."""
    refs = find_dates(text)
    if not refs:
        return None, None
    first = refs[0]
    end = range_end(text, first)
    if end is not None:
        return first, end
    before = text[max(0, first.start - 3):first.start]
    after = text[first.end:]
    if _END_MARK.match(after) or re.search(r"(?:至|到|止于)\s*$", before):
        return None, first
    if re.search(r"(?:自|从|于)\s*$", before) and _START_MARK.match(after):
        later = next((r for r in refs[1:] if _END_MARK.match(text[r.end:])), None)
        return first, later
    if body:
        return first, None
    return first, first


def _phase(node: Node, year: int | None, warnings: list[str], doc_date: str | None) -> Phase:
    line = node.lines[0]
    start, end = span(node.heading)
    if start is None and end is None:
        start, end = span(_first_sentence(node.text), body=True)
        if start is not None and end is None:
            end = start
    if start is None and end is None:
        # A date in the body: "…于2021年4月底前报市局" sets the end, "自5月起" the start.
        for sentence in re.split(r"[。；;\n]", node.text):
            s, e = span(sentence, body=True)
            if e is not None or s is not None:
                start, end = (None, e) if e is not None else (s, None)
                break
    for ref in (start, end):
        if ref is None:
            continue
        if ref.year_hidden:
            warnings.append(messages.YEAR_HIDDEN.format(line=line, text=ref.text))
        elif ref.needs_year and year is None:
            warnings.append(messages.YEAR_UNKNOWN.format(line=line, text=ref.text))
    iso_start = start.iso_start(year) if start else None
    if iso_start is None and re.search(r"即日起|即日开始", node.heading + _first_sentence(node.text)):
        iso_start = doc_date
    return Phase(_name(node), iso_start, end.iso_end(year) if end else None, line)

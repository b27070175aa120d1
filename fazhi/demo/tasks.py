"""The two task lists of seed 002 (行政部门 / 机构), numbered exactly as the plan prints them.

They are read from the plan text that ships with the demo rather than retyped, so that
labels and wording cannot drift from the source document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.campaigns.models import Campaign, Phase, Task
from fazhi.campaigns.services import task_create
from fazhi.seeds import seed_path
from fazhi.org.choices import UnitKind

PLAN_FILE = seed_path("002")

SECTION_START = "二、主要任务"
SECTION_END = "（三）开展法治创建示范点建设"

_LABELS = [
    (1, re.compile(r"^([一二三四五六七八九十]+、)(.*)$")),
    (2, re.compile(r"^(（[一二三四五六七八九十]+）)(.*)$")),
    (3, re.compile(r"^(\d+、)(.*)$")),
    (4, re.compile(r"^(（\d+）)(.*)$")),
]

# The list a second-level heading starts, and the unit kind it is written for.
LIST_KINDS = {"（一）": UnitKind.ADMIN_DEPT, "（二）": UnitKind.INSTITUTION}


@dataclass
class Item:
    """One numbered paragraph of the plan."""

    label: str
    heading: str
    text: str
    level: int
    children: list["Item"] = field(default_factory=list)


def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


def _split(rest: str) -> tuple[str, str]:
    """First sentence as the heading, the rest as the text: "规范组织领导工作。" → heading only."""
    rest = rest.strip()
    head, sep, tail = rest.partition("。")
    if not sep:
        return rest, ""
    return head, tail.strip()


def task_lists(text: str | None = None) -> Item:
    """The "二、主要任务" section as a tree: 二、 → （一）（二） → 1、 → （1）."""
    lines = (text or plan_text()).splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == SECTION_START)
    end = next(i for i, line in enumerate(lines) if line.strip().startswith(SECTION_END))
    stack: list[Item] = []
    root = None
    for line in lines[start:end]:
        line = line.strip()
        if not line:
            continue
        for level, pattern in _LABELS:
            match = pattern.match(line)
            if match:
                break
        else:
            raise ValueError(f"unnumbered line in the task lists: {line[:30]}")
        heading, body = _split(match.group(2))
        item = Item(label=match.group(1), heading=heading, text=body, level=level)
        while stack and stack[-1].level >= level:
            stack.pop()
        if stack:
            stack[-1].children.append(item)
        else:
            root = item
        stack.append(item)
    return root


@dataclass
class DemoTasks:
    """The tasks to assign: the "1、" items of each list, by the unit kind the list is for."""

    by_kind: dict[str, list[Task]] = field(default_factory=dict)
    count: int = 0


def tasks_create(actor, campaign: Campaign, phase: Phase) -> DemoTasks:
    result = DemoTasks(by_kind={kind: [] for kind in LIST_KINDS.values()})

    def walk(item: Item, parent: Task | None, order: int, kinds: list[str]) -> None:
        kinds = [LIST_KINDS[item.label]] if item.level == 2 and item.label in LIST_KINDS else kinds
        task = Task.objects.filter(campaign=campaign, parent=parent, label=item.label).first()
        if task is None:
            task = task_create(actor=actor, campaign=campaign, label=item.label, heading=item.heading, text=item.text,
                               parent=parent, order=order, level=item.level, applies_to=kinds, phase=phase)
        result.count += 1
        if item.level == 3:
            result.by_kind[kinds[0]].append(task)
        for i, child in enumerate(item.children, start=1):
            walk(child, task, i, kinds)

    walk(task_lists(), None, 2, list(LIST_KINDS.values()))
    return result

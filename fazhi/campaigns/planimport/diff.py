"""What a revised plan changes in a campaign's task tree: added, removed and changed tasks.

Tasks are matched level by level: the children of two matched tasks (or the two lists of
roots) are paired by the similarity of their headings and text, with a bonus for the same
label. Matching by label alone would call every task after an inserted item "changed",
because the plan renumbers them; matching by similarity sees the insertion and a
renumbered label as what it is. A pair below the threshold is a removal plus an addition.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Count

from fazhi.campaigns.models import Assignment, Campaign, Task

THRESHOLD = 0.55
LABEL_BONUS = 0.1
FIELDS = ("label", "heading", "text")


@dataclass
class OldNode:
    task: Task
    children: list["OldNode"] = field(default_factory=list)
    assigned: int = 0  # assignments of this task and its descendants

    @property
    def values(self) -> dict:
        return {f: getattr(self.task, f) for f in FIELDS}


@dataclass
class Entry:
    """One line of the report: a task added, removed or changed."""

    kind: str  # "added" | "removed" | "changed"
    path: str  # labels from the root, as printed: 二、（一）1、（1）
    old: dict | None = None
    new: dict | None = None
    fields: list[str] = field(default_factory=list)
    assigned: int = 0

    @property
    def kept(self) -> bool:
        return self.kind == "removed" and self.assigned > 0


@dataclass
class PlanDiff:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    fingerprint: str = ""
    # id(new node dict) -> the OldNode it matches; used when the diff is applied
    matches: dict = field(default_factory=dict)
    unmatched_old: dict = field(default_factory=dict)  # id(parent new node) or None -> [OldNode]
    roots: list[OldNode] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def kept(self) -> list[Entry]:
        return [e for e in self.removed if e.kept]


def _norm(s: str) -> str:
    return "".join((s or "").split())


def similarity(old: dict, new: dict) -> float:
    oh, nh = _norm(old["heading"]), _norm(new.get("heading", ""))
    ot, nt = _norm(old["text"])[:300], _norm(new.get("text", ""))[:300]
    if oh == nh and ot == nt:
        return 2.0
    h = SequenceMatcher(None, oh, nh, autojunk=False).ratio() if (oh or nh) else 1.0
    t = SequenceMatcher(None, ot, nt, autojunk=False).ratio() if (ot or nt) else 1.0
    bonus = LABEL_BONUS if _norm(old["label"]) == _norm(new.get("label", "")) else 0.0
    return 0.75 * h + 0.25 * t + bonus


def match_siblings(old: list[OldNode], new: list[dict]) -> list[tuple[OldNode, dict]]:
    """Pairs (old, new), best first, each node used once; ties go to the nearer position."""
    scored = []
    for i, o in enumerate(old):
        values = o.values
        for j, n in enumerate(new):
            s = similarity(values, n)
            if s >= THRESHOLD:
                scored.append((s, -abs(i - j), i, j))
    scored.sort(reverse=True)
    used_old, used_new, pairs = set(), set(), []
    for _s, _d, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j]))
    return pairs


def task_forest(campaign: Campaign) -> list[OldNode]:
    """The campaign's tasks as a tree with assignment counts per subtree: two queries."""
    tasks = list(Task.objects.filter(campaign=campaign).order_by("sort_key", "id"))
    counts = dict(Assignment.objects.filter(task__campaign=campaign).values_list("task").annotate(n=Count("id")))
    nodes = {t.pk: OldNode(task=t, assigned=counts.get(t.pk, 0)) for t in tasks}
    roots = []
    for t in tasks:
        (nodes[t.parent_id].children if t.parent_id in nodes else roots).append(nodes[t.pk])

    def total(node: OldNode) -> int:
        node.assigned += sum(total(c) for c in node.children)
        return node.assigned

    for r in roots:
        total(r)
    return roots


def fingerprint(roots: list[OldNode], plan: dict) -> str:
    """Identifies the task tree and the revised plan that a preview showed."""
    rows = []

    def walk(nodes):
        for n in nodes:
            t = n.task
            rows.append([t.pk, t.parent_id, t.label, t.heading, t.text, t.order, n.assigned])
            walk(n.children)

    walk(roots)
    payload = json.dumps([rows, plan.get("outline") or []], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _values(node: dict) -> dict:
    return {f: node.get(f, "") or "" for f in FIELDS}


def plan_diff(*, campaign: Campaign, plan: dict) -> PlanDiff:
    """Differences between the campaign's task tree and the outline of a revised plan."""
    roots = task_forest(campaign)
    diff = PlanDiff(roots=roots, fingerprint=fingerprint(roots, plan))

    def added(nodes: list[dict], prefix: str):
        for n in nodes:
            path = prefix + (n.get("label") or "")
            diff.added.append(Entry("added", path, new=_values(n)))
            added(n.get("children") or [], path)

    def removed(nodes: list[OldNode], prefix: str):
        for o in nodes:
            path = prefix + o.task.label
            diff.removed.append(Entry("removed", path, old=o.values, assigned=o.assigned))
            removed(o.children, path)

    def walk(old: list[OldNode], new: list[dict], parent_key, old_prefix: str, new_prefix: str):
        pairs = match_siblings(old, new)
        matched_new = {id(n): o for o, n in pairs}
        matched_old = {id(o) for o, _n in pairs}
        for n in new:
            o = matched_new.get(id(n))
            path = new_prefix + (n.get("label") or "")
            if o is None:
                diff.added.append(Entry("added", path, new=_values(n)))
                added(n.get("children") or [], path)
                continue
            diff.matches[id(n)] = o
            before, after = o.values, _values(n)
            changed = [f for f in FIELDS if _norm(before[f]) != _norm(after[f])]
            if changed:
                diff.changed.append(Entry("changed", path, old=before, new=after, fields=changed, assigned=o.assigned))
            walk(o.children, n.get("children") or [], id(n), old_prefix + o.task.label, path)
        gone = [o for o in old if id(o) not in matched_old]
        diff.unmatched_old[parent_key] = gone
        removed(gone, old_prefix)

    walk(roots, plan.get("outline") or [], None, "", "")
    return diff

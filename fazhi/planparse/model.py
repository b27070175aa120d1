"""The structured plan: dataclasses and their JSON form ("fazhi.plan/1")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "fazhi.plan/1"


@dataclass
class Node:
    """One numbered item of the outline; ``lines`` spans the item and its
    descendants in the normalised text (1-based, inclusive)."""

    label: str
    level: int
    heading: str
    text: str
    lines: tuple[int, int]
    children: list["Node"] = field(default_factory=list)
    family: str = ""   # label family, used while building; not exported
    ordinal: int = 0   # 1 for 一/1/①; not exported

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "level": self.level, "heading": self.heading,
                "text": self.text, "lines": list(self.lines),
                "children": [c.to_dict() for c in self.children]}

    def walk(self):
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Citation:
    """A document the plan is based on: 《title》 and its 文号 if printed."""

    title: str | None
    number: str | None
    line: int


@dataclass
class Phase:
    """A stage of the plan with its date range (ISO, partial ISO or None)."""

    name: str
    start: str | None
    end: str | None
    line: int


@dataclass
class Quota:
    """A number of units to create or select ("3个示范机构") and for whom."""

    what: str
    count: int
    scope: str
    per_unit: bool
    full: str
    line: int
    members: list[str] = field(default_factory=list)   # named members of a selection
    lines: list[int] = field(default_factory=list)     # every line stating this target
    # "minimum" (至少 / 不少于 / …以上), "cap" (不超过 / 最多 / 限, and a bare number) or
    # "exact" (a selection that names its members).
    kind: str = "cap"


@dataclass
class Deadline:
    """Something due by a date, and to whom it goes."""

    date: str | None
    what: str
    to: str | None
    who: str | None
    line: int
    recurring: str | None = None   # None, "yearly", "quarterly" or "monthly"


@dataclass
class Responsibility:
    """A row of a task table (责任分工): the task, who leads, who is
    responsible, and when it is due (ISO, truncated ISO, or None)."""

    task: str
    lead: str | None
    responsible: str | None
    due: str | None
    line: int


@dataclass
class Rule:
    """A numeric requirement: subject op value unit [per period] [of whole]."""

    subject: str
    op: str
    value: float
    unit: str
    per: str | None
    of: str | None
    line: int


@dataclass
class Meeting:
    """A meeting the plan schedules."""

    title: str
    when: str | None
    date: str | None
    place: str | None
    attendees: list[str]
    line: int


@dataclass
class Plan:
    """A parsed plan document; ``text`` is the normalised body that the line
    numbers refer to."""

    title: str | None = None
    notice_title: str | None = None     # the 印发 notice that carries the plan
    issuer: str | None = None
    doc_number: str | None = None
    doc_number_raw: str | None = None   # the 文号 as printed, when it was repaired
    date: str | None = None
    basis: list[Citation] = field(default_factory=list)
    outline: list[Node] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list["Plan"] = field(default_factory=list)
    preamble: str = ""
    tail: str = ""
    text: str = ""
    source: str | None = None

    def nodes(self):
        """Every outline node in document order."""
        for node in self.outline:
            yield from node.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "title": self.title,
            "notice_title": self.notice_title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "doc_number_raw": self.doc_number_raw,
            "date": self.date,
            "basis": [asdict(c) for c in self.basis],
            "outline": [n.to_dict() for n in self.outline],
            "phases": [asdict(p) for p in self.phases],
            "quotas": [asdict(q) for q in self.quotas],
            "deadlines": [asdict(d) for d in self.deadlines],
            "rules": [asdict(r) for r in self.rules],
            "meetings": [asdict(m) for m in self.meetings],
            "responsibilities": [asdict(r) for r in self.responsibilities],
            "attachments": list(self.attachments),
            "units": list(self.units),
            "warnings": list(self.warnings),
            "documents": [d.to_dict() for d in self.documents],
            "preamble": self.preamble,
            "tail": self.tail,
            "text": self.text,
            "source": self.source,
        }

"""The parsed rubric (schema ``fazhi.rubric/1``), as dataclasses that turn into JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "fazhi.rubric/1"

# Rule shapes; docs/rubricparse.md explains each one.
SHAPES = ("per_shortfall", "fixed", "all_or_nothing", "discretionary", "proportional", "bonus_per", "bonus",
          "bands", "penalty", "veto", "other")


def number(value):
    """Points as JSON: 3 rather than 3.0, None kept."""
    if value is None:
        return None
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


@dataclass
class Rule:
    """One scoring rule of an item, its text kept as printed.

    ``deduct``: points lost per shortfall (per_shortfall), at once (fixed, penalty);
    ``add``: points gained per extra (bonus_per) or at once (bonus);
    ``cap``: the most that this rule may take or give (None: up to the item's points);
    ``bands``: for shape "bands", ``[{"label", "condition", "points"}]``.
    """

    shape: str
    text: str
    deduct: float | None = None
    cap: float | None = None
    add: float | None = None
    bands: list[dict] | None = None

    def to_dict(self) -> dict:
        d = {"shape": self.shape, "text": self.text, "deduct": number(self.deduct), "cap": number(self.cap)}
        if self.add is not None:
            d["add"] = number(self.add)
        if self.bands is not None:
            d["bands"] = [{"label": b.get("label"), "condition": b.get("condition"), "points": number(b["points"])}
                          for b in self.bands]
        return d


@dataclass
class Item:
    """A scored item; ``children`` are its sub-items (levels three and four)."""

    number: str
    text: str
    points: float | None = None
    bonus_points: float = 0
    rules: list[Rule] = field(default_factory=list)
    method: str | None = None
    evidence: str | None = None
    responsible: str | None = None
    core: bool = False
    children: list["Item"] = field(default_factory=list)
    line: int = 0

    def to_dict(self, *, lines: bool = False) -> dict:
        d = {"number": self.number, "text": self.text, "points": number(self.points),
             "bonus_points": number(self.bonus_points), "rules": [r.to_dict() for r in self.rules],
             "method": self.method, "evidence": self.evidence, "responsible": self.responsible, "core": self.core,
             "children": [c.to_dict(lines=lines) for c in self.children]}
        if lines:
            d["line"] = self.line
        return d

    @property
    def shapes(self) -> set[str]:
        return {r.shape for r in self.rules}


@dataclass
class Category:
    """A first-level heading (一、组织领导（20分）) and its items."""

    label: str
    text: str
    points: float | None = None
    bonus_points: float | None = None
    items: list[Item] = field(default_factory=list)
    line: int = 0
    declared: float | None = None   # the points printed beside the name, if any

    def to_dict(self, *, lines: bool = False) -> dict:
        d = {"label": self.label, "text": self.text, "points": number(self.points),
             "bonus_points": number(self.bonus_points), "items": [i.to_dict(lines=lines) for i in self.items]}
        if lines:
            d["line"] = self.line
        return d


@dataclass
class Warning:
    message: str
    line: int

    def to_dict(self) -> dict:
        return {"message": self.message, "line": self.line}


@dataclass
class Rubric:
    title: str = ""
    total_points: float | None = None
    bonus_points: float | None = None
    categories: list[Category] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)   # the rows as read, for review pages

    def to_dict(self, *, lines: bool = False) -> dict:
        return {"schema": SCHEMA, "title": self.title, "total_points": number(self.total_points),
                "bonus_points": number(self.bonus_points),
                "categories": [c.to_dict(lines=lines) for c in self.categories],
                "warnings": [w.to_dict() for w in self.warnings]}

    def items(self):
        """Every item, depth first."""
        def walk(items):
            for item in items:
                yield item
                yield from walk(item.children)
        for category in self.categories:
            yield from walk(category.items)

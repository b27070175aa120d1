"""The scoring arithmetic, free of the database so that every rule is tested on its own.

Rules
-----
- A standard item is worth `max_points`. Scored by shortfalls, it loses `deduction` per
  shortfall, never more than its own points (the item cannot go below 0).
- Bonus items (加分项) add their points, the sum of all bonus capped at the rubric's `bonus_cap`.
- A veto item (一票否决) scores nothing; when it is upheld the unit fails whatever its total.
- An inspection team's scores of one item become one score by the stage's method:
  MEAN: the mean of every inspector who scored the item, rounded half-up to 0.1 point; the
  veto is upheld when more than half of them upheld it.
  LEADER: the team leader's score and veto; while the leader has not scored the item, MEAN.
- Ranking (within a scope and kind): units not vetoed come first; then by total, higher
  first; then by base score (the total without bonus), higher first; then by the number of
  items that lost points, fewer first. Units equal on all of these share the rank
  (1, 2, 2, 4) and are listed in the order of the unit tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .choices import ItemKind, TeamMethod

TENTH = Decimal("0.1")
ZERO = Decimal("0")


def q1(value) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def points_from_shortfalls(max_points: Decimal, deduction: Decimal, shortfalls: int) -> Decimal:
    """Points left after `shortfalls` deductions: the deduction is capped at the item's points."""
    lost = min(Decimal(max_points), Decimal(deduction) * int(shortfalls))
    return q1(Decimal(max_points) - lost)


@dataclass(frozen=True)
class Mark:
    """One scorer's mark of one item."""

    scorer_id: int
    points: Decimal
    vetoed: bool = False


@dataclass(frozen=True)
class Final:
    points: Decimal
    vetoed: bool


def combine(marks: Sequence[Mark], method: str = TeamMethod.MEAN, leader_id: int | None = None) -> Final | None:
    """One item's final score out of the team's marks (None when nobody scored it)."""
    if not marks:
        return None
    if method == TeamMethod.LEADER and leader_id is not None:
        for mark in marks:
            if mark.scorer_id == leader_id:
                return Final(q1(mark.points), mark.vetoed)
    mean = sum((Decimal(m.points) for m in marks), ZERO) / len(marks)
    upheld = sum(1 for m in marks if m.vetoed) * 2 > len(marks)
    return Final(q1(mean), upheld)


@dataclass
class Totals:
    total: Decimal = ZERO
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    vetoed: bool = False
    lost_items: int = 0
    scored_items: int = 0


@dataclass(frozen=True)
class ItemSpec:
    """What the arithmetic needs of a rubric item."""

    id: int
    kind: str
    max_points: Decimal


def totals(items: Iterable[ItemSpec], finals: dict[int, Final], bonus_cap: Decimal) -> Totals:
    """Total, base, capped bonus, veto and counts over the items scored so far."""
    t = Totals()
    bonus = ZERO
    for item in items:
        if item.kind == ItemKind.CATEGORY:
            continue
        final = finals.get(item.id)
        if final is None:
            continue
        t.scored_items += 1
        if item.kind == ItemKind.VETO:
            t.vetoed = t.vetoed or final.vetoed
        elif item.kind == ItemKind.BONUS:
            bonus += final.points
        else:
            t.base += final.points
            if final.points < item.max_points:
                t.lost_items += 1
    t.bonus = min(bonus, Decimal(bonus_cap))
    t.total = t.base + t.bonus
    return t


def grade_for(total: Decimal | None, vetoed: bool, bands: Sequence[dict]) -> dict | None:
    """The band whose minimum the total reaches (bands in any order); a veto takes the lowest band."""
    if total is None:
        return None
    ordered = sorted(bands, key=lambda b: Decimal(str(b["min"])), reverse=True)
    if not ordered:
        return None
    if vetoed:
        return ordered[-1]
    for band in ordered:
        if Decimal(total) >= Decimal(str(band["min"])):
            return band
    return ordered[-1]


@dataclass
class Ranked:
    key: object
    total: Decimal
    base: Decimal
    lost_items: int
    vetoed: bool
    order: str = ""
    rank: int = 0
    tied: bool = False
    extra: dict = field(default_factory=dict)


def _merit(r: Ranked) -> tuple:
    return (r.vetoed, -Decimal(r.total), -Decimal(r.base), r.lost_items)


def rank(rows: Iterable[Ranked]) -> list[Ranked]:
    """Standard competition ranking (1, 2, 2, 4) by the rule in the module's docstring."""
    ordered = sorted(rows, key=lambda r: (_merit(r), r.order))
    for i, r in enumerate(ordered):
        if i and _merit(r) == _merit(ordered[i - 1]):
            r.rank = ordered[i - 1].rank
            r.tied = ordered[i - 1].tied = True
        else:
            r.rank = i + 1
    return ordered

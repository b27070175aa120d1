"""The scoring arithmetic, free of the database so that every rule is tested on its own.

Rules
-----
- A standard item is worth `max_points`. Scored by shortfalls, it loses `deduction` per
  shortfall, never more than its own points (the item cannot go below 0).
- An item read from a rubric carries structured rules (`evaluate`): the scorer picks a band
  (the item starts from that band's points instead of its maximum), counts shortfalls per rule
  (each rule loses `deduct` per count, at most its own `cap`; a fixed rule loses `deduct` per
  occurrence; all-or-nothing loses everything), and counts extras for bonus rules (`add` per
  count up to the rule's cap, the item's bonus at most its `bonus_points`). An item never goes
  below 0; points entered by hand (discretionary, proportional) replace the computed base.
- Bonus items (加分项) and the bonus beside an item's base points add up, the sum capped at the
  rubric's `bonus_cap`.
- Penalty items (扣分项) are outside the maximum: their points are taken from the total, which
  does not go below 0.
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
    bonus: Decimal = ZERO


@dataclass(frozen=True)
class Final:
    points: Decimal
    vetoed: bool
    bonus: Decimal = ZERO


def combine(marks: Sequence[Mark], method: str = TeamMethod.MEAN, leader_id: int | None = None) -> Final | None:
    """One item's final score out of the team's marks (None when nobody scored it)."""
    if not marks:
        return None
    if method == TeamMethod.LEADER and leader_id is not None:
        for mark in marks:
            if mark.scorer_id == leader_id:
                return Final(q1(mark.points), mark.vetoed, q1(mark.bonus))
    mean = sum((Decimal(m.points) for m in marks), ZERO) / len(marks)
    bonus = sum((Decimal(m.bonus) for m in marks), ZERO) / len(marks)
    upheld = sum(1 for m in marks if m.vetoed) * 2 > len(marks)
    return Final(q1(mean), upheld, q1(bonus))


@dataclass
class Totals:
    total: Decimal = ZERO
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    vetoed: bool = False
    lost_items: int = 0
    scored_items: int = 0


@dataclass(frozen=True)
class ItemSpec:
    """What the arithmetic needs of a rubric item."""

    id: int
    kind: str
    max_points: Decimal
    bonus_points: Decimal = ZERO
    rules: tuple = ()


class RuleInputError(ValueError):
    """A band or a count that the item's rules do not have (the service names the item)."""


@dataclass(frozen=True)
class Worked:
    """An item's points out of what the scorer entered: `points` is the base for a standard
    item, the bonus of a bonus item, the deduction of a penalty item; `bonus` the bonus beside
    a standard item's base; `lost` what the rules took."""

    points: Decimal
    bonus: Decimal = ZERO
    lost: Decimal = ZERO


DEDUCTING = ("per_shortfall", "fixed", "penalty", "all_or_nothing")
ADDING = ("bonus_per", "bonus")


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def rule_amount(rule: dict, count: int, whole: Decimal) -> Decimal:
    """What one rule takes (or gives) for `count` shortfalls (or extras), within its cap."""
    if count <= 0:
        return ZERO
    shape = rule.get("shape")
    if shape == "all_or_nothing":
        return whole
    step = _d(rule.get("add") if shape in ADDING else rule.get("deduct")) or ZERO
    amount = step * count
    cap = _d(rule.get("cap"))
    return min(amount, cap) if cap is not None else amount


def bands_of(rules) -> list[dict]:
    for rule in rules or ():
        if rule.get("shape") == "bands":
            return list(rule.get("bands") or [])
    return []


def evaluate(item: ItemSpec, *, counts: dict | None = None, band: int | None = None, points=None) -> Worked:
    """Points of one item from a picked band, counts per rule (by rule index) and/or points
    entered by hand; see the module's docstring."""
    counts = {int(k): int(v) for k, v in (counts or {}).items() if v not in (None, "")}
    rules = list(item.rules or ())
    for index, count in counts.items():
        if index < 0 or index >= len(rules) or count < 0:
            raise RuleInputError(index)
    maximum = Decimal(item.max_points)
    if item.kind == ItemKind.PENALTY:
        taken = sum((rule_amount(r, counts.get(i, 0), maximum) for i, r in enumerate(rules)
                     if r.get("shape") in DEDUCTING), ZERO)
        value = Decimal(points) if points is not None and not counts else taken
        return Worked(q1(value), ZERO, q1(value))
    if item.kind == ItemKind.BONUS:
        given = sum((rule_amount(r, counts.get(i, 0), maximum) for i, r in enumerate(rules)
                     if r.get("shape") in ADDING), ZERO)
        value = Decimal(points) if points is not None and not counts else given
        return Worked(q1(min(value, maximum) if maximum else value))
    if item.kind == ItemKind.VETO:
        return Worked(ZERO)
    start = maximum
    if band is not None:
        bands = bands_of(rules)
        if not 0 <= int(band) < len(bands):
            raise RuleInputError(band)
        start = min(Decimal(str(bands[int(band)]["points"])), maximum) if maximum else Decimal(str(bands[int(band)]["points"]))
    lost = sum((rule_amount(r, counts.get(i, 0), start) for i, r in enumerate(rules)
                if r.get("shape") in DEDUCTING), ZERO)
    base = Decimal(points) if points is not None else max(ZERO, start - lost)
    bonus = sum((rule_amount(r, counts.get(i, 0), ZERO) for i, r in enumerate(rules) if r.get("shape") in ADDING), ZERO)
    if item.bonus_points is not None:
        bonus = min(bonus, Decimal(item.bonus_points))
    return Worked(q1(base), q1(bonus), q1(min(lost, start)))


def totals(items: Iterable[ItemSpec], finals: dict[int, Final], bonus_cap: Decimal) -> Totals:
    """Total, base, capped bonus, penalty, veto and counts over the items scored so far."""
    t = Totals()
    bonus = ZERO
    for item in items:
        if item.kind == ItemKind.CATEGORY:
            continue
        final = finals.get(item.id)
        if final is None:
            continue
        t.scored_items += 1
        t.vetoed = t.vetoed or final.vetoed
        if item.kind == ItemKind.VETO:
            continue
        if item.kind == ItemKind.BONUS:
            bonus += final.points
        elif item.kind == ItemKind.PENALTY:
            t.penalty += final.points
        else:
            t.base += final.points
            bonus += final.bonus
            if final.points < item.max_points:
                t.lost_items += 1
    t.bonus = min(bonus, Decimal(bonus_cap))
    t.total = max(ZERO, t.base + t.bonus - t.penalty)
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

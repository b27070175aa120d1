"""A rubric read by :mod:`fazhi.planparse.rubric` (schema fazhi.rubric/1, possibly edited on the
review page) written as a Rubric with its items.

Category → a category line; an item with sub-items → a category line of its own (its
sub-items are scored); an item without sub-items → a veto item (a veto rule and no points),
a penalty item (a penalty rule and no points), a bonus item (no points, bonus points only) or
a standard item with its rules, bonus beside its base, method, evidence, department and ★.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from fazhi.planparse.rubric import SCHEMA

from . import messages as m
from .choices import ItemKind
from .models import Rubric
from .services import ItemData, rubric_import

RULE_KEYS = ("shape", "text", "deduct", "cap", "add", "bands")


def _points(value) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=value))
    if not number.is_finite() or number < 0:
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=value))
    return number.quantize(Decimal("0.1"))


def _rules(rules) -> list[dict]:
    out = []
    for rule in rules or []:
        if isinstance(rule, dict) and rule.get("shape"):
            out.append({k: rule[k] for k in RULE_KEYS if k in rule})
    return out


def item_kind(item: dict) -> str:
    shapes = {r.get("shape") for r in item.get("rules") or [] if isinstance(r, dict)}
    points = _points(item.get("points"))
    if item.get("children"):
        return ItemKind.CATEGORY
    if not points and "veto" in shapes:
        return ItemKind.VETO
    if not points and "penalty" in shapes:
        return ItemKind.PENALTY
    if not points and _points(item.get("bonus_points")):
        return ItemKind.BONUS
    return ItemKind.STANDARD


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _item(node: dict) -> ItemData:
    if not isinstance(node, dict):
        raise ValidationError(m.RUBRIC_DRAFT_INVALID)
    kind = item_kind(node)
    rules = _rules(node.get("rules"))
    title = _text(node.get("text"), 300) or _text(node.get("number"), 300)
    if not title:
        raise ValidationError(m.RUBRIC_TITLE_MISSING)
    data = ItemData(kind=kind, title=title, label=_text(node.get("number"), 20),
                    max_points=_points(node.get("points")), bonus_points=_points(node.get("bonus_points")),
                    deduction_rule=_text("；".join(r.get("text") or "" for r in rules), 1000), rules=rules,
                    method=_text(node.get("method"), 300), evidence=_text(node.get("evidence"), 300),
                    responsible=_text(node.get("responsible"), 200), core=bool(node.get("core")))
    if kind == ItemKind.BONUS:
        # A bonus item's maximum is its bonus (what the scorer may give at most).
        data.max_points, data.bonus_points = data.bonus_points, Decimal("0")
    if kind in (ItemKind.VETO, ItemKind.PENALTY):
        data.max_points = Decimal("0")
    if kind == ItemKind.CATEGORY:
        data.children = [_item(c) for c in node.get("children") or []]
        if not data.max_points:
            data.max_points = Decimal("0")
    return data


def items_from_parsed(parsed: dict) -> list[ItemData]:
    """Categories and items of a fazhi.rubric/1 document as ItemData trees."""
    if not isinstance(parsed, dict) or parsed.get("schema") != SCHEMA:
        raise ValidationError(m.RUBRIC_DRAFT_INVALID)
    out = []
    for cat in parsed.get("categories") or []:
        if not isinstance(cat, dict):
            raise ValidationError(m.RUBRIC_DRAFT_INVALID)
        children = [_item(i) for i in cat.get("items") or []]
        title = _text(cat.get("text"), 300) or _text(parsed.get("title"), 300) or str(m.RUBRIC_DEFAULT_CATEGORY)
        out.append(ItemData(kind=ItemKind.CATEGORY, title=title, label=_text(cat.get("label"), 20),
                            max_points=_points(cat.get("points")), bonus_points=_points(cat.get("bonus_points")),
                            children=children))
    if not any(c.children for c in out):
        raise ValidationError(m.RUBRIC_NO_ITEMS)
    return out


def bonus_cap_of(parsed: dict) -> Decimal:
    """The rubric's bonus cap: the declared bonus, else what its items may add."""
    if parsed.get("bonus_points") not in (None, ""):
        return _points(parsed.get("bonus_points"))
    total = Decimal("0")

    def walk(items):
        nonlocal total
        for i in items or []:
            total += _points(i.get("bonus_points"))
            walk(i.get("children"))
    for cat in parsed.get("categories") or []:
        walk(cat.get("items"))
    return total


def code_for(parsed: dict) -> str:
    """A stable code for a read rubric: its title and content hashed."""
    digest = hashlib.sha256(json.dumps(parsed, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return f"read-{digest[:12]}"


def rubric_import_parsed(*, actor, parsed: dict, unit_kind: str, title: str = "", code: str = "", owner=None,
                         source: str = "") -> Rubric:
    """Write a read (and reviewed) rubric; the office's points stand where the checks warned."""
    items = items_from_parsed(parsed)
    return rubric_import(actor=actor, code=(code or "").strip() or code_for(parsed),
                         title=(title or "").strip() or _text(parsed.get("title"), 200), unit_kind=unit_kind,
                         items=items, owner=owner, bonus_cap=bonus_cap_of(parsed), source=source[:300],
                         check_sums=False)

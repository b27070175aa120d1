"""Rubrics in and out as YAML, and the three rubrics shipped with the product.

The shipped rubrics are the scoring rubrics attached to the 晋城市 plan of seed 002 (附件3–5:
示范行政部门 / 示范机构 / 示范窗口考评细则), kept as the web pages a commission receives
(rubrics/*.html) and read through the rubric reader like any other commission's rubric.

YAML layout (see rubrics/*.yaml):
    code, title, unit_kind (admin_dept / institution / window), bonus_cap, source,
    items: a list of categories ({label, title, items: [...]}) and of top-level bonus or veto
    items ({kind: bonus|veto, title, points, evidence}); an item has title, points,
    deduction (points lost per shortfall), deduction_rule, evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from . import messages as m
from .choices import ItemKind
from .models import Rubric, RubricItem
from .services import ItemData, rubric_import

SHIPPED_DIR = Path(__file__).resolve().parent / "rubrics"
# code, document, kind of unit, what it follows
SHIPPED = [
    ("demo-admin-dept", "admin_dept.html", "admin_dept", "创建标准（1）示范卫生计生行政部门①–⑨"),
    ("demo-institution", "institution.html", "institution", "创建标准（2）示范卫生计生机构①–⑦"),
    ("demo-window", "window.html", "window", "创建标准（3）示范窗口①–⑤"),
]


@dataclass
class RubricData:
    code: str
    title: str
    unit_kind: str
    bonus_cap: Decimal = Decimal("0")
    source: str = ""
    items: list[ItemData] = field(default_factory=list)


def decimal_or_error(value, *, allow_none: bool = False) -> Decimal | None:
    if value is None or str(value).strip() == "":
        if allow_none:
            return None
        return Decimal("0")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=value))
    if not number.is_finite() or number < 0:
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=value))
    return number


def _item(node: dict, default_kind: str) -> ItemData:
    kind = str(node.get("kind") or (ItemKind.CATEGORY if "items" in node else default_kind))
    if kind not in ItemKind.values:
        raise ValidationError(str(m.RUBRIC_ITEM_KIND_INVALID).format(kind=kind, allowed="、".join(ItemKind.values)))
    title = str(node.get("title") or "").strip()
    if not title:
        raise ValidationError(m.RUBRIC_TITLE_MISSING)
    children = [_item(c, ItemKind.STANDARD) for c in node.get("items") or []] if kind == ItemKind.CATEGORY else None
    rules = node.get("rules") or []
    if not isinstance(rules, list) or not all(isinstance(r, dict) and r.get("shape") for r in rules):
        raise ValidationError(m.RUBRIC_FILE_UNREADABLE)
    return ItemData(kind=kind, title=title, label=str(node.get("label") or ""),
                    max_points=decimal_or_error(node.get("points")),
                    deduction=decimal_or_error(node.get("deduction"), allow_none=True),
                    deduction_rule=str(node.get("deduction_rule") or ""), evidence=str(node.get("evidence") or ""),
                    children=children, bonus_points=decimal_or_error(node.get("bonus_points")), rules=rules,
                    method=str(node.get("method") or ""), responsible=str(node.get("responsible") or ""),
                    core=bool(node.get("core")))


def parse_yaml(text: str | bytes) -> RubricData:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise ValidationError(m.RUBRIC_FILE_UNREADABLE)
    if not isinstance(data, dict):
        raise ValidationError(m.RUBRIC_FILE_UNREADABLE)
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ValidationError(m.RUBRIC_NO_ITEMS)
    return RubricData(code=str(data.get("code") or ""), title=str(data.get("title") or ""),
                      unit_kind=str(data.get("unit_kind") or ""), bonus_cap=decimal_or_error(data.get("bonus_cap")),
                      source=str(data.get("source") or ""),
                      items=[_item(n, ItemKind.STANDARD) for n in items if isinstance(n, dict)])


def import_data(*, actor, data: RubricData, owner=None, shipped: bool = False) -> Rubric:
    return rubric_import(actor=actor, code=data.code, title=data.title, unit_kind=data.unit_kind, items=data.items,
                         owner=owner, bonus_cap=data.bonus_cap, source=data.source, shipped=shipped)


def _number(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def item_tree(rubric: Rubric) -> list[tuple[RubricItem, list[RubricItem]]]:
    """(top-level item, its children) in order, from one query."""
    items = list(rubric.items.all().order_by("order", "id"))
    children: dict[int, list[RubricItem]] = {}
    for i in items:
        if i.parent_id:
            children.setdefault(i.parent_id, []).append(i)
    return [(i, children.get(i.pk, [])) for i in items if i.parent_id is None]


def to_dict(rubric: Rubric) -> dict:
    def node(item: RubricItem, kids: list[RubricItem]) -> dict:
        d = {"label": item.label} if item.label else {}
        if item.kind not in (ItemKind.CATEGORY, ItemKind.STANDARD):
            d["kind"] = item.kind
        d["title"] = item.title
        if item.kind != ItemKind.CATEGORY:
            if item.kind != ItemKind.VETO:
                d["points"] = _number(item.max_points)
            if item.deduction is not None:
                d["deduction"] = _number(item.deduction)
            if item.bonus_points:
                d["bonus_points"] = _number(item.bonus_points)
            for key in ("deduction_rule", "evidence", "method", "responsible", "core", "rules"):
                if getattr(item, key):
                    d[key] = getattr(item, key)
        else:
            d["items"] = [node(k, children.get(k.pk, [])) for k in kids]
        return d

    children: dict[int, list[RubricItem]] = {}
    for i in rubric.items.all().order_by("order", "id"):
        if i.parent_id:
            children.setdefault(i.parent_id, []).append(i)
    return {"code": rubric.code, "title": rubric.title, "unit_kind": str(rubric.unit_kind),
            "bonus_cap": _number(rubric.bonus_cap), "source": rubric.source,
            "items": [node(i, kids) for i, kids in item_tree(rubric)]}


def to_yaml(rubric: Rubric) -> str:
    return yaml.safe_dump(to_dict(rubric), allow_unicode=True, sort_keys=False, width=200)


def rubrics_install(*, actor) -> list[Rubric]:
    """Install the shipped rubrics that are missing (idempotent; an edited one is kept as it is).

    An administrator installs them for the whole installation; an office for its own unit."""
    from fazhi.planparse.rubric import read_bytes

    from .rubricimport import rubric_import_parsed
    from .selectors import rubric_owner_for

    owner = rubric_owner_for(actor)
    installed = []
    for code, name, unit_kind, source in SHIPPED:
        existing = Rubric.objects.filter(code=code).first()
        if existing is None:
            parsed = read_bytes((SHIPPED_DIR / name).read_bytes(), filename=name).to_dict()
            existing = rubric_import_parsed(actor=actor, parsed=parsed, unit_kind=unit_kind, code=code, owner=owner,
                                            source=source)
        installed.append(existing)
    return installed

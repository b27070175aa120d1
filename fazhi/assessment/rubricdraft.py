"""The review draft of a read rubric: its tree as numbered rows the page edits, and back.

Each row is a category (depth 0) or an item (depth 1 and deeper, under the row above it
with one depth less). Rules are edited as text, one clause a line: unchanged text keeps the
rules as read, changed text is read again by the rubric reader's rule parser.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError

from fazhi.planparse.rubric import SCHEMA, parse_rules

from . import messages as m

FIELDS = ("number", "text", "points", "bonus_points", "method", "evidence", "responsible")


def _fmt(value) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


def draft_rows(parsed: dict) -> list[dict]:
    """Rows of the review table, each with the warnings raised at its line."""
    warnings: dict[int, list[str]] = {}
    for w in parsed.get("warnings") or []:
        warnings.setdefault(int(w.get("line") or 0), []).append(w.get("message") or "")
    rows = []

    def item_rows(items, depth):
        for item in items:
            rules = item.get("rules") or []
            rows.append({"depth": depth, "kind": "item", "number": item.get("number") or "",
                         "text": item.get("text") or "", "points": _fmt(item.get("points")),
                         "bonus_points": _fmt(item.get("bonus_points")),
                         "rules_text": "\n".join(r.get("text") or "" for r in rules),
                         "rules_json": json.dumps(rules, ensure_ascii=False),
                         "method": item.get("method") or "", "evidence": item.get("evidence") or "",
                         "responsible": item.get("responsible") or "", "core": bool(item.get("core")),
                         "line": item.get("line") or 0, "warnings": warnings.pop(item.get("line") or -1, [])})
            item_rows(item.get("children") or [], depth + 1)

    for cat in parsed.get("categories") or []:
        rows.append({"depth": 0, "kind": "category", "number": cat.get("label") or "", "text": cat.get("text") or "",
                     "points": _fmt(cat.get("points")), "bonus_points": _fmt(cat.get("bonus_points")),
                     "rules_text": "", "rules_json": "[]", "method": "", "evidence": "", "responsible": "",
                     "core": False, "line": cat.get("line") or 0, "warnings": warnings.pop(cat.get("line") or -1, [])})
        item_rows(cat.get("items") or [], 1)
    return rows


def _number(raw: str, field: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=raw))
    if value < 0 or value != value or value in (float("inf"),):
        raise ValidationError(str(m.RUBRIC_POINTS_INVALID).format(value=raw))
    return int(value) if value.is_integer() else value


def _rules(text: str, original: str, *, penalty: bool) -> list[dict]:
    try:
        kept = json.loads(original or "[]")
    except ValueError:
        kept = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if isinstance(kept, list) and lines == [r.get("text") for r in kept if isinstance(r, dict)]:
        return kept
    return [r.to_dict() for line in lines for r in parse_rules(line, penalty=penalty)]


def parsed_from_post(post, *, title: str) -> dict:
    """The edited rows of the review form as a fazhi.rubric/1 document."""
    try:
        count = int(post.get("rows", "0"))
    except ValueError:
        raise ValidationError(m.RUBRIC_DRAFT_INVALID)
    if count <= 0 or count > 5000:
        raise ValidationError(m.RUBRIC_DRAFT_INVALID)
    categories: list[dict] = []
    stack: list[tuple[int, dict]] = []
    for k in range(count):
        key = f"r{k}-"
        if post.get(key + "delete"):
            continue
        try:
            depth = int(post.get(key + "depth", ""))
        except ValueError:
            raise ValidationError(m.RUBRIC_DRAFT_INVALID)
        text = (post.get(key + "text") or "").strip()
        number = (post.get(key + "number") or "").strip()
        points = _number(post.get(key + "points"), "points")
        bonus = _number(post.get(key + "bonus_points"), "bonus_points")
        if depth == 0:
            cat = {"label": number, "text": text, "points": points, "bonus_points": bonus or None, "items": []}
            categories.append(cat)
            stack = []
            continue
        if not categories:
            raise ValidationError(m.RUBRIC_DRAFT_INVALID)
        if not text and not number:
            continue
        penalty = not points and not bonus
        item = {"number": number, "text": text, "points": points, "bonus_points": bonus or 0,
                "rules": _rules(post.get(key + "rules"), post.get(key + "rules_json"), penalty=penalty),
                "method": (post.get(key + "method") or "").strip() or None,
                "evidence": (post.get(key + "evidence") or "").strip() or None,
                "responsible": (post.get(key + "responsible") or "").strip() or None,
                "core": bool(post.get(key + "core")), "children": []}
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else categories[-1]["items"]).append(item)
        stack.append((depth, item))
    try:
        bonus_total = _number(post.get("bonus_points"), "bonus_points")
    except ValidationError:
        bonus_total = None
    return {"schema": SCHEMA, "title": title, "total_points": None, "bonus_points": bonus_total,
            "categories": categories, "warnings": []}

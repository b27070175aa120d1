"""Reading the audit log: who may see which rows, filters, and before/after as a readable diff.

An office sees the rows written on the units of its subtree (by `unit_path`); rows with no
unit (system-wide writes) only an administrator sees. The scope comes from org's one scoping
function: the audit log is written by every app but read like any other scoped data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from fazhi.core.tree import subtree_q

from .models import AuditEntry

VERBS = {
    "create": _l("新建"), "update": _l("修改"), "move": _l("移动"), "delete": _l("删除"), "revoke": _l("撤销"), "import": _l("导入"),
    "submit": _l("提交"), "accept": _l("通过"), "return": _l("退回"), "review": _l("审核"), "assign": _l("分配"), "close": _l("关闭"),
    "activate": _l("启用"), "enrol": _l("启用"), "remove": _l("停用"), "withdraw": _l("撤回"), "publish": _l("发布"),
    "password_change": _l("修改密码"),
}
EXTRA_ENTITIES = {"otp": _l("两步验证"), "holiday": _l("节假日安排"), "user": _l("账号")}


def _scope(qs: QuerySet, paths: list[str] | None) -> QuerySet:
    """Rows filed under the given unit subtrees; None is everything (an administrator).
    The caller (org, which knows grants) says which subtrees: audit imports no app above it."""
    if paths is None:
        return qs
    return qs.filter(subtree_q(paths, "unit_path")) if paths else qs.none()


def audit_list(*, paths: list[str] | None, filters: dict) -> QuerySet:
    """The audit rows under the given subtrees (fazhi.org.scoping.office_paths), filtered; newest first."""
    qs = _scope(AuditEntry.objects.all(), paths)
    if filters.get("unit") is not None:
        qs = qs.filter(subtree_q(filters["unit"].path, "unit_path"))
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("actor"):
        qs = qs.filter(actor_name__icontains=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    tz = timezone.get_current_timezone()
    # Whole local days, as aware datetimes, so that the index on `at` serves the range.
    if filters.get("date_from"):
        qs = qs.filter(at__gte=dt.datetime.combine(filters["date_from"], dt.time.min, tzinfo=tz))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=dt.datetime.combine(filters["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-at", "-id")


def actions_seen(*, paths: list[str] | None) -> list[str]:
    return list(_scope(AuditEntry.objects.all(), paths).order_by("action").values_list("action", flat=True).distinct())


@lru_cache(maxsize=None)
def _models_by_label() -> dict:
    return {m._meta.label_lower: m for m in apps.get_models()}


def object_type_choices() -> list[tuple[str, str]]:
    """The models an audit row can be about: the product's own and the user account."""
    out = [(label, str(m._meta.verbose_name)) for label, m in _models_by_label().items()
           if m.__module__.startswith("fazhi.") and m is not AuditEntry]
    out.append(("auth.user", _("账号")))
    return sorted(out, key=lambda c: c[0])


def object_type_label(object_type: str) -> str:
    model = _models_by_label().get(object_type)
    if object_type == "auth.user":
        return _("账号")
    return str(model._meta.verbose_name) if model else object_type


def action_label(action: str) -> str:
    """'unit.create' -> 新建单位; unknown actions are shown as written."""
    entity, _sep, verb = action.partition(".")
    verb_text = VERBS.get(verb)
    if verb_text is None:
        return action
    if verb == "password_change":
        return str(verb_text)
    name = EXTRA_ENTITIES.get(entity)
    if name is None:
        model = next((m for m in _models_by_label().values() if m._meta.model_name == entity), None)
        name = str(model._meta.verbose_name) if model else entity
    return f"{verb_text}{name}"


EXTRA_LABELS = {"days": _l("日期"), "year": _l("年份")}
HIDDEN_FIELDS = {"id", "path", "depth"}  # bookkeeping: a move shows as a change of parent


@lru_cache(maxsize=None)
def _fields(object_type: str) -> dict:
    model = _models_by_label().get(object_type)
    return {f.attname: f for f in model._meta.concrete_fields} if model else {}


def _show(value, model_field=None) -> str:
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if model_field is not None and model_field.is_relation:
        return f"#{value}"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return _("{n} 项").format(n=len(value))
        return "、".join(_show(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    changed: bool


def diff(entry: AuditEntry) -> list[FieldChange]:
    """Every field of before/after, changed ones flagged; values shown as a reader knows them
    (choice labels, 是/否); a creation or deletion lists its values, all flagged."""
    before, after = entry.before or {}, entry.after or {}
    fields = _fields(entry.object_type)
    rows = []
    for key in list(after) + [k for k in before if k not in after]:
        if key in HIDDEN_FIELDS:
            continue
        f = fields.get(key)
        b, a = before.get(key), after.get(key)
        if entry.before is None and a in (None, "", False):
            continue  # a new object's empty fields say nothing
        rows.append(FieldChange(key, str(f.verbose_name) if f is not None else str(EXTRA_LABELS.get(key, key)),
                                _show(b, f) if entry.before is not None else "",
                                _show(a, f) if entry.after is not None else "",
                                (key in before) != (key in after) or b != a))
    return rows

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
    "password_change": _l("修改密码"), "verify": _l("核验"), "plan": _l("制定整改措施"), "plan_link": _l("归入整改方案"),
    "progress": _l("报送进展"), "report": _l("报送"), "reopen": _l("重新打开"), "confirm": _l("确认"), "issue": _l("签发"),
    "escalate": _l("升级"), "resolve": _l("解除"), "upload": _l("上传"), "select": _l("评选"), "decline": _l("不予评选"),
    "start": _l("开始办理"), "items": _l("编辑考评项"), "save": _l("保存"), "shortfall": _l("登记失分问题"), "team": _l("指定考评组"),
    "circular": _l("生成通报"), "file": _l("备案"), "read": _l("查看"), "import_update": _l("导入更新"), "set": _l("制定"),
    "refer": _l("移交问责"), "decide": _l("登记处理结果"), "explain": _l("解释说明"), "approve": _l("批准"), "draft": _l("保存草稿"),
}
# Models whose page a row of the log links to: object type → URL name (with the object's id).
LINKS = {
    "ledger.problem": "ledger:detail", "ledger.rectificationplan": "ledger:plan", "campaigns.campaign": "campaigns:detail",
    "campaigns.assignment": "campaigns:assignment", "intake.submission": "intake:detail", "intake.meeting": "intake:meeting",
    "assessment.assessment": "assessment:assessment", "assessment.assessmentround": "assessment:round",
    "assessment.rubric": "assessment:rubric", "org.person": "org:person",
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
        # "completion_report" names the model CompletionReport (model_name "completionreport")
        model = next((m for m in _models_by_label().values() if m._meta.model_name == entity.replace("_", "")), None)
        name = str(model._meta.verbose_name) if model else entity.replace("_", " ")
    name = str(name)
    if name[:1].isascii() and name[1:2].islower():
        name = name[:1].lower() + name[1:]  # "Submit completion report", not "Submit Completion report"
    return _("{verb}{name}").format(verb=verb_text, name=name)


def object_url(entry: AuditEntry) -> str:
    from django.urls import NoReverseMatch, reverse

    name = LINKS.get(entry.object_type)
    if not name or not str(entry.object_id).isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""


def related_names(entries) -> dict:
    """{(related model label, pk): name} for every relation in the before/after of these rows:
    one query per related model, so that a page shows 泽州县人民医院 and not 「#35」."""
    wanted: dict = {}
    for e in entries:
        fields = _fields(e.object_type)
        for values in (e.before or {}, e.after or {}):
            for key, value in values.items():
                f = fields.get(key)
                if f is not None and f.is_relation and value not in (None, ""):
                    wanted.setdefault(f.related_model, set()).add(value)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model._meta.label_lower, obj.pk)] = str(obj)
    return names


EXTRA_LABELS = {"days": _l("日期"), "year": _l("年份"), "ids": _l("编号"), "units": _l("单位编号")}
LIST_SHOWN = 20  # a bulk action's list of ids: the first few, then how many in all
HIDDEN_FIELDS = {"id", "path", "depth"}  # bookkeeping: a move shows as a change of parent


@lru_cache(maxsize=None)
def _fields(object_type: str) -> dict:
    model = _models_by_label().get(object_type)
    return {f.attname: f for f in model._meta.concrete_fields} if model else {}


def _show(value, model_field=None, names: dict | None = None) -> str:
    if value is None or value == "":
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if model_field is not None and model_field.is_relation:
        name = (names or {}).get((model_field.related_model._meta.label_lower, value))
        return name or _("（已不存在的记录 {id}）").format(id=value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:  # a datetime as the snapshot stores it, shown in local time
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return _("{n} 项").format(n=len(value))
        shown = "、".join(_show(v) for v in value[:LIST_SHOWN]) or "—"
        if len(value) > LIST_SHOWN:
            shown = _("{first} 等 {n} 项").format(first=shown, n=len(value))
        return shown
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


def diff(entry: AuditEntry, names: dict | None = None) -> list[FieldChange]:
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
                                _show(b, f, names) if entry.before is not None else "",
                                _show(a, f, names) if entry.after is not None else "",
                                (key in before) != (key in after) or b != a))
    return rows

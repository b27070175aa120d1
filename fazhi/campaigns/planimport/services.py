"""Writes of the plan importer. Each public function is one transaction: a campaign is
created whole from a draft or not at all, and a revision is applied whole or not at all.
Every row goes through the campaign services (task_update and task_delete among them), so each
has its audit row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.campaigns import services as cs
from fazhi.campaigns.choices import CampaignStatus, DemoLevel, QuotaKind, Recurrence, WorkKind
from fazhi.campaigns.signals import plan_imported
from fazhi.campaigns.models import Campaign, Task
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import require_role
from fazhi.planparse import SCHEMA

from . import messages as m
from .diff import OldNode, PlanDiff, plan_diff
from .draft import HEADING, applies_to_for, quota_level, resolve_date, split_heading
from fazhi.core import rollups

OFFICE = [Role.OFFICE]
MAX_DEPTH = 12  # deeper than ① is a malformed draft, not a plan
TEXT_FIELDS = ("label", "heading", "text")


def _errors(exc: ValidationError) -> str:
    return "；".join(str(e) for e in exc.messages)


def _str(value, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, (str, int, float)):
        raise ValidationError(m.DRAFT_INVALID)
    return str(value).strip()


def _require_plan(plan) -> None:
    if not isinstance(plan, dict) or plan.get("schema") != SCHEMA:
        raise ValidationError(m.DRAFT_INVALID)
    for key in ("outline", "phases", "quotas"):
        value = plan.get(key) or []
        if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
            raise ValidationError(m.DRAFT_INVALID)


# --- task writes that the campaign services do not have ---------------------------------

task_update = cs.task_update  # one edit service, with its whitelist of fields
task_delete = cs.task_delete


# --- creating a campaign from a draft ----------------------------------------------------

def _phase_rows(plan: dict, year: int | None = None) -> list[dict]:
    rows = []
    for n, p in enumerate(plan.get("phases") or [], 1):
        name = _str(p.get("name"))
        if not name:
            raise ValidationError(str(m.PHASE_NAME_REQUIRED).format(n=n))
        row = {"name": name[:100], "order": n}
        for key, which, end in (("start", m.START, False), ("end", m.END, True)):
            value = p.get(key)
            if value in (None, ""):
                raise ValidationError(str(m.PHASE_DATE_MISSING).format(name=name, which=which))
            try:
                row[key] = resolve_date(_str(value), end=end, year=year)
            except ValueError:
                raise ValidationError(str(m.PHASE_DATE_INVALID).format(name=name, which=which, value=value))
        opens = p.get("opens") or []
        row["opens"] = [w for w in opens if w in WorkKind.values] if isinstance(opens, list) else []
        rows.append(row)
    return rows


def _quota_rows(plan: dict) -> list[dict]:
    rows = []
    for n, q in enumerate(plan.get("quotas") or [], 1):
        level = _str(q.get("level")) or quota_level(_str(q.get("what")))
        if level not in DemoLevel.values:
            raise ValidationError(str(m.QUOTA_LEVEL_REQUIRED).format(n=n))
        try:
            count = int(q.get("count"))
        except (TypeError, ValueError):
            count = 0
        if not 1 <= count <= 1000:
            raise ValidationError(str(m.QUOTA_COUNT_INVALID).format(n=n))
        note = _str(q.get("note"))
        if not note and _str(q.get("scope")) not in ("", "全系统"):
            note = _str(q.get("scope"))
        kind = _str(q.get("kind")) or QuotaKind.CAP.value
        if kind not in QuotaKind.values:
            raise ValidationError(str(m.QUOTA_KIND_INVALID).format(n=n))
        rows.append({"level": level, "kind": kind, "count": count, "per_child": bool(q.get("per_unit")), "note": note[:200]})
    return rows


def _node_values(node: dict, previous: str) -> dict:
    label, heading, text = (_str(node.get(f)) for f in TEXT_FIELDS)
    if not (label or heading or text):
        raise ValidationError(str(m.TASK_EMPTY).format(after=previous or "—"))
    heading, text = split_heading(heading, text)
    return {"label": label, "heading": heading, "text": text}


def _due_of(node: dict, campaign: Campaign, late: list | None):
    """A node's due date if it lies within the campaign; else None, kept as a milestone instead."""
    try:
        due = resolve_date(node.get("due"), end=True, year=campaign.year)
    except (ValueError, TypeError):
        return None
    if due is None:
        return None
    if (campaign.start_date and due < campaign.start_date) or (campaign.end_date and due > campaign.end_date):
        if late is not None:
            late.append((node, due))
        return None
    return due


def _create_nodes(*, actor, campaign: Campaign, nodes: list[dict], parent: Task | None, path: list[dict],
                  counter: list, start_order: int = 1, created: list | None = None, late: list | None = None) -> None:
    if len(path) >= MAX_DEPTH:
        raise ValidationError(m.DRAFT_INVALID)
    for order, node in enumerate(nodes, start_order):
        if not isinstance(node, dict) or not isinstance(node.get("children") or [], list):
            raise ValidationError(m.DRAFT_INVALID)
        values = _node_values(node, counter[1])
        here = path + [values]
        # Without a mark (a plan straight from the parser) a node with children is a heading.
        kind = node.get("kind") or (HEADING if node.get("children") else "task")
        applies_to = [] if kind == HEADING else applies_to_for(here)
        try:
            task = cs.task_create(actor=actor, campaign=campaign, parent=parent, order=order, level=1,
                                  applies_to=applies_to, due_date=_due_of(node, campaign, late), **values)
        except ValidationError as exc:
            name = values["label"] + (values["heading"][:30] or values["text"][:30])
            raise ValidationError(str(m.TASK_INVALID).format(name=name, error=_errors(exc)))
        counter[0] += 1
        counter[1] = str(task)[:40]
        if created is not None:
            created.append(task)
        _create_nodes(actor=actor, campaign=campaign, nodes=node.get("children") or [], parent=task, path=here,
                      counter=counter, created=created, late=late)


@transaction.atomic
def plan_import_create(*, actor, issuer: Unit, plan: dict) -> Campaign:
    """Create a draft campaign with its phases, quotas and task tree from an edited plan.

    `plan` is a fazhi.plan/1 dict as the import page posts it (see draft.py for the keys it
    adds); Plan.to_dict() of the parser works too. Any error leaves nothing written.
    """
    require_role(actor, OFFICE, issuer, m.NOT_OFFICE)
    _require_plan(plan)
    title = _str(plan.get("title"))[:200]
    if not title:
        raise ValidationError(m.TITLE_REQUIRED)
    year = plan.get("year") or (int(plan["date"][:4]) if isinstance(plan.get("date"), str) and plan["date"][:4].isdigit() else None)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(m.YEAR_INVALID)
    if not 2000 <= year <= 2100:
        raise ValidationError(m.YEAR_INVALID)
    phases, quotas = _phase_rows(plan, year), _quota_rows(plan)
    if not plan.get("outline"):
        raise ValidationError(m.NOTHING_TO_CREATE)
    # The campaign runs from the first phase's start to the last phase's end.
    start = min((p["start"] for p in phases), default=None)
    end = max((p["end"] for p in phases), default=None)
    campaign = cs.campaign_create(actor=actor, issuer=issuer, title=title, year=year,
                                  doc_number=_str(plan.get("doc_number"))[:60], plan_text=_str(plan.get("text")),
                                  start_date=start, end_date=end, status=CampaignStatus.DRAFT)
    for row in phases:
        try:
            cs.phase_create(actor=actor, campaign=campaign, **row)
        except ValidationError as exc:
            raise ValidationError(str(m.PHASE_INVALID).format(name=row["name"], error=_errors(exc)))
    for row in quotas:
        # "各县（市、区）各培养1个": one quota on the issuer counted for each of its direct children.
        cs.quota_create(actor=actor, campaign=campaign, level=row["level"], count=row["count"], kind=row["kind"],
                        scope=issuer if row["per_child"] else None, per_child=row["per_child"], note=row["note"])
    counter, created, late = [0, ""], [], []
    _create_nodes(actor=actor, campaign=campaign, nodes=plan["outline"], parent=None, path=[], counter=counter,
                  created=created, late=late)
    keep_the_rest(actor=actor, campaign=campaign, plan=plan, late=late)
    _assign_responsibilities(actor=actor, campaign=campaign, plan=plan, tasks=created)
    plan_imported.send(sender=Campaign, campaign=campaign, actor=actor, meetings=list(plan.get("meetings") or []))
    return campaign


def keep_the_rest(*, actor, campaign: Campaign, plan: dict, late: list) -> None:
    """Milestones (deadlines of no task, and task deadlines outside the campaign) and numeric rules."""
    for node, due in late:
        cs.milestone_create(actor=actor, campaign=campaign, date=due, line=(node.get("lines") or [None])[0],
                            what=(_str(node.get("label")) + _str(node.get("heading")))[:300] or "—")
    for row in plan.get("milestones") or []:
        if not isinstance(row, dict) or not _str(row.get("what")):
            continue
        try:
            day = resolve_date(row.get("date"), end=True, year=campaign.year)
        except (ValueError, TypeError):
            day = None
        recurring = row.get("recurring") if row.get("recurring") in Recurrence.values else ""
        if day is None and not recurring:
            continue
        cs.milestone_create(actor=actor, campaign=campaign, date=day, what=_str(row.get("what"))[:300],
                            who=_str(row.get("who"))[:200], to=_str(row.get("to"))[:200], recurring=recurring,
                            line=row.get("line") if isinstance(row.get("line"), int) else None)
    for r in plan.get("rules") or []:
        if not isinstance(r, dict) or r.get("op") not in (">=", "<=") or not isinstance(r.get("value"), (int, float)):
            continue
        cs.plan_rule_create(actor=actor, campaign=campaign, subject=_str(r.get("subject"))[:200] or "—", op=r["op"],
                            value=r["value"], unit=_str(r.get("unit"))[:20], per=_str(r.get("per"))[:10],
                            of=_str(r.get("of"))[:200], text=_str(r.get("text")),
                            line=r.get("line") if isinstance(r.get("line"), int) else None)


# --- responsibilities (工作任务 | 牵头处室 | 责任单位 | 完成时限) → assignments ------------------------

NAME_SPLIT = re.compile(r"[、，,；;/\s]+")


def match_units(issuer: Unit, names: str) -> tuple[list[Unit], list[str]]:
    """Units of the issuer's subtree named in a 责任单位 cell; and the names that match none."""
    units = list(Unit.objects.filter(path__startswith=issuer.path, is_active=True).only("id", "name", "short_name", "path", "kind"))
    found, missing = [], []
    for name in [n for n in NAME_SPLIT.split(names or "") if n]:
        exact = [u for u in units if name in (u.name, u.short_name)]
        loose = exact or [u for u in units if name in u.name or (u.short_name and u.short_name in name)]
        if len(loose) == 1 or exact:
            found.append(loose[0])
        else:
            missing.append(name)
    return found, missing


def _match_task(tasks: list[Task], text: str) -> Task | None:
    text = (text or "").strip()
    if not text:
        return None
    for t in tasks:
        if text in (t.label, t.label + t.heading, t.heading) or t.heading.startswith(text) or text.startswith(t.heading or "\0"):
            return t
    return None


def responsibility_warnings(*, issuer: Unit, plan: dict, tasks: list | None = None) -> list[str]:
    """What the draft page says about 责任单位 it cannot match (nothing is written)."""
    out = []
    for r in plan.get("responsibilities") or []:
        if not isinstance(r, dict):
            continue
        _units, missing = match_units(issuer, _str(r.get("responsible")))
        out += [str(m.RESPONSIBLE_UNMATCHED).format(name=name, line=r.get("line") or "—") for name in missing]
    return out


def _assign_responsibilities(*, actor, campaign: Campaign, plan: dict, tasks: list[Task]) -> None:
    for r in plan.get("responsibilities") or []:
        if not isinstance(r, dict):
            continue
        task = _match_task(tasks, _str(r.get("task")))
        units, _missing = match_units(campaign.issuer, _str(r.get("responsible")))
        if task is None or not units:
            continue
        try:
            due = resolve_date(_str(r.get("due")) or None, end=True, year=campaign.year)
        except ValueError:
            due = None
        if due and campaign.start_date and campaign.end_date and not campaign.start_date <= due <= campaign.end_date:
            due = None
        cs.assignments_create(actor=actor, task=task, units=units, due_date=due)


# --- applying a revised plan ----------------------------------------------------------------

@dataclass
class RevisionResult:
    diff: PlanDiff
    added: int = 0
    changed: int = 0
    deleted: int = 0
    kept: int = 0


def _fix_sort_keys(campaign: Campaign) -> None:
    # sort_key is an index derived from the orders on the path, not data of its own: when a
    # parent moved, its descendants' keys are recomputed here without audit rows of their own.
    tasks = list(Task.objects.filter(campaign=campaign).order_by("level", "id"))
    by_id = {t.pk: t for t in tasks}
    keys: dict[int, str] = {}

    def key(t: Task) -> str:
        if t.pk not in keys:
            prefix = key(by_id[t.parent_id]) if t.parent_id in by_id else ""
            keys[t.pk] = f"{prefix}{t.order:05d}."
        return keys[t.pk]

    stale = []
    for t in tasks:
        if t.sort_key != key(t):
            t.sort_key = keys[t.pk]
            stale.append(t)
    Task.objects.bulk_update(stale, ["sort_key"])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)


@transaction.atomic
def plan_import_revise(*, actor, campaign: Campaign, plan: dict, fingerprint: str | None = None) -> RevisionResult:
    """Apply a revised plan to a campaign's task tree: add new tasks, update changed ones,
    delete removed ones unless a unit holds them (those stay and are reported as kept).

    `fingerprint` is the one the preview showed: if the tree changed since, nothing is
    written and the office is asked to look at the differences again.
    """
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_plan(plan)
    campaign = Campaign.objects.select_for_update().select_related("issuer").get(pk=campaign.pk)
    diff = plan_diff(campaign=campaign, plan=plan)
    if fingerprint is not None and fingerprint != diff.fingerprint:
        raise ValidationError(m.TREE_CHANGED)
    result = RevisionResult(diff=diff)

    def place(new_nodes: list[dict], parent: Task | None, parent_key, path: list[dict]):
        order = 0
        for node in new_nodes:
            order += 1
            old: OldNode | None = diff.matches.get(id(node))
            if old is None:
                counter = [0, ""]
                _create_nodes(actor=actor, campaign=campaign, nodes=[node], parent=parent, path=path, counter=counter,
                              start_order=order)
                result.added += counter[0]
                continue
            values = _node_values(node, "")
            task = old.task
            task.campaign = campaign
            fields = {f: v for f, v in values.items() if getattr(task, f) != v}
            if any(f in fields for f in TEXT_FIELDS):
                result.changed += 1
            if task.order != order:
                fields["order"] = order
            if fields:
                task_update(actor=actor, task=task, **fields)
            place(node.get("children") or [], task, id(node), path + [values])
        for old in diff.unmatched_old.get(parent_key, []):
            order = _remove(old, order)

    def _remove(old: OldNode, order: int) -> int:
        if old.assigned == 0:
            old.task.campaign = campaign
            result.deleted += task_delete(actor=actor, task=old.task)
            return order
        # Held by a unit: stays, after the plan's tasks, so that its number cannot collide.
        order += 1
        result.kept += 1
        task = old.task
        task.campaign = campaign
        if task.order != order:
            task_update(actor=actor, task=task, order=order)
        child_order = 0
        for child in old.children:
            child_order = _remove(child, child_order)
        return order

    place(plan.get("outline") or [], None, None, [])
    _fix_sort_keys(campaign)
    text = _str(plan.get("text"))
    if text and text != campaign.plan_text:
        cs.campaign_update(actor=actor, campaign=campaign, plan_text=text)
    return result

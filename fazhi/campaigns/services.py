"""Every write of the campaigns app: one transaction, a permission check, an audit row."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from fazhi.audit.services import audit_bulk, audit_record, snapshot
from fazhi.core.files import check_upload
from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today
from fazhi.core import rollups
from fazhi.notices.delivery import link_to, notify_on_commit, users_with_role, users_with_role_on
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role, require_role, units_outside_role

from . import messages as m
from .choices import LEVEL_OF_UNIT_KIND, AssignmentStatus, CampaignStatus, QuotaKind, ReportStatus, WorkKind
from .models import Assignment, Campaign, DemoSite, Evidence, Milestone, Phase, PlanRule, ProgressReport, Quota, Task

OFFICE = [Role.OFFICE]
LIAISON = [Role.LIAISON]


def _saved(obj, *, actor, action: str, unit=None, before=None):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


# --- campaign, phases, quotas, tasks -------------------------------------------

@transaction.atomic
def campaign_create(*, actor, issuer: Unit, title: str, year: int, doc_number: str = "", plan_text: str = "",
                    start_date: dt.date | None = None, end_date: dt.date | None = None,
                    status: str = CampaignStatus.DRAFT) -> Campaign:
    require_role(actor, OFFICE, issuer, m.NOT_OFFICE)
    campaign = Campaign(issuer=issuer, title=title, year=year, doc_number=doc_number, plan_text=plan_text,
                        start_date=start_date, end_date=end_date, status=status)
    return _saved(campaign, actor=actor, action="campaign.create", unit=issuer)


CAMPAIGN_EDITABLE = ("title", "doc_number", "year", "start_date", "end_date", "plan_text", "parent")
PHASE_EDITABLE = ("name", "start", "end", "order", "opens")
QUOTA_EDITABLE = ("level", "count", "kind", "scope", "per_child", "note")
TASK_EDITABLE = ("parent", "label", "heading", "text", "order", "applies_to", "phase", "due_date")
ASSIGNMENT_EDITABLE = ("due_date", "responsible")


def _apply(obj, fields: dict, allowed: tuple[str, ...]) -> None:
    """Set only the whitelisted fields; anything else is refused by name, nothing set."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(str(m.FIELD_NOT_EDITABLE).format(fields="、".join(unknown)))
    for name in allowed:
        if name in fields:
            setattr(obj, name, fields[name])


def _require_open(campaign: Campaign) -> None:
    # Read the status from the database: the object in hand may predate a close.
    status = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).first()
    if status == CampaignStatus.CLOSED:
        raise ValidationError(str(m.CAMPAIGN_CLOSED).format(title=campaign.title))


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's title, number, year, dates, plan text or linked parent (not its status)."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    campaign = Campaign.objects.select_for_update().select_related("issuer").get(pk=campaign.pk)
    _require_open(campaign)
    before = snapshot(campaign)
    _apply(campaign, fields, CAMPAIGN_EDITABLE)
    if campaign.parent_id and campaign.parent_id == campaign.pk:
        raise ValidationError({"parent": m.LINK_SELF})
    return _saved(campaign, actor=actor, action="campaign.update", unit=campaign.issuer, before=before)


# --- life cycle: 草稿 → 进行中 → 已结束 (→ 进行中 with a reason) ---------------------------

def campaign_readiness(campaign: Campaign) -> list[str]:
    """What a campaign still lacks before it can run, in Chinese; empty when ready."""
    missing: list[str] = []
    start, end = campaign.start_date, campaign.end_date
    if not (start and end):
        missing.append(str(m.READY_NO_DATES))
    phases = list(campaign.phases.all())
    if not phases:
        missing.append(str(m.READY_NO_PHASE))
    for p in phases:
        if start and end and (p.start < start or p.end > end):
            missing.append(str(m.READY_PHASE_OUTSIDE).format(name=p.name, start=cn_date(p.start), end=cn_date(p.end),
                                                           cstart=cn_date(start), cend=cn_date(end)))
    tasks = list(campaign.tasks.annotate(n_assigned=Count("assignments")).order_by("sort_key"))
    if not any(t.applies_to for t in tasks):
        missing.append(str(m.READY_NO_TASK))
    for t in tasks:
        # A task given a due date or units is meant to be done: it must say for which kinds of unit.
        if not t.applies_to and (t.due_date or t.n_assigned):
            missing.append(str(m.READY_TASK_KINDS).format(task=str(t)[:40]))
        if t.due_date and start and end and not start <= t.due_date <= end:
            missing.append(str(m.READY_TASK_DUE).format(task=str(t)[:40], due=cn_date(t.due_date)))
    return missing


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("issuer").get(pk=campaign.pk)


@transaction.atomic
def campaign_activate(*, actor, campaign: Campaign) -> Campaign:
    """Start a draft campaign, once it has what it needs to run (else the list of what it lacks)."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(str(m.ACTIVATE_NOT_DRAFT).format(title=campaign.title, status=campaign.get_status_display()))
    missing = campaign_readiness(campaign)
    if missing:
        raise ValidationError([str(m.NOT_READY).format(title=campaign.title, missing="；".join(missing))])
    before = snapshot(campaign)
    campaign.status = CampaignStatus.ACTIVE
    campaign.activated_at = timezone.now()
    return _saved(campaign, actor=actor, action="campaign.activate", unit=campaign.issuer, before=before)


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    """End a running campaign: reporting is frozen, everything stays readable."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(str(m.CLOSE_NOT_ACTIVE).format(title=campaign.title, status=campaign.get_status_display()))
    before = snapshot(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    return _saved(campaign, actor=actor, action="campaign.close", unit=campaign.issuer, before=before)


@transaction.atomic
def campaign_reopen(*, actor, campaign: Campaign, reason: str) -> Campaign:
    """Open a closed campaign again; the reason is kept in the audit row."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.CLOSED:
        raise ValidationError(str(m.REOPEN_NOT_CLOSED).format(title=campaign.title, status=campaign.get_status_display()))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": m.REOPEN_REASON_REQUIRED})
    before = snapshot(campaign)
    campaign.status = CampaignStatus.ACTIVE
    campaign.closed_at = None
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action="campaign.reopen", obj=campaign, before=before,
                 after=dict(snapshot(campaign), reason=reason), unit=campaign.issuer)
    return campaign


def phase_warnings(campaign: Campaign, phases: list[Phase] | None = None) -> list[str]:
    """Doubtful phases, said rather than refused: outside the campaign, overlapping, one name twice."""
    phases = sorted(phases if phases is not None else campaign.phases.all(), key=lambda p: (p.start, p.order))
    out = []
    start, end = campaign.start_date, campaign.end_date
    for p in phases:
        if (start and p.start < start) or (end and p.end > end):
            out.append(str(m.PHASE_OUTSIDE_CAMPAIGN).format(name=p.name, start=cn_date(p.start), end=cn_date(p.end),
                                                            cstart=cn_date(start) or "—", cend=cn_date(end) or "—"))
    for a, b in zip(phases, phases[1:]):
        if b.start <= a.end:
            out.append(str(m.PHASES_OVERLAP).format(a=a.name, b=b.name))
    names = [p.name for p in phases]
    for name in sorted({n for n in names if names.count(n) > 1}):
        out.append(str(m.PHASE_NAME_TWICE).format(name=name))
    return out


@transaction.atomic
def phase_create(*, actor, campaign: Campaign, name: str, start: dt.date, end: dt.date, order: int = 0,
                 opens: Iterable[str] = ()) -> Phase:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    phase = Phase(campaign=campaign, name=name, start=start, end=end, order=order, opens=list(opens))
    return _saved(phase, actor=actor, action="phase.create", unit=campaign.issuer)


@transaction.atomic
def quota_create(*, actor, campaign: Campaign, level: str, count: int, scope: Unit | None = None,
                 per_child: bool = False, note: str = "", kind: str = QuotaKind.CAP) -> Quota:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    quota = Quota(campaign=campaign, level=level, count=count, kind=kind or QuotaKind.CAP, scope=scope,
                  per_child=per_child, note=note)
    return _saved(quota, actor=actor, action="quota.create", unit=campaign.issuer)


def _check_due(campaign: Campaign, due: dt.date | None) -> None:
    if due is None:
        return
    if (campaign.start_date and due < campaign.start_date) or (campaign.end_date and due > campaign.end_date):
        raise ValidationError({"due_date": str(m.DUE_OUTSIDE_CAMPAIGN).format(
            due=cn_date(due), start=cn_date(campaign.start_date) or "—", end=cn_date(campaign.end_date) or "—")})


@transaction.atomic
def task_create(*, actor, campaign: Campaign, label: str = "", heading: str = "", text: str = "",
                parent: Task | None = None, order: int = 0, level: int = 1, applies_to: Iterable[str] = (),
                phase: Phase | None = None, due_date: dt.date | None = None) -> Task:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    _check_due(campaign, due_date)
    task = Task(campaign=campaign, parent=parent, label=label, heading=heading, text=text, order=order, level=level,
                applies_to=list(applies_to), phase=phase, due_date=due_date)
    return _saved(task, actor=actor, action="task.create", unit=campaign.issuer)



@transaction.atomic
def phase_update(*, actor, phase: Phase, **fields) -> Phase:
    campaign = phase.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    before = snapshot(phase)
    if "opens" in fields:
        fields["opens"] = [w for w in fields["opens"] or [] if w in WorkKind.values]
    _apply(phase, fields, PHASE_EDITABLE)
    return _saved(phase, actor=actor, action="phase.update", unit=campaign.issuer, before=before)


@transaction.atomic
def phase_delete(*, actor, phase: Phase) -> None:
    """Remove a phase no task belongs to (a phase with tasks would leave them without a schedule)."""
    campaign = phase.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    count = phase.tasks.count()
    if count:
        raise ValidationError(str(m.PHASE_HAS_TASKS).format(name=phase.name, count=count))
    audit_record(actor=actor, action="phase.delete", obj=phase, before=snapshot(phase), after=None, unit=campaign.issuer)
    phase.delete()


@transaction.atomic
def quota_update(*, actor, quota: Quota, **fields) -> Quota:
    campaign = quota.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    if fields.get("scope") is not None and not has_role(actor, OFFICE, fields["scope"]):
        raise ValidationError(str(m.UNIT_OUT_OF_SCOPE).format(unit=fields["scope"].name))
    before = snapshot(quota)
    _apply(quota, fields, QUOTA_EDITABLE)
    return _saved(quota, actor=actor, action="quota.update", unit=campaign.issuer, before=before)


@transaction.atomic
def quota_delete(*, actor, quota: Quota) -> None:
    campaign = quota.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    audit_record(actor=actor, action="quota.delete", obj=quota, before=snapshot(quota), after=None, unit=campaign.issuer)
    quota.delete()


def resort_tasks(campaign: Campaign) -> None:
    """Recompute the depth-first sort keys and levels after a task moved.

    sort_key and level are derived from the tree, not data of their own: no audit rows.
    """
    tasks = list(Task.objects.filter(campaign=campaign).order_by("level", "id"))
    by_id = {t.pk: t for t in tasks}
    keys: dict[int, tuple[str, int]] = {}

    def key(t: Task) -> tuple[str, int]:
        if t.pk not in keys:
            parent = by_id.get(t.parent_id)
            prefix, level = key(parent) if parent else ("", 0)
            keys[t.pk] = (f"{prefix}{t.order:05d}.", level + 1)
        return keys[t.pk]

    stale = []
    for t in tasks:
        sort_key, level = key(t)
        if (t.sort_key, t.level) != (sort_key, level):
            t.sort_key, t.level = sort_key, level
            stale.append(t)
    Task.objects.bulk_update(stale, ["sort_key", "level"])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)


@transaction.atomic
def task_update(*, actor, task: Task, **fields) -> Task:
    """Edit, renumber, move (parent, order) or change the unit kinds of a task; the audit row keeps
    before and after."""
    campaign = task.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    parent = fields.get("parent", task.parent)
    if parent is not None:
        if parent.campaign_id != campaign.pk:
            raise ValidationError({"parent": m.TASK_PARENT_OTHER_CAMPAIGN})
        if task.pk and (parent.pk == task.pk or parent.sort_key.startswith(task.sort_key)):
            raise ValidationError({"parent": m.TASK_PARENT_CYCLE})
    phase = fields.get("phase", None)
    if phase is not None and phase.campaign_id != campaign.pk:
        raise ValidationError({"phase": m.PHASE_OTHER_CAMPAIGN})
    if "due_date" in fields:
        _check_due(campaign, fields["due_date"])
    if "applies_to" in fields:
        fields["applies_to"] = [k for k in UnitKind.values if k in (fields["applies_to"] or [])]
    before = snapshot(task)
    moved = ("parent" in fields and fields["parent"] != task.parent) or ("order" in fields and fields["order"] != task.order)
    _apply(task, fields, TASK_EDITABLE)
    _saved(task, actor=actor, action="task.update", unit=campaign.issuer, before=before)
    if moved:
        resort_tasks(campaign)
        task.refresh_from_db()
    return task

@transaction.atomic
def task_delete(*, actor, task: Task) -> int:
    """Delete a task and its subtree, one audit row each, unless a unit holds any of them:
    an assigned task belongs to the ledger and stays. Returns the number deleted."""
    require_role(actor, OFFICE, task.campaign.issuer, m.NOT_OFFICE)
    _require_open(task.campaign)
    subtree, frontier = [task], [task.pk]
    while frontier:
        children = list(Task.objects.filter(parent_id__in=frontier))
        subtree += children
        frontier = [c.pk for c in children]
    if Task.objects.filter(pk__in=[t.pk for t in subtree], assignments__isnull=False).exists():
        raise ValidationError(str(m.TASK_HAS_ASSIGNMENTS).format(name=str(task)))
    for t in reversed(subtree):  # children before their parents
        audit_record(actor=actor, action="task.delete", obj=t, before=snapshot(t), after=None, unit=task.campaign.issuer)
        Task.objects.filter(pk=t.pk).delete()
    return len(subtree)


@transaction.atomic
def milestone_create(*, actor, campaign: Campaign, what: str, date: dt.date | None = None, who: str = "", to: str = "",
                     recurring: str = "", line: int | None = None) -> Milestone:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    milestone = Milestone(campaign=campaign, what=what, date=date, who=who, to=to, recurring=recurring, line=line)
    return _saved(milestone, actor=actor, action="milestone.create", unit=campaign.issuer)


@transaction.atomic
def plan_rule_create(*, actor, campaign: Campaign, subject: str, op: str, value, unit: str = "", per: str = "",
                     of: str = "", text: str = "", line: int | None = None, source: str = "plan") -> PlanRule:
    """Keep a numeric rule of the plan with the campaign, for the indicators to check later."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    rule = PlanRule(campaign=campaign, subject=subject, op=op, value=decimal.Decimal(str(value)), unit=unit, per=per,
                    of=of, text=text, line=line, source=source)
    return _saved(rule, actor=actor, action="plan_rule.create", unit=campaign.issuer)


# --- 示范点名单: the demonstration sites a campaign names ------------------------------------

@transaction.atomic
def demo_site_add(*, actor, campaign: Campaign, unit: Unit, day: dt.date | None = None) -> DemoSite:
    """Put a unit of the issuer's subtree on the campaign's 示范点名单; its level follows its kind."""
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    if not unit.path.startswith(campaign.issuer.path):
        raise ValidationError({"unit": str(m.SITE_OUTSIDE_ISSUER).format(unit=unit.name, issuer=campaign.issuer.name)})
    level = LEVEL_OF_UNIT_KIND.get(unit.kind)
    if level is None:
        raise ValidationError({"unit": str(m.SITE_KIND).format(unit=unit.name, kind=unit.get_kind_display())})
    if DemoSite.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError({"unit": str(m.SITE_TWICE).format(unit=unit.name)})
    site = DemoSite(campaign=campaign, unit=unit, level=level, listed_on=day or local_today())
    return _saved(site, actor=actor, action="demo_site.add", unit=campaign.issuer)


@transaction.atomic
def demo_site_remove(*, actor, site: DemoSite) -> None:
    campaign = site.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    audit_record(actor=actor, action="demo_site.remove", obj=site, before=snapshot(site), after=None, unit=campaign.issuer)
    site.delete()


# --- assignments -----------------------------------------------------------------

def units_for_assignment(*, under: Unit, kinds: Iterable[str] = ()) -> list[Unit]:
    """"every institution under 泽州县": the units of a subtree, optionally of some kinds."""
    qs = Unit.objects.filter(path__startswith=under.path, is_active=True)
    kinds = list(kinds)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return list(qs)


@transaction.atomic
def assignments_create(*, actor, task: Task, units: Iterable[Unit], due_date: dt.date | None = None) -> tuple[list[Assignment], int]:
    """Assign one task to many units at once. Units already holding the task are skipped.

    Returns (created assignments, number skipped). All or nothing: one unit out of scope
    refuses the whole call. Written in bulk, so that a province's 5,000 units cost the same
    handful of queries as one: the scope of the whole set checked in one query, the rows in one
    insert, one audit row listing their ids, the units' liaisons told in one message.
    """
    units = list({u.pk: u for u in units}.values())  # a unit chosen twice is assigned once
    if not units:
        raise ValidationError(m.NO_UNITS_SELECTED)
    campaign = task.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    _require_open(campaign)
    outside = units_outside_role(actor, OFFICE, [u.pk for u in units])
    if outside:
        first = next(u for u in units if u.pk in outside)
        raise ValidationError(str(m.UNIT_OUT_OF_SCOPE).format(unit=first.name))
    due = due_date or task.due_date or campaign.end_date
    if due is None:
        raise ValidationError({"due_date": m.DUE_OUTSIDE_CAMPAIGN})
    _check_due(campaign, due)
    existing: set[int] = set()
    for start in range(0, len(units), 20000):
        existing.update(Assignment.objects.filter(task=task, unit_id__in=[u.pk for u in units[start:start + 20000]])
                        .values_list("unit_id", flat=True))
    fresh = [u for u in units if u.pk not in existing]
    if not fresh:
        return [], len(existing)
    created = Assignment.objects.bulk_create([Assignment(task=task, unit=u, due_date=due) for u in fresh], batch_size=5000)
    heading = str(task)[:40]
    audit_bulk(actor=actor, action="assignment.create", model=Assignment, ids=[a.pk for a in created],
               summary=f"{task} × {len(created)}" if len(created) > 1 else str(created[0]),
               unit_paths=[u.path for u in fresh],
               after={"task_id": task.pk, "due_date": due.isoformat(), "status": AssignmentStatus.NOT_STARTED,
                      "units": [u.pk for u in fresh]})
    notify_on_commit(users_with_role_on(Role.LIAISON, [u.pk for u in fresh]),
                     str(m.TASK_ASSIGNED).format(task=heading, due=cn_date(due)),
                     key=f"task-assigned:{task.pk}", subject=task, link=link_to("campaigns:mine"))
    return created, len(existing)


@transaction.atomic
def assignment_start(*, actor, assignment: Assignment) -> Assignment:
    require_role(actor, LIAISON, assignment.unit, m.NOT_LIAISON)
    if assignment.status != AssignmentStatus.NOT_STARTED:
        return assignment
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.IN_PROGRESS
    return _saved(assignment, actor=actor, action="assignment.start", before=before)


@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, **fields) -> Assignment:
    """The office changes the due date; the office or the unit's liaison names the responsible person."""
    assignment = Assignment.objects.select_for_update().select_related("task__campaign__issuer", "unit").get(pk=assignment.pk)
    campaign = assignment.task.campaign
    if set(fields) - {"responsible"}:
        require_role(actor, OFFICE, assignment.unit, m.NOT_OFFICE)
    elif not (has_role(actor, OFFICE, assignment.unit) or has_role(actor, LIAISON, assignment.unit)):
        raise PermissionDenied(m.NOT_LIAISON_OR_OFFICE)
    _require_open(campaign)
    if assignment.status == AssignmentStatus.WITHDRAWN:
        raise ValidationError(m.ASSIGNMENT_WITHDRAWN)
    if "due_date" in fields:
        if fields["due_date"] is None:
            raise ValidationError({"due_date": m.DUE_OUTSIDE_CAMPAIGN})
        _check_due(campaign, fields["due_date"])
    person = fields.get("responsible")
    if person is not None and person.unit_id != assignment.unit_id:
        raise ValidationError({"responsible": str(m.RESPONSIBLE_OTHER_UNIT).format(person=person.name, unit=assignment.unit.name)})
    before = snapshot(assignment)
    _apply(assignment, fields, ASSIGNMENT_EDITABLE)
    return _saved(assignment, actor=actor, action="assignment.update", unit=assignment.unit, before=before)


@transaction.atomic
def assignment_withdraw(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """Take a task back from a unit, with a reason. Kept, not deleted; refused once a report was accepted."""
    assignment = Assignment.objects.select_for_update().select_related("task__campaign__issuer", "unit").get(pk=assignment.pk)
    require_role(actor, OFFICE, assignment.unit, m.NOT_OFFICE)
    _require_open(assignment.task.campaign)
    if assignment.status == AssignmentStatus.WITHDRAWN:
        raise ValidationError(m.ASSIGNMENT_WITHDRAWN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": m.WITHDRAW_REASON_REQUIRED})
    accepted = assignment.reports.filter(status=ReportStatus.ACCEPTED).count()
    if accepted:
        raise ValidationError(str(m.WITHDRAW_HAS_ACCEPTED).format(unit=assignment.unit.name, count=accepted))
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.withdrawn_reason = reason
    return _saved(assignment, actor=actor, action="assignment.withdraw", unit=assignment.unit, before=before)


def work_closed_message(campaign: Campaign, work: str, day: dt.date | None = None) -> str:
    """Why this kind of work cannot be done today, and when it opens next; "" when it is open.
    Pages show it before anyone starts typing; services refuse with it."""
    day = day or local_today()
    if campaign.status != CampaignStatus.ACTIVE:
        return str(m.CAMPAIGN_NOT_ACTIVE).format(title=campaign.title)
    phases = [p for p in campaign.phases.all() if p.opens_work(work)]
    if not phases or any(p.start <= day <= p.end for p in phases):
        return ""
    listed = "；".join(str(m.WORK_CLOSED_PHASE).format(name=p.name, start=cn_date(p.start), end=cn_date(p.end)) for p in phases)
    upcoming = min((p.start for p in phases if p.start > day), default=None)
    when = str(m.WORK_OPENS_ON).format(date=cn_date(upcoming)) if upcoming else str(m.WORK_NOT_AGAIN)
    return str(m.WORK_CLOSED).format(work=WorkKind(work).label, phases=listed, today=cn_date(day)) + when


def require_work_open(campaign: Campaign, work: str, day: dt.date | None = None) -> None:
    """Refuse work (progress reporting, self-assessment, …) outside the phases that open it.

    A campaign none of whose phases mentions this kind of work leaves it open all along.
    """
    message = work_closed_message(campaign, work, day)
    if message:
        raise ValidationError(message)


# --- progress reports and their review --------------------------------------------

REPORTABLE = {AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.RETURNED}


@transaction.atomic
def progress_report_submit(*, actor, assignment: Assignment, text: str, progress: int = 100,
                           files: Iterable = (), day: dt.date | None = None) -> ProgressReport:
    """A liaison reports progress with evidence; the assignment then awaits the office's review."""
    require_role(actor, LIAISON, assignment.unit, m.NOT_LIAISON)
    assignment = Assignment.objects.select_for_update().select_related("task__campaign").get(pk=assignment.pk)
    require_work_open(assignment.task.campaign, WorkKind.PROGRESS, day)
    if assignment.status not in REPORTABLE:
        raise ValidationError(str(m.REPORT_NOT_ALLOWED).format(status=assignment.get_status_display()))
    if not (text or "").strip():
        raise ValidationError({"text": m.REPORT_TEXT_REQUIRED})
    if progress is None or not 0 <= int(progress) <= 100:
        raise ValidationError({"progress": m.PROGRESS_RANGE})
    checked = [(f, check_upload(f)) for f in files]  # every file is checked before anything is written
    report = _saved(ProgressReport(assignment=assignment, author=actor, text=text.strip(), progress=int(progress)),
                    actor=actor, action="progress_report.submit", unit=assignment.unit)
    for upload, info in checked:
        evidence = Evidence(report=report, original_name=info.name[:255], sha256=info.sha256, mime=info.mime, size=info.size)
        evidence.file.save(info.sha256, upload, save=False)
        _saved(evidence, actor=actor, action="evidence.upload", unit=assignment.unit)
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.PENDING_REVIEW
    _saved(assignment, actor=actor, action="assignment.report", unit=assignment.unit, before=before)
    # The office that can review it is told (the issuer's office and offices above the unit).
    task = assignment.task
    notify_on_commit(users_with_role(Role.OFFICE, assignment.unit), str(m.REPORT_AWAITS_REVIEW).format(
        unit=assignment.unit.name, task=(task.label + (task.heading or task.text))[:40]),
        key=f"report:{report.pk}", subject=report, link=link_to("campaigns:assignment", assignment.pk))
    return report


@transaction.atomic
def progress_report_review(*, actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    """The office accepts a report (done at 100 %, otherwise in progress) or returns it with a reason."""
    report = ProgressReport.objects.select_for_update().select_related("assignment__unit").get(pk=report.pk)
    assignment = report.assignment
    require_role(actor, OFFICE, assignment.unit, m.NOT_OFFICE)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(m.REVIEW_NOT_PENDING)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": m.RETURN_REASON_REQUIRED})
    before = snapshot(report)
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.reviewer = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    _saved(report, actor=actor, action="progress_report.accept" if accept else "progress_report.return",
           unit=assignment.unit, before=before)
    before = snapshot(assignment)
    if accept:
        assignment.progress = report.progress
        done = report.progress >= 100
        assignment.status = AssignmentStatus.DONE if done else AssignmentStatus.IN_PROGRESS
        assignment.completed_at = timezone.now() if done else None
    else:
        assignment.status = AssignmentStatus.RETURNED
        notify_on_commit({report.author_id}, str(m.REPORT_RETURNED).format(task=str(assignment.task)[:40], reason=comment[:80]),
                         key=f"report-returned:{report.pk}", subject=report, link=link_to("campaigns:assignment", assignment.pk))
    _saved(assignment, actor=actor, action="assignment.review", unit=assignment.unit, before=before)
    return report

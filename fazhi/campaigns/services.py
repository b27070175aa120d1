"""Every write of the campaigns app: one transaction, a permission check, an audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.core.files import check_upload
from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role, require_role

from . import messages as m
from .choices import AssignmentStatus, CampaignStatus, ReportStatus, WorkKind
from .models import Assignment, Campaign, Evidence, Phase, ProgressReport, Quota, Task

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


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    before = snapshot(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    return _saved(campaign, actor=actor, action="campaign.update", unit=campaign.issuer, before=before)


@transaction.atomic
def phase_create(*, actor, campaign: Campaign, name: str, start: dt.date, end: dt.date, order: int = 0,
                 opens: Iterable[str] = ()) -> Phase:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    phase = Phase(campaign=campaign, name=name, start=start, end=end, order=order, opens=list(opens))
    return _saved(phase, actor=actor, action="phase.create", unit=campaign.issuer)


@transaction.atomic
def quota_create(*, actor, campaign: Campaign, level: str, count: int, scope: Unit | None = None,
                 per_child: bool = False, note: str = "") -> Quota:
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    quota = Quota(campaign=campaign, level=level, count=count, scope=scope, per_child=per_child, note=note)
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
    _check_due(campaign, due_date)
    task = Task(campaign=campaign, parent=parent, label=label, heading=heading, text=text, order=order, level=level,
                applies_to=list(applies_to), phase=phase, due_date=due_date)
    return _saved(task, actor=actor, action="task.create", unit=campaign.issuer)


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
    refuses the whole call.
    """
    units = list(units)
    if not units:
        raise ValidationError(m.NO_UNITS_SELECTED)
    campaign = task.campaign
    require_role(actor, OFFICE, campaign.issuer, m.NOT_OFFICE)
    for unit in units:
        if not has_role(actor, OFFICE, unit):
            raise ValidationError(str(m.UNIT_OUT_OF_SCOPE).format(unit=unit.name))
    due = due_date or task.due_date or campaign.end_date
    if due is None:
        raise ValidationError({"due_date": m.DUE_OUTSIDE_CAMPAIGN})
    _check_due(campaign, due)
    existing = set(Assignment.objects.filter(task=task, unit__in=units).values_list("unit_id", flat=True))
    created = []
    for unit in units:
        if unit.pk in existing:
            continue
        created.append(_saved(Assignment(task=task, unit=unit, due_date=due), actor=actor, action="assignment.create", unit=unit))
    return created, len(existing)


@transaction.atomic
def assignment_start(*, actor, assignment: Assignment) -> Assignment:
    require_role(actor, LIAISON, assignment.unit, m.NOT_LIAISON)
    if assignment.status != AssignmentStatus.NOT_STARTED:
        return assignment
    before = snapshot(assignment)
    assignment.status = AssignmentStatus.IN_PROGRESS
    return _saved(assignment, actor=actor, action="assignment.start", before=before)


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
    _saved(assignment, actor=actor, action="assignment.review", unit=assignment.unit, before=before)
    return report

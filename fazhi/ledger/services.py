"""Every write of the problem ledger: one transaction, a permission check, an audit row.

Life cycle: registered (待整改) → measures set (整改中) → completion report (待核验) →
accepted (待销号) or sent back with a reason (已退回, and round again) → closed out
(已销号). The office may reopen a closed problem with a reason; the accepted report is
then superseded and the unit works on it again.

Other ends and gates (seed 004): what policy or conditions do not allow ends 已解释说明 with
the explanation sent back to whoever raised it; a problem in a rectification plan is reported
done only once the office has approved the plan; a 专项整治 entry is closed out only once
checked and evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from fazhi.audit.services import audit_record, snapshot
from fazhi.core.files import check_upload
from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role, require_role

from . import messages as m
from .choices import (EntryType, Evaluation, EventKind, FourNots, NoticeStatus, PlanReview, ProblemSource, ProblemStatus,
                      ReportStatus, Severity, Tier, Trigger, UNIT_OWES)
from .models import (Attachment, CompletionReport, Counter, FourNotsConfirmation, Problem, ProblemCategory,
                     ProblemEvent, Rectification, RectificationPlan, SupervisionNotice)
from .notify import notify_plan, notify_problem, users_with_role
from .signals import problem_closed

RECORDERS = [Role.OFFICE, Role.INSPECTOR, Role.LIAISON, Role.INTAKE]
HANDLERS = [Role.LIAISON, Role.OFFICE]
OFFICE = [Role.OFFICE]
SUPERVISORS = [Role.OFFICE, Role.INSPECTOR]
DEFAULT_CATEGORY = "其他"


def _saved(obj, *, actor, action: str, unit=None, before=None):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


def next_number(kind: str, year: int) -> int:
    """The next serial of a kind and year; the row lock makes it safe across processes."""
    counter, _created = Counter.objects.select_for_update().get_or_create(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _event(problem: Problem, kind: str, actor, text: str = "") -> ProblemEvent:
    event = ProblemEvent(problem=problem, kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
                         text=text)
    event.full_clean()
    event.save()
    return event


def _attach(problem: Problem, event: ProblemEvent | None, files: Iterable, actor) -> list[Attachment]:
    checked = [(f, check_upload(f)) for f in files]  # every file is checked before any is stored
    saved = []
    for upload, info in checked:
        att = Attachment(problem=problem, event=event, original_name=info.name[:255], sha256=info.sha256,
                         mime=info.mime, size=info.size)
        att.file.save(info.sha256, upload, save=False)
        saved.append(_saved(att, actor=actor, action="ledger_attachment.upload", unit=problem.unit))
    return saved


def _moved(problem: Problem) -> None:
    problem.last_moved_at = timezone.now()


def _lock(problem: Problem) -> Problem:
    return Problem.objects.select_for_update().select_related("unit").get(pk=problem.pk)


def _require_status(problem: Problem, allowed) -> None:
    if problem.status not in allowed:
        raise ValidationError(str(m.NOT_RECTIFYING).format(status=problem.get_status_display()))


# Marked for the catalogue: the default categories are shown (and exported) in the user's language.
DEFAULT_CATEGORIES = [gettext_noop("四风"), gettext_noop("行风"), gettext_noop("看病难"), gettext_noop("看病贵"),
                      gettext_noop("依法行政"), gettext_noop("效能"), gettext_noop("医疗质量安全"), gettext_noop("其他")]


def categories_ensure() -> None:
    """The default categories of seeds 003/004 (also installed by migration 0002); the demo
    calls this so that it loads on a database whose migration data was flushed."""
    for order, name in enumerate(DEFAULT_CATEGORIES, start=1):
        ProblemCategory.objects.get_or_create(name=name, defaults={"order": order if name != "其他" else 99})


def category_default() -> ProblemCategory:
    category = ProblemCategory.objects.filter(name=DEFAULT_CATEGORY).first()
    return category or ProblemCategory.objects.get_or_create(name=DEFAULT_CATEGORY, defaults={"order": 99})[0]


def _category(category) -> ProblemCategory:
    if category is None or category == "":
        return category_default()
    if isinstance(category, ProblemCategory):
        return category
    found = ProblemCategory.objects.filter(name=str(category).strip()).first()
    if found is None:
        raise ValidationError({"category": str(m.CATEGORY_UNKNOWN).format(name=category)})
    return found


def resolve_deadline(*, found_on: dt.date, deadline: dt.date | None, deadline_days: int | None,
                     cal: WorkCalendar | None = None) -> dt.date:
    """A deadline given as a date or as N working days from the day the problem was found."""
    if deadline and deadline_days:
        raise ValidationError({"deadline": m.DEADLINE_BOTH})
    if deadline is None and not deadline_days:
        raise ValidationError({"deadline": m.DEADLINE_REQUIRED})
    if deadline_days:
        return (cal or WorkCalendar()).add_working_days(found_on, int(deadline_days))
    if deadline < found_on:
        raise ValidationError({"deadline": str(m.DEADLINE_BEFORE_FOUND).format(deadline=cn_date(deadline),
                                                                               found=cn_date(found_on))})
    return deadline


# --- problems ---------------------------------------------------------------------------

@transaction.atomic
def problem_create(*, actor, unit: Unit, description: str, category=None, source: str = ProblemSource.SELF_CHECK,
                   source_type: str = "", source_id: str = "", cause: str = "other", responsibility: str = "",
                   severity: str = Severity.GENERAL, found_on: dt.date | None = None, four_nots: bool = False,
                   plan: RectificationPlan | None = None, files: Iterable = (), measures: str = "",
                   responsible_person: str = "", deadline: dt.date | None = None,
                   deadline_days: int | None = None, campaign=None, entry_type: str = EntryType.SPECIFIC,
                   lead_department: str = "", lead_person: str = "") -> Problem:
    """Register a problem; with measures, responsible person and deadline it starts rectifying at once."""
    require_role(actor, RECORDERS, unit, m.NOT_RECORDER)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": m.DESCRIPTION_REQUIRED})
    found_on = found_on or local_today()
    if found_on > local_today():
        raise ValidationError({"found_on": str(m.FOUND_IN_FUTURE).format(found=cn_date(found_on))})
    entry_type = entry_type or EntryType.SPECIFIC
    if (lead_department or lead_person) and entry_type != EntryType.CAMPAIGN:
        raise ValidationError({"lead_department": m.NOT_SPECIAL})
    if source_type:
        existing = Problem.objects.filter(source_type=source_type, source_id=str(source_id)).first()
        if existing is not None:
            raise ValidationError(str(m.SOURCE_DUPLICATE).format(number=existing.number))
    rect_given = bool((measures or "").strip() or (responsible_person or "").strip() or deadline or deadline_days)
    if rect_given:
        # Checked before anything is written: a refused deadline leaves no half-registered problem.
        _check_rectification(measures, responsible_person)
        deadline = resolve_deadline(found_on=found_on, deadline=deadline, deadline_days=deadline_days)
    problem = Problem(unit=unit, description=description, category=_category(category), source=source,
                      source_type=source_type or "", source_id=str(source_id or ""), cause=cause or "other",
                      responsibility=responsibility or "", severity=severity or Severity.GENERAL, found_on=found_on,
                      four_nots=four_nots, plan=plan, campaign=campaign, entry_type=entry_type,
                      lead_department=(lead_department or "").strip(), lead_person=(lead_person or "").strip(),
                      recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                      number=f"{found_on.year}-{next_number('problem', found_on.year):04d}")
    _saved(problem, actor=actor, action="problem.create", unit=unit)
    event = _event(problem, EventKind.CREATED, actor)
    _attach(problem, event, files, actor)
    if rect_given:
        _rectification_write(problem, actor=actor, measures=measures, responsible_person=responsible_person,
                             deadline=deadline, deadline_days=deadline_days)
    notify_problem(users_with_role(Role.LIAISON, unit), problem,
                     str(m.NOTIFY_CREATED).format(number=problem.number, text=problem.description[:60]), key=f"created:{problem.pk}")
    return problem


def problem_create_from(*, actor, source_type: str, source_id, unit: Unit, description: str,
                        source: str = ProblemSource.OTHER, **kwargs) -> Problem:
    """For other apps (public submissions, assessment shortfalls): a problem linked to the record
    it came from. Calling it twice for the same record returns the problem already registered."""
    existing = Problem.objects.filter(source_type=source_type, source_id=str(source_id)).first()
    if existing is not None:
        return existing
    return problem_create(actor=actor, unit=unit, description=description, source=source,
                          source_type=source_type, source_id=str(source_id), **kwargs)


# --- rectification ------------------------------------------------------------------------

def _check_rectification(measures: str, responsible_person: str) -> None:
    if not (measures or "").strip():
        raise ValidationError({"measures": m.MEASURES_REQUIRED})
    if not (responsible_person or "").strip():
        raise ValidationError({"responsible_person": m.RESPONSIBLE_REQUIRED})


def _rectification_write(problem: Problem, *, actor, measures, responsible_person, deadline, deadline_days):
    rect = Rectification.objects.filter(problem=problem).first()
    before = snapshot(rect) if rect else None
    rect = rect or Rectification(problem=problem)
    rect.measures, rect.responsible_person = measures.strip(), responsible_person.strip()
    rect.deadline, rect.deadline_days = deadline, deadline_days or None
    rect.set_by = actor if getattr(actor, "is_authenticated", False) else None
    _saved(rect, actor=actor, action="rectification.set", unit=problem.unit, before=before)
    _event(problem, EventKind.PLANNED, actor, str(m.EVENT_PLANNED).format(
        measures=rect.measures, person=rect.responsible_person, deadline=cn_date(deadline)))
    before = snapshot(problem)
    if problem.status == ProblemStatus.OPEN:
        problem.status = ProblemStatus.RECTIFYING
    _moved(problem)
    _saved(problem, actor=actor, action="problem.plan", unit=problem.unit, before=before)
    return rect


@transaction.atomic
def rectification_set(*, actor, problem: Problem, measures: str, responsible_person: str,
                      deadline: dt.date | None = None, deadline_days: int | None = None) -> Rectification:
    """Measures, responsible person and deadline (a date, or N working days from the day found)."""
    problem = _lock(problem)
    require_role(actor, HANDLERS, problem.unit, m.NOT_LIAISON)
    _require_status(problem, UNIT_OWES)
    _check_rectification(measures, responsible_person)
    deadline = resolve_deadline(found_on=problem.found_on, deadline=deadline, deadline_days=deadline_days)
    return _rectification_write(problem, actor=actor, measures=measures, responsible_person=responsible_person,
                                deadline=deadline, deadline_days=deadline_days)


@transaction.atomic
def progress_add(*, actor, problem: Problem, text: str, files: Iterable = ()) -> ProblemEvent:
    problem = _lock(problem)
    require_role(actor, HANDLERS, problem.unit, m.NOT_LIAISON)
    _require_status(problem, [ProblemStatus.RECTIFYING, ProblemStatus.RETURNED])
    if not (text or "").strip():
        raise ValidationError({"text": m.TEXT_REQUIRED})
    event = _event(problem, EventKind.PROGRESS, actor, text.strip())
    _attach(problem, event, files, actor)
    before = snapshot(problem)
    _moved(problem)
    _saved(problem, actor=actor, action="problem.progress", unit=problem.unit, before=before)
    return event


def notices_resolve(problem: Problem, day: dt.date | None = None) -> int:
    notices = list(SupervisionNotice.objects.filter(problem=problem, status=NoticeStatus.ACTIVE))
    for notice in notices:
        before = snapshot(notice)
        notice.status, notice.closed_on = NoticeStatus.RESOLVED, day or local_today()
        _saved(notice, actor=None, action="supervision_notice.resolve", unit=problem.unit, before=before)
    return len(notices)


@transaction.atomic
def completion_report_submit(*, actor, problem: Problem, text: str, files: Iterable = ()) -> CompletionReport:
    """The unit reports the problem rectified (办结报告); any notice in force is lifted: it has caught up."""
    problem = _lock(problem)
    require_role(actor, HANDLERS, problem.unit, m.NOT_LIAISON)
    if not Rectification.objects.filter(problem=problem).exists():
        raise ValidationError(m.NO_RECTIFICATION)
    _require_status(problem, [ProblemStatus.RECTIFYING, ProblemStatus.RETURNED])
    plan = RectificationPlan.objects.filter(pk=problem.plan_id).first() if problem.plan_id else None
    if plan is not None and not plan.is_approved:
        # 「严把整改方案质量关」: work done under a plan the office has not approved is not reported done.
        label = plan.get_review_status_display() if plan.filed_at else _not_filed_label()
        raise ValidationError(str(m.PLAN_NOT_APPROVED).format(title=plan.title, status=label))
    if not (text or "").strip():
        raise ValidationError({"text": m.TEXT_REQUIRED})
    report = _saved(CompletionReport(problem=problem, author=actor, text=text.strip()), actor=actor,
                    action="completion_report.submit", unit=problem.unit)
    event = _event(problem, EventKind.REPORTED, actor, report.text)
    _attach(problem, event, files, actor)
    before = snapshot(problem)
    problem.status = ProblemStatus.REPORTED
    _moved(problem)
    _saved(problem, actor=actor, action="problem.report", unit=problem.unit, before=before)
    notices_resolve(problem)
    return report


@transaction.atomic
def completion_report_verify(*, actor, report: CompletionReport, accept: bool, comment: str = "") -> CompletionReport:
    """The office accepts the report (the problem awaits close-out) or sends it back with a reason."""
    report = CompletionReport.objects.select_for_update().select_related("problem__unit").get(pk=report.pk)
    problem = _lock(report.problem)
    require_role(actor, OFFICE, problem.unit, m.NOT_OFFICE)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(m.REPORT_NOT_PENDING)
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": m.RETURN_REASON_REQUIRED})
    before = snapshot(report)
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.verifier, report.verified_at, report.comment = actor, timezone.now(), comment
    _saved(report, actor=actor, action="completion_report.accept" if accept else "completion_report.return",
           unit=problem.unit, before=before)
    _event(problem, EventKind.ACCEPTED if accept else EventKind.RETURNED, actor, comment)
    before = snapshot(problem)
    problem.status = ProblemStatus.ACCEPTED if accept else ProblemStatus.RETURNED
    _saved(problem, actor=actor, action="problem.verify", unit=problem.unit, before=before)
    if not accept:
        notify_problem(users_with_role(Role.LIAISON, problem.unit), problem,
                         str(m.NOTIFY_RETURNED).format(number=problem.number, reason=comment[:80]), key=f"returned:{report.pk}")
    return report


@transaction.atomic
def four_nots_confirm(*, actor, problem: Problem, item: str, note: str = "") -> FourNotsConfirmation:
    problem = _lock(problem)
    require_role(actor, SUPERVISORS, problem.unit, m.NOT_SUPERVISOR)
    if not problem.four_nots:
        raise ValidationError(m.FOUR_NOTS_NOT_REQUIRED)
    done = FourNotsConfirmation.objects.filter(problem=problem, item=item).select_related("confirmed_by__person").first()
    if done is not None:
        who = getattr(getattr(done.confirmed_by, "person", None), "name", "") or done.confirmed_by
        raise ValidationError(str(m.FOUR_NOTS_DONE).format(item=FourNots(item).label, at=cn_date(done.confirmed_at), who=who))
    confirmation = _saved(FourNotsConfirmation(problem=problem, item=item, note=(note or "").strip(), confirmed_by=actor),
                          actor=actor, action="four_nots.confirm", unit=problem.unit)
    _event(problem, EventKind.CONFIRMED, actor, f"{FourNots(item).label}{'：' + confirmation.note if confirmation.note else ''}")
    return confirmation


def four_nots_missing(problem: Problem) -> list[str]:
    if not problem.four_nots:
        return []
    confirmed = set(FourNotsConfirmation.objects.filter(problem=problem).values_list("item", flat=True))
    return [value for value in FourNots.values if value not in confirmed]


@transaction.atomic
def problem_close(*, actor, problem: Problem, note: str = "") -> Problem:
    """Close-out (销号): only on an accepted completion report and, for "四个不放过", all four confirmed."""
    problem = _lock(problem)
    require_role(actor, OFFICE, problem.unit, m.NOT_OFFICE)
    accepted = CompletionReport.objects.filter(problem=problem, status=ReportStatus.ACCEPTED).exists()
    if problem.status != ProblemStatus.ACCEPTED or not accepted:
        raise ValidationError(m.CLOSE_WITHOUT_ACCEPTED_REPORT)
    missing = four_nots_missing(problem)
    if missing:
        raise ValidationError(str(m.FOUR_NOTS_MISSING).format(items="、".join(str(FourNots(i).label) for i in missing)))
    if problem.is_special and not problem.evaluation:
        raise ValidationError(m.CLOSE_SPECIAL_NOT_EVALUATED)
    before = snapshot(problem)
    problem.status, problem.closed_at, problem.closed_by = ProblemStatus.CLOSED, timezone.now(), actor
    problem.close_note = (note or "").strip()
    _saved(problem, actor=actor, action="problem.close", unit=problem.unit, before=before)
    _event(problem, EventKind.CLOSED, actor, problem.close_note)
    notices_resolve(problem)
    reply = problem.close_note
    transaction.on_commit(lambda: problem_closed.send(sender=Problem, problem=problem, actor=actor,
                                                      source_type=problem.source_type, source_id=problem.source_id,
                                                      reply=reply))
    return problem


@transaction.atomic
def problem_reopen(*, actor, problem: Problem, reason: str) -> Problem:
    problem = _lock(problem)
    require_role(actor, OFFICE, problem.unit, m.NOT_OFFICE)
    if problem.status not in (ProblemStatus.CLOSED, ProblemStatus.ACCEPTED, ProblemStatus.EXPLAINED):
        raise ValidationError(m.REOPEN_NOT_CLOSED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": m.REOPEN_REASON_REQUIRED})
    for report in CompletionReport.objects.filter(problem=problem, status=ReportStatus.ACCEPTED):
        before = snapshot(report)
        report.status = ReportStatus.SUPERSEDED
        _saved(report, actor=actor, action="completion_report.supersede", unit=problem.unit, before=before)
    before = snapshot(problem)
    problem.status, problem.closed_at, problem.closed_by, problem.close_note = ProblemStatus.RECTIFYING, None, None, ""
    problem.explanation, problem.explained_at, problem.explained_by = "", None, None
    _moved(problem)
    _saved(problem, actor=actor, action="problem.reopen", unit=problem.unit, before=before)
    _event(problem, EventKind.REOPENED, actor, reason)
    notify_problem(users_with_role(Role.LIAISON, problem.unit), problem,
                     str(m.NOTIFY_REOPENED).format(number=problem.number, reason=reason[:80]), key=f"reopened:{problem.pk}:{problem.last_moved_at:%Y%m%d%H%M%S%f}")
    return problem


# --- plans ("两方案一计划") -----------------------------------------------------------------

@transaction.atomic
def plan_create(*, actor, unit: Unit, kind: str, title: str, text: str = "", problems: Iterable[Problem] = (),
                is_public: bool = False) -> RectificationPlan:
    require_role(actor, HANDLERS, unit, m.NOT_LIAISON)
    problems = list(problems)
    for p in problems:
        if not p.unit.path.startswith(unit.path):
            raise ValidationError(str(m.PLAN_PROBLEM_OTHER_UNIT).format(problem=p.number))
    plan = _saved(RectificationPlan(unit=unit, kind=kind, title=(title or "").strip(), text=text or "", created_by=actor,
                                    is_public=is_public), actor=actor, action="rectification_plan.create", unit=unit)
    for p in problems:
        p = _lock(p)  # the caller's copy may be stale: only the plan changes here
        before = snapshot(p)
        p.plan = plan
        _saved(p, actor=actor, action="problem.plan_link", unit=p.unit, before=before)
    return plan


def _lock_plan(plan: RectificationPlan) -> RectificationPlan:
    return RectificationPlan.objects.select_for_update(of=("self",)).select_related("unit__parent").get(pk=plan.pk)


def _not_filed_label() -> str:
    from django.utils.translation import gettext

    return gettext("未报备")


@transaction.atomic
def plan_file(*, actor, plan: RectificationPlan) -> RectificationPlan:
    """File the plan with the leading group (报领导小组备案) for review; a returned plan, once
    revised, is filed again the same way."""
    plan = _lock_plan(plan)
    require_role(actor, HANDLERS, plan.unit, m.NOT_LIAISON)
    if plan.review_status == PlanReview.APPROVED:
        raise ValidationError(m.PLAN_APPROVED_LOCKED)
    if plan.filed_at and plan.review_status == PlanReview.PENDING:
        raise ValidationError(str(m.PLAN_ALREADY_FILED).format(at=cn_date(plan.filed_at)))
    before = snapshot(plan)
    plan.filed_at, plan.review_status, plan.revision = timezone.now(), PlanReview.PENDING, plan.revision + 1
    plan = _saved(plan, actor=actor, action="rectification_plan.file", unit=plan.unit, before=before)
    reviewer_unit = plan.unit.parent or plan.unit
    notify_plan(users_with_role(Role.OFFICE, reviewer_unit), plan,
                str(m.NOTIFY_PLAN_FILED).format(unit=plan.unit.name, title=plan.title),
                   key=f"plan_filed:{plan.pk}:{plan.revision}")
    return plan


@transaction.atomic
def plan_revise(*, actor, plan: RectificationPlan, title: str, text: str) -> RectificationPlan:
    """The unit revises its plan: before filing it, or after the office returned it."""
    plan = _lock_plan(plan)
    require_role(actor, HANDLERS, plan.unit, m.NOT_LIAISON)
    if plan.review_status == PlanReview.APPROVED:
        raise ValidationError(m.PLAN_APPROVED_LOCKED)
    if plan.filed_at and plan.review_status == PlanReview.PENDING:
        raise ValidationError(m.PLAN_UNDER_REVIEW)
    if not (title or "").strip():
        raise ValidationError({"title": m.PLAN_TITLE_REQUIRED})
    before = snapshot(plan)
    plan.title, plan.text = title.strip(), (text or "").strip()
    return _saved(plan, actor=actor, action="rectification_plan.revise", unit=plan.unit, before=before)


def _require_reviewer(actor, plan: RectificationPlan) -> None:
    # Seed 004: the plans are filed with the leading group above the unit, which vouches for them.
    require_role(actor, OFFICE, plan.unit.parent or plan.unit, m.PLAN_NOT_REVIEWER)


def _review(actor, plan: RectificationPlan, *, status: str, reason: str, action: str) -> RectificationPlan:
    plan = _lock_plan(plan)
    _require_reviewer(actor, plan)
    if not plan.filed_at:
        raise ValidationError(m.PLAN_NOT_FILED)
    if plan.review_status != PlanReview.PENDING:
        raise ValidationError(str(m.PLAN_NOT_PENDING).format(status=plan.get_review_status_display()))
    before = snapshot(plan)
    plan.review_status, plan.review_reason = status, reason
    plan.reviewed_by, plan.reviewed_at = actor, timezone.now()
    plan = _saved(plan, actor=actor, action=action, unit=plan.unit, before=before)
    text = (str(m.NOTIFY_PLAN_APPROVED).format(title=plan.title) if status == PlanReview.APPROVED
            else str(m.NOTIFY_PLAN_RETURNED).format(title=plan.title, reason=reason[:80]))
    notify_plan(users_with_role(Role.LIAISON, plan.unit), plan, text, key=f"plan_review:{plan.pk}:{plan.revision}")
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: RectificationPlan, note: str = "") -> RectificationPlan:
    """The office above the unit approves a filed plan; its problems may then be reported done."""
    return _review(actor, plan, status=PlanReview.APPROVED, reason=(note or "").strip(), action="rectification_plan.approve")


@transaction.atomic
def plan_return(*, actor, plan: RectificationPlan, reason: str) -> RectificationPlan:
    """The office returns a filed plan with the reason; the unit revises and files it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": m.PLAN_RETURN_REASON_REQUIRED})
    return _review(actor, plan, status=PlanReview.RETURNED, reason=reason, action="rectification_plan.return")


@transaction.atomic
def plan_set_public(*, actor, plan: RectificationPlan, is_public: bool) -> RectificationPlan:
    plan = RectificationPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    require_role(actor, OFFICE, plan.unit, m.NOT_OFFICE)
    before = snapshot(plan)
    plan.is_public = bool(is_public)
    return _saved(plan, actor=actor, action="rectification_plan.publish", unit=plan.unit, before=before)


# --- supervision notices --------------------------------------------------------------------

def notice_write(*, actor, problem: Problem, tier: str, reason: str, addressed_to: Unit, day: dt.date,
                 trigger: str = Trigger.MANUAL, previous: SupervisionNotice | None = None) -> SupervisionNotice:
    """Issue a notice inside the caller's transaction; an active one is marked escalated first."""
    current = previous or SupervisionNotice.objects.filter(problem=problem, status=NoticeStatus.ACTIVE).first()
    if current is not None:
        before = snapshot(current)
        current.status, current.closed_on = NoticeStatus.ESCALATED, day
        _saved(current, actor=actor, action="supervision_notice.escalate", unit=problem.unit, before=before)
    notice = SupervisionNotice(problem=problem, tier=tier, reason=reason.strip(), addressed_to=addressed_to,
                               issued_on=day, automatic=trigger != Trigger.MANUAL, trigger=trigger, previous=current,
                               issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                               number=f"督〔{day.year}〕{next_number('notice', day.year)}号")
    _saved(notice, actor=actor, action="supervision_notice.issue", unit=problem.unit)
    _event(problem, EventKind.NOTICE, actor, f"{notice.number} {notice.get_tier_display()}：{notice.reason}")
    text = str(m.NOTIFY_NOTICE).format(tier=notice.get_tier_display(), number=notice.number, problem=problem.number,
                                       unit=problem.unit.name, reason=notice.reason)
    recipients = users_with_role(Role.LIAISON, problem.unit) | users_with_role(Role.OFFICE, addressed_to, exact=True)
    notify_problem(recipients, problem, text, key=f"notice:{notice.number}")
    return notice


@transaction.atomic
def notice_issue(*, actor, problem: Problem, tier: str, reason: str, addressed_to: Unit | None = None,
                 day: dt.date | None = None) -> SupervisionNotice:
    """A notice issued by hand, at any tier."""
    problem = _lock(problem)
    require_role(actor, SUPERVISORS, problem.unit, m.NOT_SUPERVISOR)
    if problem.is_finished:
        raise ValidationError(m.NOTICE_PROBLEM_CLOSED)
    if not (reason or "").strip():
        raise ValidationError({"reason": m.NOTICE_REASON_REQUIRED})
    Tier(tier)
    return notice_write(actor=actor, problem=problem, tier=tier, reason=reason, addressed_to=addressed_to or problem.unit,
                        day=day or local_today())


# --- 已解释说明 -------------------------------------------------------------------------------

@transaction.atomic
def problem_explain(*, actor, problem: Problem, explanation: str) -> Problem:
    """End a problem that policy or conditions do not allow to rectify (已解释说明), and send the
    explanation back to whoever raised it: a case of the public portal gets it as its published
    reply (the ledger's problem_closed signal, which the portal answers), anyone else through
    the inbox."""
    problem = _lock(problem)
    require_role(actor, OFFICE, problem.unit, m.NOT_OFFICE)
    _require_status(problem, UNIT_OWES)
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError({"explanation": m.EXPLANATION_REQUIRED})
    before = snapshot(problem)
    problem.status, problem.explanation = ProblemStatus.EXPLAINED, explanation
    problem.explained_at, problem.explained_by = timezone.now(), actor
    _moved(problem)
    _saved(problem, actor=actor, action="problem.explain", unit=problem.unit, before=before)
    _event(problem, EventKind.EXPLAINED, actor, explanation)
    notices_resolve(problem)
    if problem.source_type == "intake.submission":
        reply = str(m.EXPLAIN_REPLY).format(text=explanation)
        transaction.on_commit(lambda: problem_closed.send(sender=Problem, problem=problem, actor=actor,
                                                          source_type=problem.source_type, source_id=problem.source_id,
                                                          reply=reply, outcome=ProblemStatus.EXPLAINED))
    elif problem.recorded_by_id and problem.recorded_by_id != getattr(actor, "pk", None):
        notify_problem([problem.recorded_by_id], problem,
                       str(m.NOTIFY_EXPLAINED).format(number=problem.number, text=explanation[:80]),
                       key=f"explained:{problem.pk}:{problem.explained_at:%Y%m%d%H%M%S%f}")
    return problem


# --- 上墙公开 ---------------------------------------------------------------------------------

@transaction.atomic
def problem_publish(*, actor, problem: Problem, publish: bool = True) -> Problem:
    """The unit puts a problem and its measures on the public portal (上墙公开), or takes it down.
    Only what was published this way is ever shown to the public."""
    problem = _lock(problem)
    require_role(actor, HANDLERS, problem.unit, m.NOT_LIAISON)
    if publish:
        if problem.is_published:
            raise ValidationError(m.PUBLISH_ALREADY)
        if problem.status != ProblemStatus.EXPLAINED and not Rectification.objects.filter(problem=problem).exists():
            raise ValidationError(m.PUBLISH_NEEDS_MEASURES)
    elif not problem.is_published:
        raise ValidationError(m.PUBLISH_NOT_YET)
    before = snapshot(problem)
    problem.is_published, problem.published_at = bool(publish), timezone.now() if publish else None
    _saved(problem, actor=actor, action="problem.publish" if publish else "problem.unpublish", unit=problem.unit,
           before=before)
    _event(problem, EventKind.PUBLISHED if publish else EventKind.UNPUBLISHED, actor)
    return problem


# --- 专项整治: lead department, check, evaluation --------------------------------------------

def _require_special(problem: Problem) -> None:
    if not problem.is_special:
        raise ValidationError(m.NOT_SPECIAL)
    if problem.is_finished:
        raise ValidationError(str(m.NOT_RECTIFYING).format(status=problem.get_status_display()))


@transaction.atomic
def special_lead_set(*, actor, problem: Problem, lead_department: str, lead_person: str) -> Problem:
    """Who leads a 专项整治 (牵头部门、具体责任人): set by the unit or the office."""
    problem = _lock(problem)
    require_role(actor, HANDLERS, problem.unit, m.NOT_LIAISON)
    _require_special(problem)
    lead_department, lead_person = (lead_department or "").strip(), (lead_person or "").strip()
    if not lead_department or not lead_person:
        raise ValidationError({"lead_department": m.LEAD_REQUIRED})
    before = snapshot(problem)
    problem.lead_department, problem.lead_person = lead_department, lead_person
    _moved(problem)
    _saved(problem, actor=actor, action="problem.special_lead", unit=problem.unit, before=before)
    _event(problem, EventKind.CAMPAIGN_LEAD, actor, f"{lead_department} · {lead_person}")
    return problem


@transaction.atomic
def special_check(*, actor, problem: Problem, note: str, day: dt.date | None = None) -> Problem:
    """The 督导组 or the office checks a 专项整治 on the ground (检查)."""
    problem = _lock(problem)
    require_role(actor, SUPERVISORS, problem.unit, m.NOT_SUPERVISOR)
    _require_special(problem)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": m.CHECK_NOTE_REQUIRED})
    before = snapshot(problem)
    problem.check_note, problem.checked_on, problem.checked_by = note, day or local_today(), actor
    _saved(problem, actor=actor, action="problem.special_check", unit=problem.unit, before=before)
    _event(problem, EventKind.CHECKED, actor, note)
    return problem


@transaction.atomic
def special_evaluate(*, actor, problem: Problem, evaluation: str, note: str = "", day: dt.date | None = None) -> Problem:
    """The office evaluates a checked 专项整治 (评估); close-out waits for it."""
    problem = _lock(problem)
    require_role(actor, OFFICE, problem.unit, m.NOT_OFFICE)
    _require_special(problem)
    if not problem.checked_on:
        raise ValidationError(m.EVALUATE_BEFORE_CHECK)
    if evaluation not in Evaluation.values:
        raise ValidationError({"evaluation": m.EVALUATION_REQUIRED})
    before = snapshot(problem)
    problem.evaluation, problem.evaluation_note = evaluation, (note or "").strip()
    problem.evaluated_on, problem.evaluated_by = day or local_today(), actor
    _saved(problem, actor=actor, action="problem.special_evaluate", unit=problem.unit, before=before)
    _event(problem, EventKind.EVALUATED, actor, f"{Evaluation(evaluation).label}{'：' + problem.evaluation_note if problem.evaluation_note else ''}")
    return problem

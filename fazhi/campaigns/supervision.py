"""Reminders and supervision notices (督办单) for assignments, by the shared ladder.

The rules (when a tier is due, when a notice goes up, which days remind) are those of
fazhi.notices.ladder, the same the problem ledger uses; this module only knows what an
assignment owes: not done, not withdrawn, not waiting for the office, in a running campaign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import rollups
from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.notices import ladder
from fazhi.notices.choices import TIER_TRIGGER, NoticeStatus, Tier, Trigger
from fazhi.notices.delivery import link_to, notify_on_commit, users_with_role
from fazhi.org.choices import Role
from fazhi.org.models import Unit

from . import messages as m
from .choices import AssignmentStatus, CampaignStatus
from .models import Assignment, AssignmentNotice

OWES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.RETURNED)


@dataclass
class RunResult:
    raised: int = 0
    escalated: int = 0
    lifted: int = 0
    reminders: int = 0


def _task_name(a: Assignment) -> str:
    return (a.task.label + (a.task.heading or a.task.text))[:40]


def _reason(tier: str, a: Assignment, rule) -> str:
    if tier == Tier.RED:
        return str(m.REASON_RED).format(due=cn_date(a.due_date))
    if tier == Tier.YELLOW:
        return str(m.REASON_YELLOW).format(days=rule.yellow_stale_days)
    return str(m.REASON_BLUE).format(due=cn_date(a.due_date))


def _issue(a: Assignment, *, tier, reason, to: Unit, day, trigger, previous=None, email=False) -> AssignmentNotice:
    if previous is not None:
        previous.status, previous.closed_on = NoticeStatus.ESCALATED, day
        previous.save(update_fields=["status", "closed_on"])
    notice = AssignmentNotice(assignment=a, tier=tier, reason=reason, addressed_to=to, issued_on=day, trigger=trigger,
                              previous=previous)
    notice.full_clean()
    notice.save()
    text = str(m.NOTICE_TEXT).format(tier=Tier(tier).label, unit=a.unit.name, task=_task_name(a), reason=reason)
    recipients = users_with_role(Role.LIAISON, a.unit) | users_with_role(Role.OFFICE, to, exact=True)
    notify_on_commit(recipients, text, key=f"assignment-notice:{notice.pk}", subject=a,
                     link=link_to("campaigns:assignment", a.pk), email=email)
    return notice


def _resolve(a: Assignment, day) -> int:
    n = AssignmentNotice.objects.filter(assignment=a, status=NoticeStatus.ACTIVE).update(
        status=NoticeStatus.RESOLVED, closed_on=day)
    if n:
        rollups.bump()  # an update sends no signal (fazhi.core.rollups)
    return n


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk=unit.parent_id).first() if unit.parent_id else None


def _supervise(a: Assignment, active: AssignmentNotice | None, last_moved: dt.date, *, rule, cal, day, result):
    due = ladder.tier_due(deadline=a.due_date, last_moved=last_moved, rule=rule, cal=cal, day=day)
    step = ladder.step(active=active, due=due, last_moved=last_moved, parent_of=_parent, rule=rule, cal=cal, day=day)
    if step.action == ladder.RAISE:
        _issue(a, tier=due, reason=_reason(due, a, rule), to=a.unit, day=day, trigger=TIER_TRIGGER[due],
               email=rule.send_email)
        result.raised += 1
    elif step.action == ladder.HIGHER:
        _issue(a, tier=due, reason=_reason(due, a, rule), to=active.addressed_to, day=day, trigger=TIER_TRIGGER[due],
               previous=active, email=rule.send_email)
        result.raised += 1
    elif step.action == ladder.ESCALATE:
        _issue(a, tier=step.tier, reason=str(m.REASON_ESCALATED).format(days=rule.escalate_days), to=step.to, day=day,
               trigger=Trigger.ESCALATED, previous=active, email=rule.send_email)
        result.escalated += 1
    elif step.action == ladder.LIFT:
        result.lifted += _resolve(a, day)
        if due:
            _issue(a, tier=due, reason=_reason(due, a, rule), to=a.unit, day=day, trigger=TIER_TRIGGER[due],
                   email=rule.send_email)
            result.raised += 1


def _remind(a: Assignment, *, rule, cal, day, result) -> None:
    offset = ladder.reminder_offset(deadline=a.due_date, rule=rule, cal=cal, day=day)
    if offset is None:
        return
    template = m.REMIND_AFTER if offset > 0 else m.REMIND_BEFORE
    text = str(template).format(unit=a.unit.name, task=_task_name(a), due=cn_date(a.due_date), days=abs(offset))
    recipients = users_with_role(Role.LIAISON, a.unit, exact=True) | (
        {a.responsible.user_id} if a.responsible_id else set())
    # The ladder's settings say whether its messages also go by e-mail, for problems and assignments alike.
    notify_on_commit(recipients, text, key=f"assignment-remind:{a.pk}:{a.due_date:%Y%m%d}:{offset}", subject=a,
                     link=link_to("campaigns:assignment", a.pk), email=rule.send_email)
    result.reminders += 1


def assignment_supervision_run(*, day: dt.date | None = None, cal: WorkCalendar | None = None, rule=None) -> dict:
    """One day's reminders and notices over the assignments of running campaigns. Safe to run twice."""
    day = day or local_today()
    cal = cal or WorkCalendar()
    rule = rule or ladder.current_rule()
    result = RunResult()
    active = {n.assignment_id: n for n in AssignmentNotice.objects.filter(status=NoticeStatus.ACTIVE).select_related("addressed_to")}
    # Work no longer owed lifts its notices (done, withdrawn, waiting for review, campaign closed).
    for a in Assignment.objects.filter(pk__in=list(active)).exclude(status__in=OWES, task__campaign__status=CampaignStatus.ACTIVE):
        result.lifted += _resolve(a, day)
        active.pop(a.pk, None)
    owed = (Assignment.objects.filter(status__in=OWES, task__campaign__status=CampaignStatus.ACTIVE)
            .select_related("unit", "task", "responsible").annotate(last_report=Max("reports__submitted_at")).order_by("pk"))
    for a in owed.iterator(chunk_size=500):
        moved = a.last_report or a.created_at
        last_moved = timezone.localdate(moved) if moved else day
        with transaction.atomic():
            _supervise(a, active.get(a.pk), last_moved, rule=rule, cal=cal, day=day, result=result)
            _remind(a, rule=rule, cal=cal, day=day, result=result)
    return asdict(result)

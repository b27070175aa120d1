"""Supervision of problems (督办) by the shared ladder (fazhi.notices.ladder): which tier a problem deserves on a given day,
and the daily run that raises, escalates and lifts notices and sends the reminder ladder.

Tiers: blue when the deadline is near, yellow when the unit is behind (nothing moved for a
number of working days), red when overdue. A notice in force with nothing moving for
`escalate_days` working days goes up a tier and a level up the unit tree. A red notice is
never lifted by a rule (say, a deadline pushed back): only by the unit catching up, that is
a completion report, which lifts every notice of the problem in the service that files it.

All counting goes through the one WorkCalendar, so a public holiday and its make-up working
day (调休) count as the State Council arranged them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.choices import Role
from fazhi.org.models import Unit

from . import messages as m
from .choices import NOT_CLOSED, TIER_TRIGGER, UNIT_OWES, NoticeStatus, ProblemStatus, Tier, Trigger
from .models import Problem, SupervisionNotice
from fazhi.notices import ladder

from .notify import notify_problem, users_with_role
from .services import notice_write, notices_resolve


@dataclass
class RunResult:
    raised: int = 0
    escalated: int = 0
    lifted: int = 0
    reminders: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def last_moved_on(problem: Problem) -> dt.date:
    if problem.last_moved_at:
        return timezone.localdate(problem.last_moved_at)
    return problem.found_on


def tier_due(problem: Problem, *, rule, cal: WorkCalendar, day: dt.date) -> str | None:
    """The tier the rules give this problem today, or None."""
    if problem.status not in UNIT_OWES:
        return None
    rect = getattr(problem, "rectification", None) if hasattr(problem, "rectification") else None
    return ladder.tier_due(deadline=rect.deadline if rect else None, last_moved=last_moved_on(problem), rule=rule,
                           cal=cal, day=day)


def _reason(tier: str, problem: Problem, rule) -> str:
    deadline = cn_date(problem.rectification.deadline) if hasattr(problem, "rectification") else ""
    if tier == Tier.RED:
        return str(m.REASON_RED).format(deadline=deadline)
    if tier == Tier.YELLOW:
        return str(m.REASON_YELLOW).format(days=rule.yellow_stale_days)
    return str(m.REASON_BLUE).format(deadline=deadline, days=rule.blue_days)


def _parent(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk=unit.parent_id).first() if unit.parent_id else None


def _supervise_one(problem: Problem, active: SupervisionNotice | None, *, rule, cal, day, result: RunResult) -> None:
    if problem.status not in UNIT_OWES:
        if active is not None:
            result.lifted += notices_resolve(problem, day)
        return
    due = tier_due(problem, rule=rule, cal=cal, day=day)
    step = ladder.step(active=active, due=due, last_moved=last_moved_on(problem), parent_of=_parent, rule=rule, cal=cal, day=day)
    if step.action == ladder.RAISE:
        notice_write(actor=None, problem=problem, tier=due, reason=_reason(due, problem, rule),
                     addressed_to=problem.unit, day=day, trigger=TIER_TRIGGER[due])
        result.raised += 1
    elif step.action == ladder.HIGHER:
        notice_write(actor=None, problem=problem, tier=due, reason=_reason(due, problem, rule),
                     addressed_to=active.addressed_to, day=day, trigger=TIER_TRIGGER[due], previous=active)
        result.raised += 1
    elif step.action == ladder.ESCALATE:
        reason = str(m.REASON_ESCALATED).format(number=active.number, days=rule.escalate_days)
        notice_write(actor=None, problem=problem, tier=step.tier, reason=reason, addressed_to=step.to,
                     day=day, trigger=Trigger.ESCALATED, previous=active)
        result.escalated += 1
    elif step.action == ladder.LIFT:
        result.lifted += notices_resolve(problem, day)
        if due:
            notice_write(actor=None, problem=problem, tier=due, reason=_reason(due, problem, rule),
                         addressed_to=problem.unit, day=day, trigger=TIER_TRIGGER[due])
            result.raised += 1


def _remind(problem: Problem, *, rule, cal, day, result: RunResult) -> None:
    rect = getattr(problem, "rectification", None) if hasattr(problem, "rectification") else None
    if rect is None or problem.status not in UNIT_OWES:
        return
    offset = ladder.reminder_offset(deadline=rect.deadline, rule=rule, cal=cal, day=day)
    if offset is None:
        return
    template = m.REMIND_AFTER if offset > 0 else m.REMIND_BEFORE
    text = str(template).format(number=problem.number, unit=problem.unit.name, deadline=cn_date(rect.deadline),
                                days=abs(offset))
    notify_problem(users_with_role(Role.LIAISON, problem.unit), problem, text,
                     key=f"remind:{problem.pk}:{rect.deadline:%Y%m%d}:{offset}")
    result.reminders += 1


def supervision_run(*, day: dt.date | None = None, cal: WorkCalendar | None = None) -> RunResult:
    """One day's supervision over every problem not closed. Safe to run twice on the same day."""
    day = day or local_today()
    cal = cal or WorkCalendar()
    rule = ladder.current_rule()
    result = RunResult()
    problems = Problem.objects.filter(status__in=NOT_CLOSED).select_related("unit", "rectification").order_by("pk")
    active = {n.problem_id: n for n in SupervisionNotice.objects.filter(status=NoticeStatus.ACTIVE).select_related("addressed_to")}
    for problem in problems.iterator(chunk_size=500):
        with transaction.atomic():
            _supervise_one(problem, active.get(problem.pk), rule=rule, cal=cal, day=day, result=result)
            _remind(problem, rule=rule, cal=cal, day=day, result=result)
    return result


__all__ = ["RunResult", "supervision_run", "tier_due", "last_moved_on", "ProblemStatus"]

"""The three-tier supervision ladder (督办) and the reminder ladder, for whatever has a deadline.

Shared by the ledger and campaigns so that problems and assignments are chased by the same
rules. An app supervises its own records (it owns their notices) and registers a daily run;
the rules of when a tier is due, when a notice goes up, and when a reminder is sent live here,
and so do their numbers (models.LadderSettings, which the office edits on the 督办规则 page).

Tiers: blue when the deadline is near, yellow when nothing moved for a number of working days,
red when overdue. A notice in force with nothing moving for `escalate_days` working days goes
up a tier (and the app addresses it a level up the unit tree). All counting is in working days
of the one WorkCalendar, so a public holiday and its make-up working day count as arranged.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.core import rollups

from .choices import TIER_RANK, Tier, Trigger, next_tier

log = logging.getLogger(__name__)

DEFAULT_LADDER = [-5, -3, -1, 1, 3, 5]


def current_rule():
    """The office's ladder settings (notices.LadderSettings, the 督办规则 page): one set of numbers
    for problems and assignments alike. Imported late: the apps' models import this module."""
    from .models import LadderSettings

    return LadderSettings.current()


def tier_due(*, deadline: dt.date | None, last_moved: dt.date, rule, cal: WorkCalendar, day: dt.date) -> str | None:
    """The tier the rules give a piece of work still owed today, or None."""
    if deadline and deadline < day:
        return Tier.RED
    if rule.yellow_stale_days and cal.working_days_between(last_moved, day) >= rule.yellow_stale_days:
        return Tier.YELLOW
    if deadline and cal.working_days_between(day, deadline) <= rule.blue_days:
        return Tier.BLUE
    return None


def higher(due: str | None, current: str) -> bool:
    return bool(due) and TIER_RANK[due] > TIER_RANK[current]


def escalation_due(*, since: dt.date, rule, cal: WorkCalendar, day: dt.date) -> bool:
    return bool(rule.escalate_days) and cal.working_days_between(since, day) >= rule.escalate_days


RAISE, HIGHER, ESCALATE, LIFT = "raise", "higher", "escalate", "lift"


@dataclass(frozen=True)
class Step:
    """What the ladder does today about one piece of work; the app writes it on its own records.

    RAISE: issue a notice at `tier` to the unit. HIGHER: replace the notice in force by one at
    the higher `tier`, same addressee. ESCALATE: replace it by one at `tier` addressed to `to`
    (the unit above, or the same one at the top of the tree). LIFT: resolve the notice in force,
    then raise one at `tier` if a lower tier is still due. None of them: `action` is "".
    """

    action: str = ""
    tier: str | None = None
    to: object = None


def step(*, active, due: str | None, last_moved: dt.date, parent_of, rule, cal: WorkCalendar, day: dt.date) -> Step:
    """The one escalation rule of every supervised record. `active` is the notice in force (with
    tier, trigger, issued_on, addressed_to) or None; `due` what tier_due gives today;
    `parent_of(unit)` the unit a level up, or None at the top."""
    if active is None:
        return Step(RAISE, due) if due else Step()
    if higher(due, active.tier):
        return Step(HIGHER, due)
    if escalation_due(since=max(active.issued_on, last_moved), rule=rule, cal=cal, day=day):
        parent = parent_of(active.addressed_to)
        tier = next_tier(active.tier)
        # At the top tier a notice still goes a level up; at the top of the tree too, nothing more.
        return Step(ESCALATE, tier, parent or active.addressed_to) if tier != active.tier or parent is not None else Step()
    # A rule that no longer holds (the work moved, the deadline was extended) lifts a blue or
    # yellow notice; red stays until the work is caught up.
    if active.trigger in (Trigger.NEAR, Trigger.STALE) and (due is None or higher(active.tier, due)):
        return Step(LIFT, due)
    return Step()


def reminder_offset(*, deadline: dt.date | None, rule, cal: WorkCalendar, day: dt.date) -> int | None:
    """Working days after (positive) or before (negative) the deadline, when today is a rung of the
    reminder ladder; None otherwise (and on days off: nobody is reminded on a holiday)."""
    if deadline is None or not cal.is_working_day(day):
        return None
    offset = cal.working_days_between(deadline, day)
    return offset if offset in (rule.reminder_ladder or []) else None


# --- the daily run: every registered ladder, once a day whatever the number of workers --------

_LADDERS: dict[str, object] = {}


def register(name: str, run) -> None:
    """`run(day=..., cal=...)` returns a dict of counts; called once a day by the worker."""
    _LADDERS[name] = run


def run_day(day: dt.date | None = None, *, force: bool = False) -> dict | None:
    """Run every ladder for the day unless another process already did (None then)."""
    from .models import LadderRun

    day = day or local_today()
    cal = WorkCalendar()
    try:
        with transaction.atomic():
            if force:
                LadderRun.objects.filter(day=day).delete()
            run = LadderRun.objects.create(day=day)  # the unique day is the lock between workers
    except IntegrityError:
        return None
    result = {}
    for name, ladder in sorted(_LADDERS.items()):
        try:
            result[name] = ladder(day=day, cal=cal)
        except Exception:  # one app's failure must not stop the others' reminders
            log.exception("ladder %s failed", name)
            result[name] = {"error": True}
    LadderRun.objects.filter(pk=run.pk).update(result=result)
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    return result

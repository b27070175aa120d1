"""Time limits of a case and their colours.

Defaults follow the 信访 rules: tell the person within 15 days whether the case is taken in,
conclude within 60 days. The office may change them per kind and count them in working days
instead. A period counted in calendar days whose last day is a statutory holiday or a
weekend ends on the next working day, as statutory periods do.

Colours: green on track, amber due within 3 working days, red overdue; a closed case has
none. The deadline that counts is the acknowledgement's until the case is taken in, then
the conclusion's. Colours are computed in the database, so lists filter and sort by them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, When

from fazhi.core.colours import AMBER_WORKING_DAYS, amber_limit, colour_bounds, colour_case, deadline_colour  # noqa: F401
from fazhi.core.workdays import WorkCalendar

from .choices import CLOSED_STATUSES, UNACKNOWLEDGED_STATUSES, Colour

DEFAULT_ACK_DAYS = 15
DEFAULT_CONCLUDE_DAYS = 60


@dataclass(frozen=True)
class Limits:
    ack_days: int = DEFAULT_ACK_DAYS
    ack_working: bool = False
    conclude_days: int = DEFAULT_CONCLUDE_DAYS
    conclude_working: bool = False


def limits_for(kind: str) -> Limits:
    from .models import TimeLimit

    row = TimeLimit.objects.filter(kind=kind).first()
    if row is None:
        return Limits()
    return Limits(row.ack_days, row.ack_working, row.conclude_days, row.conclude_working)


def period_end(cal: WorkCalendar, start: dt.date, days: int, working: bool) -> dt.date:
    if working:
        return cal.add_working_days(start, days)
    end = start + dt.timedelta(days=days)
    while not cal.is_working_day(end):
        end += dt.timedelta(days=1)
    return end


def due_dates(kind: str, received: dt.date, cal: WorkCalendar | None = None) -> tuple[dt.date, dt.date]:
    cal = cal or WorkCalendar()
    limits = limits_for(kind)
    ack = period_end(cal, received, limits.ack_days, limits.ack_working)
    conclude = period_end(cal, received, limits.conclude_days, limits.conclude_working)
    return ack, max(ack, conclude)


def with_colour(qs: QuerySet, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet:
    due = Case(When(status__in=UNACKNOWLEDGED_STATUSES, then=F("ack_due")), default=F("conclude_due"))
    qs = qs.annotate(current_due=due)
    return qs.annotate(colour=colour_case("current_due", day=day, cal=cal, finished=Q(status__in=CLOSED_STATUSES),
                                          finished_value=Colour.NONE))


def with_colour_filter(qs: QuerySet, colour: str, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet:
    """Cases of `qs` (annotated by `with_colour`, same day and calendar) of that colour. For red and
    amber the bounds on the two deadlines and the status are the colour itself (an open case, past
    or near the deadline that is current: the acknowledgement's while unacknowledged, else the
    conclusion's), so the colour's CASE stays out of the WHERE clause, where PostgreSQL cannot
    estimate it (as campaigns.colours.with_colour_filter)."""
    if colour not in (Colour.RED, Colour.AMBER):
        return qs.filter(colour=colour)
    waiting = Q(status__in=UNACKNOWLEDGED_STATUSES)
    return qs.filter(~Q(status__in=CLOSED_STATUSES) & (
        (waiting & colour_bounds(colour, "ack_due", day=day, cal=cal))
        | (~waiting & colour_bounds(colour, "conclude_due", day=day, cal=cal))))


def current_due(submission) -> dt.date:
    return submission.ack_due if submission.status in UNACKNOWLEDGED_STATUSES else submission.conclude_due


def colour_of(submission, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> str:
    return deadline_colour(current_due(submission), day=day, cal=cal, finished=submission.status in CLOSED_STATUSES,
                           finished_value=Colour.NONE)

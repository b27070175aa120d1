"""Status colour of an assignment, by the product's one rule (fazhi.core.colours).

Done on time is green; done after the due date is 逾期完成 (late), a colour of its own.
"""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet

from fazhi.core.colours import AMBER_WORKING_DAYS, amber_limit, colour_bounds, colour_case, deadline_colour  # noqa: F401
from fazhi.core.workdays import WorkCalendar

from .choices import AssignmentStatus, Colour

FINISHED = (AssignmentStatus.DONE, AssignmentStatus.WITHDRAWN)


def _late(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": AssignmentStatus.DONE, f"{prefix}completed_at__date__gt": F(f"{prefix}due_date")})


def with_colour(qs: QuerySet, *, cal: WorkCalendar | None = None, day: dt.date | None = None, prefix: str = "") -> QuerySet:
    return qs.annotate(colour=colour_case(f"{prefix}due_date", day=day, cal=cal, late=_late(prefix),
                                          finished=Q(**{f"{prefix}status__in": FINISHED})))


def colour_counts(*, cal: WorkCalendar | None = None, day: dt.date | None = None) -> dict[str, Count]:
    """Aggregates counting, among grouped assignments, those of each colour but green (the rest), by
    the rule of `with_colour`: the CASE paints late work first, then finished work green, then red
    and amber by `colour_bounds`, which are exactly those conditions on work not finished. For
    roll-ups grouped by other things than the colour: grouped by the CASE, PostgreSQL cannot tell how
    few colours there are, and counts in one process what it counts in parallel this way."""
    finished = Q(status__in=FINISHED)
    return {Colour.LATE: Count("id", filter=_late()),
            Colour.RED: Count("id", filter=colour_bounds(Colour.RED, "due_date", day=day, cal=cal, finished=finished)),
            Colour.AMBER: Count("id", filter=colour_bounds(Colour.AMBER, "due_date", day=day, cal=cal, finished=finished))}


def with_colour_filter(qs: QuerySet, colour: str, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet:
    """Rows of `qs` (annotated by `with_colour` with the same day and calendar) of that colour, with
    the bounds on the due date and status that colour implies, for the index `assignment_open_due`.

    For red and amber the bounds are the colour itself: work not finished (so not late either, late
    work being done) and due before the day, or from the day to the amber limit, is exactly what
    `with_colour` paints red or amber. The CASE is then left out of the WHERE clause: PostgreSQL
    cannot estimate how many rows an expression compared with a constant keeps (it guessed 328 of
    some 52,000 overdue assignments), and on that guess a county's red list joined and sorted all
    of its overdue work instead of walking the index and stopping at a page."""
    bounds = colour_bounds(colour, "due_date", day=day, cal=cal, finished=Q(status__in=FINISHED))
    if colour in (Colour.RED, Colour.AMBER):
        return qs.filter(bounds)
    return qs.filter(bounds, colour=colour)


def colour_of(assignment, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> str:
    from django.utils import timezone

    finished_on = timezone.localdate(assignment.completed_at) if assignment.completed_at else None
    return deadline_colour(assignment.due_date, day=day, cal=cal, finished=assignment.status in FINISHED,
                           finished_on=finished_on if assignment.status == AssignmentStatus.DONE else None)

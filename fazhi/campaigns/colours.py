"""Status colour of an assignment, counted in working days on the statutory calendar.

green: done, or due in more than 3 working days; amber: due within 3 working days; red:
overdue. Computed in the database (one annotation) so that lists filter and sort by it.
"""

import datetime as dt

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from fazhi.core.workdays import WorkCalendar, today as local_today

from .choices import AssignmentStatus, Colour

AMBER_WORKING_DAYS = 3


def amber_limit(cal: WorkCalendar, day: dt.date) -> dt.date:
    return cal.add_working_days(day, AMBER_WORKING_DAYS)


def with_colour(qs: QuerySet, *, cal: WorkCalendar | None = None, day: dt.date | None = None, prefix: str = "") -> QuerySet:
    day = day or local_today()
    limit = amber_limit(cal or WorkCalendar(), day)
    done = Q(**{f"{prefix}status": AssignmentStatus.DONE})
    return qs.annotate(
        colour=Case(
            When(done, then=Value(Colour.GREEN)),
            When(**{f"{prefix}due_date__lt": day}, then=Value(Colour.RED)),
            When(**{f"{prefix}due_date__lte": limit}, then=Value(Colour.AMBER)),
            default=Value(Colour.GREEN),
            output_field=CharField(),
        )
    )


def colour_of(assignment, *, cal: WorkCalendar | None = None, day: dt.date | None = None) -> str:
    day = day or local_today()
    if assignment.status == AssignmentStatus.DONE:
        return Colour.GREEN
    if assignment.due_date < day:
        return Colour.RED
    if assignment.due_date <= amber_limit(cal or WorkCalendar(), day):
        return Colour.AMBER
    return Colour.GREEN

"""The one status colour rule of the product, for every app that has deadlines.

green: on track (or finished on time); amber: due within 3 working days; red: overdue;
late (逾期完成): finished, but after its deadline. Working days are those of the statutory
calendar. `colour_case` computes it in the database so that lists filter and sort by it;
`deadline_colour` computes the same for one object in Python. Apps pass their own field
names and their own notion of "finished"; nothing here knows an app's models.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, Value, When

from .workdays import WorkCalendar, today as local_today

AMBER_WORKING_DAYS = 3
GREEN, AMBER, RED, LATE = "green", "amber", "red", "late"


def amber_limit(cal: WorkCalendar | None, day: dt.date) -> dt.date:
    return (cal or WorkCalendar()).add_working_days(day, AMBER_WORKING_DAYS)


def deadline_colour(due: dt.date | None, *, day: dt.date | None = None, cal: WorkCalendar | None = None,
                    finished: bool = False, finished_on: dt.date | None = None, finished_value: str = GREEN) -> str:
    if finished:
        return LATE if (finished_on and due and finished_on > due) else finished_value
    if due is None:
        return GREEN
    day = day or local_today()
    if due < day:
        return RED
    if due <= amber_limit(cal, day):
        return AMBER
    return GREEN


def colour_bounds(colour: str, due: str, *, day: dt.date | None = None, cal: WorkCalendar | None = None,
                  finished: Q | None = None) -> Q:
    """What every row of `colour` meets by `colour_case` (same arguments): added beside a filter on
    the colour so that the database can use an index on the deadline. It never decides a colour:
    the rows kept are still those whose `colour_case` is `colour`."""
    day = day or local_today()
    owed = ~finished if finished is not None else Q()
    if colour == RED:
        return owed & Q(**{f"{due}__lt": day})
    if colour == AMBER:
        return owed & Q(**{f"{due}__gte": day, f"{due}__lte": amber_limit(cal, day)})
    return Q()


def colour_case(due: str, *, day: dt.date | None = None, cal: WorkCalendar | None = None, finished: Q | None = None,
                late: Q | None = None, finished_value: str = GREEN) -> Case:
    """The colour as a database expression. `due` is the deadline's field (or annotation) name;
    `finished` the rows that owe nothing any more; `late` those among them finished after `due`."""
    day = day or local_today()
    whens = []
    if late is not None:
        whens.append(When(late, then=Value(LATE)))
    if finished is not None:
        whens.append(When(finished, then=Value(finished_value)))
    whens += [When(**{f"{due}__lt": day}, then=Value(RED)),
              When(**{f"{due}__lte": amber_limit(cal, day)}, then=Value(AMBER))]
    return Case(*whens, default=Value(GREEN), output_field=CharField())

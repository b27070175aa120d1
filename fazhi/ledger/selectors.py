"""Reads of the problem ledger: scoped querysets with their joins done here, so that a page
costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice

from django.db.models import BooleanField, Case, CharField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from fazhi.core.colours import AMBER_WORKING_DAYS, colour_case  # noqa: F401 - one rule for every app
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.models import Unit
from fazhi.org.scoping import access, scope, subtree_q

from django.utils.translation import gettext_lazy as _

from .choices import UNIT_OWES, Cause, NoticeStatus, ProblemStatus, Responsibility
from .models import (Attachment, CompletionReport, Problem, ProblemEvent, Rectification,
                     RectificationPlan, SupervisionNotice)


PROBLEM_ORDERINGS = {
    "found": ("-found_on", "-id"), "-found": ("found_on", "id"),
    "deadline": ("rectification__deadline", "id"), "-deadline": ("-rectification__deadline", "-id"),
    "unit": ("unit__path", "-found_on", "id"), "-unit": ("-unit__path", "-found_on", "-id"),
    "status": ("status", "-found_on", "id"), "-status": ("-status", "-found_on", "-id"),
    "number": ("number",), "-number": ("-number",),
}


def _unit(value) -> Unit | None:
    if isinstance(value, Unit):
        return value
    return Unit.objects.filter(pk=value).first() if str(value).isdigit() else None


def overdue_q(day: dt.date) -> Q:
    """Overdue: the unit still owes work and the rectification's deadline has passed."""
    return Q(status__in=UNIT_OWES, rectification__deadline__lt=day)


def with_state(qs: QuerySet, *, day: dt.date | None = None, cal: WorkCalendar | None = None) -> QuerySet:
    """Annotate the tier of the notice in force, and the deadline colour: red overdue, amber due
    within 3 working days, green otherwise (closed and reported problems are green)."""
    day = day or local_today()
    tier = SupervisionNotice.objects.filter(problem=OuterRef("pk"), status=NoticeStatus.ACTIVE).values("tier")[:1]
    owes = Q(status__in=UNIT_OWES)
    return qs.annotate(
        tier=Subquery(tier, output_field=CharField()),
        overdue=Case(When(overdue_q(day), then=Value(True)), default=Value(False), output_field=BooleanField()),
        colour=colour_case("rectification__deadline", day=day, cal=cal, finished=~owes),
    )


def problem_list(*, actor, filters: dict | None = None, day: dt.date | None = None,
                 cal: WorkCalendar | None = None, states: bool = True) -> QuerySet[Problem]:
    """Scoped problems; filters: unit (subtree), source, category, status, tier, overdue, plan, campaign,
    entry_type, responsibility (管辖责任), cause (原因性质), published, q, ordering. `states=False`
    leaves out the tier and colour (with_state) unless a filter needs them: for counting, where
    the join they bring to the rectification would be paid on every row counted."""
    filters = filters or {}
    day = day or local_today()
    qs = scope(Problem.objects.all(), actor).select_related("unit", "category", "rectification", "plan", "campaign")
    if states or filters.get("tier"):
        qs = with_state(qs, day=day, cal=cal)
    if filters.get("unit"):
        unit = _unit(filters["unit"])
        qs = qs.filter(subtree_q(unit.path, "unit__path")) if unit else qs.none()
    for name in ("source", "status", "tier", "entry_type", "cause"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("responsibility"):
        # An unclassified problem is filtered as "none" (its stored value is empty).
        value = filters["responsibility"]
        qs = qs.filter(responsibility="" if value == UNCLASSIFIED else value)
    if filters.get("campaign"):
        qs = qs.filter(campaign_id=getattr(filters["campaign"], "pk", filters["campaign"]))
    if filters.get("published"):
        qs = qs.filter(is_published=True)
    if filters.get("category"):
        qs = qs.filter(category_id=getattr(filters["category"], "pk", filters["category"]))
    if filters.get("plan"):
        qs = qs.filter(plan_id=getattr(filters["plan"], "pk", filters["plan"]))
    if filters.get("overdue"):
        # The condition itself, not the annotation: the planner cannot estimate a CASE in the
        # WHERE clause (at province scale it read every problem of the tree for the first eight).
        qs = qs.filter(overdue_q(day))
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(description__icontains=q) | Q(number__icontains=q) | Q(unit__name__icontains=q)
                       | Q(rectification__responsible_person__icontains=q))
    return qs.order_by(*PROBLEM_ORDERINGS.get(filters.get("ordering") or "found", PROBLEM_ORDERINGS["found"]))


UNCLASSIFIED = "none"


@dataclass
class GroupRow:
    value: str
    label: str
    counts: dict  # status -> count, in the order of ProblemStatus
    total: int


def ledger_groups(qs: QuerySet[Problem]) -> dict:
    """The ledger as seed 004 sorts it: counts per 管辖责任 × status, and per 原因性质 × status;
    two GROUP BY queries whatever the number of problems."""
    def rows(field: str, choices) -> list[GroupRow]:
        table: dict[str, dict] = {}
        for row in qs.order_by().values(field, "status").annotate(n=Count("id")):
            table.setdefault(row[field] or UNCLASSIFIED, {})[row["status"]] = row["n"]
        out = []
        for value, label in list(choices) + [(UNCLASSIFIED, _("未分类"))]:
            counts = {s: table.get(value, {}).get(s, 0) for s in ProblemStatus.values}
            if value == UNCLASSIFIED and not any(counts.values()):
                continue
            out.append(GroupRow(value, str(label), counts, sum(counts.values())))
        return out

    responsibility = rows("responsibility", Responsibility.choices)
    cause = rows("cause", Cause.choices)
    totals = {s: sum(r.counts[s] for r in responsibility) for s in ProblemStatus.values}
    return {"responsibility": responsibility, "cause": cause, "totals": totals, "total": sum(totals.values())}


def status_counts(qs: QuerySet[Problem]) -> dict[str, int]:
    counts = {s: 0 for s in ProblemStatus.values}
    for row in qs.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def problem_get(*, actor, pk) -> Problem:
    people = ("actor__person",)
    return access(problem_list(actor=actor).select_related("recorded_by__person", "closed_by__person", "explained_by__person", "checked_by__person",
                                                     "evaluated_by__person").prefetch_related(
        Prefetch("events", queryset=ProblemEvent.objects.select_related(*people).prefetch_related("attachments")),
        Prefetch("reports", queryset=CompletionReport.objects.select_related("author__person", "verifier__person")),
        "confirmations__confirmed_by__person",
        Prefetch("notices", queryset=SupervisionNotice.objects.select_related("addressed_to", "issued_by__person")), "referrals",
    ), pk)


EXPORT_BATCH = 2000
# The columns of the ledger, in its order (see excel.ledger_row); `progress` is added to each row.
EXPORT_COLUMNS = ("id", "source", "description", "unit__name", "rectification__responsible_person",
                  "rectification__measures", "rectification__deadline", "status", "closed_at", "category__name",
                  "found_on", "number", "campaign__title", "entry_type", "responsibility", "cause")


@dataclass(slots=True)
class ExportRow:
    """One problem as the ledger shows it: the stored values, untranslated; `progress` is the
    texts of its progress entries, oldest first."""
    id: int
    source: str
    description: str
    unit_name: str
    responsible_person: str | None
    measures: str | None
    deadline: dt.date | None
    status: str
    closed_at: dt.datetime | None
    category_name: str
    found_on: dt.date
    number: str
    campaign_title: str | None
    entry_type: str
    responsibility: str
    cause: str
    progress: list[str]


def export_rows(qs: QuerySet[Problem], *, batch: int = EXPORT_BATCH):
    """The ledger for export, as an iterator of ExportRow: the joined rows read in batches of `batch`,
    and the progress texts of each batch in one more query, so memory stays bounded and no query is
    per row. Plain values, not model objects: building the problem and its four joined objects from
    every column was most of the Python time of a 200,000-row export."""
    values = qs.values_list(*EXPORT_COLUMNS).iterator(chunk_size=batch)
    while chunk := list(islice(values, batch)):
        progress: dict[int, list[str]] = {}
        events = ProblemEvent.objects.filter(problem_id__in=[row[0] for row in chunk], kind="progress").order_by(
            "at", "id").values_list("problem_id", "text")
        for problem_id, text in events:
            progress.setdefault(problem_id, []).append(text)
        for row in chunk:
            yield ExportRow(*row, progress=progress.get(row[0], []))


def rectification_list(*, actor) -> QuerySet[Rectification]:
    return scope(Rectification.objects.all(), actor, path_field=Rectification.scope_path).select_related(
        "problem__unit").order_by("deadline", "id")


def notice_list(*, actor, filters: dict | None = None) -> QuerySet[SupervisionNotice]:
    filters = filters or {}
    qs = scope(SupervisionNotice.objects.all(), actor, path_field=SupervisionNotice.scope_path).select_related(
        "problem__unit", "addressed_to", "issued_by__person")
    for name in ("tier", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("unit"):
        unit = _unit(filters["unit"])
        qs = qs.filter(subtree_q(unit.path, "problem__unit__path")) if unit else qs.none()
    return qs.order_by("-issued_on", "-id")


def plan_list(*, actor, filters: dict | None = None) -> QuerySet[RectificationPlan]:
    filters = filters or {}
    qs = scope(RectificationPlan.objects.all(), actor).select_related("unit__parent", "created_by__person",
                                                                      "reviewed_by__person").annotate(
        problem_count=Count("problems"))
    if filters.get("review_status"):
        qs = qs.filter(review_status=filters["review_status"], filed_at__isnull=False)
    if filters.get("unit"):
        unit = _unit(filters["unit"])
        qs = qs.filter(subtree_q(unit.path, "unit__path")) if unit else qs.none()
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs.order_by("unit__path", "kind", "id")


def plan_get(*, actor, pk) -> RectificationPlan:
    return access(plan_list(actor=actor), pk)


def attachment_get(*, actor, pk) -> Attachment:
    return access(scope(Attachment.objects.all(), actor, path_field=Attachment.scope_path), pk)




def published_problems(*, unit=None) -> QuerySet[Problem]:
    """What units chose to publish (上墙公开), for the public portal: no scope (it is public) and
    only the columns the public sees; nothing of who raised or recorded the problem."""
    qs = Problem.objects.filter(is_published=True).select_related("unit", "category", "rectification").only(
        "number", "description", "status", "found_on", "published_at", "entry_type", "explanation", "unit__name",
        "unit__path", "category__name", "rectification__measures", "rectification__deadline",
        "rectification__responsible_person")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("unit__path", "-published_at", "-id")


def published_units() -> QuerySet[Unit]:
    """Units with at least one published problem, with their count."""
    return Unit.objects.filter(problems__is_published=True).annotate(published=Count("problems")).order_by("path")

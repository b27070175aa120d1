"""The catalogue of measures an indicator can be bound to.

Each measure reads one app's data through that app's selectors (scoped to the person who looks)
and answers, for several units at once, a figure over each unit's whole subtree within a
period: a count, or a ratio as numerator / denominator. One query per measure and per depth of
the units asked about, whatever their number: rows are grouped by the prefix of their unit path,
which is the path of the unit asked about (paths are fixed-width segments, one per level).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.org.scoping import path_q

from .choices import MeasureUnit


@dataclass(frozen=True)
class Figure:
    """What a measure found for one unit: `numerator` alone for a count, over `denominator` for a ratio."""

    numerator: Decimal
    denominator: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None  # nothing to count: no figure rather than 0 %
        return (self.numerator / self.denominator).quantize(Decimal("0.0001"))


Compute = Callable[..., dict[int, Figure]]


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    kind: str  # MeasureUnit
    compute: Compute  # (actor, units, start, end) -> {unit id: Figure}
    rows: Callable[[object, dt.date, dt.date], str] | None = None  # link to the rows behind a figure


CATALOGUE: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    CATALOGUE[measure.code] = measure
    return measure


def measure_choices() -> list[tuple[str, str]]:
    return [(m.code, m.label) for m in CATALOGUE.values()]


def per_unit(qs: QuerySet, path_field: str, units: Iterable, **aggregates) -> dict[int, dict]:
    """Aggregates of `qs` over each unit's subtree, keyed by unit id."""
    by_length: dict[int, dict[str, object]] = defaultdict(dict)
    for unit in units:
        by_length[len(unit.path)][unit.path] = unit
    found: dict[int, dict] = {}
    for length, paths in by_length.items():
        rows = (qs.order_by().filter(path_q(paths, path_field))
                .annotate(_prefix=Substr(path_field, 1, length)).values("_prefix").annotate(**aggregates))
        for row in rows:
            unit = paths.get(row.pop("_prefix"))
            if unit is not None:
                found[unit.pk] = row
    return found


def _figures(rows: dict[int, dict], units, *, ratio: bool) -> dict[int, Figure]:
    out = {}
    for unit in units:
        row = rows.get(unit.pk, {})
        num = Decimal(row.get("num") or 0)
        out[unit.pk] = Figure(num, Decimal(row.get("den") or 0) if ratio else None)
    return out


def _link(name: str, **params) -> Callable:
    def rows(unit, start, end):
        return f"{reverse(name)}?{urlencode({'unit': unit.pk, **params})}"
    return rows


# --- the measures the platform's apps offer ------------------------------------------------

def _assignments_on_time(actor, units, start, end):
    from fazhi.campaigns import selectors

    qs = selectors.assignment_list(actor=actor).filter(due_date__range=(start, end))
    done_in_time = Q(status="done", completed_at__isnull=False, completed_at__date__lte=F("due_date"))
    rows = per_unit(qs, "unit__path", units, num=Count("id", filter=done_in_time), den=Count("id"))
    return _figures(rows, units, ratio=True)


def _assignments_overdue(actor, units, start, end):
    from fazhi.campaigns import selectors

    from fazhi.core.workdays import today

    last = min(end, today() - dt.timedelta(days=1))
    qs = selectors.assignment_list(actor=actor).filter(due_date__range=(start, last)).exclude(status="done")
    return _figures(per_unit(qs, "unit__path", units, num=Count("id")), units, ratio=False)


def _reports_filed(actor, units, start, end):
    from fazhi.campaigns import selectors

    qs = selectors.report_list(actor=actor).filter(submitted_at__date__range=(start, end))
    return _figures(per_unit(qs, "assignment__unit__path", units, num=Count("id")), units, ratio=False)


def _problems_closed(actor, units, start, end):
    from fazhi.ledger import selectors

    qs = selectors.problem_list(actor=actor).filter(found_on__range=(start, end))
    rows = per_unit(qs, "unit__path", units, num=Count("id", filter=Q(status="closed")), den=Count("id"))
    return _figures(rows, units, ratio=True)


def _submissions_on_time(actor, units, start, end):
    from fazhi.intake import selectors

    qs = selectors.submission_list(actor=actor).filter(received_at__date__range=(start, end),
                                                       assigned_unit__isnull=False)
    on_time = Q(concluded_on__isnull=False, concluded_on__lte=F("conclude_due"))
    rows = per_unit(qs, "assigned_unit__path", units, num=Count("id", filter=on_time), den=Count("id"))
    return _figures(rows, units, ratio=True)


def _inspections_held(actor, units, start, end):
    from fazhi.assessment import selectors

    qs = selectors.assessment_list(actor=actor).filter(kind="inspection", submitted_at__date__range=(start, end))
    return _figures(per_unit(qs, "unit__path", units, num=Count("id")), units, ratio=False)


register(Measure("campaigns.assignments_on_time", _("任务按期完成率"), MeasureUnit.RATIO, _assignments_on_time,
                 _link("campaigns:assignments")))
register(Measure("campaigns.assignments_overdue", _("逾期未完成任务数"), MeasureUnit.COUNT, _assignments_overdue,
                 _link("campaigns:assignments", colour="red")))
register(Measure("campaigns.reports_filed", _("进展报送次数"), MeasureUnit.COUNT, _reports_filed))
register(Measure("ledger.problems_closed", _("问题整改销号率"), MeasureUnit.RATIO, _problems_closed, _link("ledger:list")))
register(Measure("intake.submissions_on_time", _("群众诉求按期办结率"), MeasureUnit.RATIO, _submissions_on_time))
register(Measure("assessment.inspections_held", _("督查考评次数"), MeasureUnit.COUNT, _inspections_held))


# --- learning and enforcement: through their figures selectors ------------------------------

def _learning_figures_per_unit(actor, units, year: int) -> dict:
    """{unit id: learning Figures}: one call per parent, whose `per_unit` lists its children's
    subtrees; a unit without a visible parent is asked for on its own (its `totals`)."""
    from fazhi.learning.selectors import learning_figures

    found, by_parent = {}, defaultdict(list)
    for unit in units:
        by_parent[unit.parent_id].append(unit)
    for parent_id, group in by_parent.items():
        listed = {}
        if parent_id is not None:
            parent = group[0].parent
            listed = {f.unit_id: f for f in learning_figures(actor=actor, year=year, unit=parent).per_unit}
        for unit in group:
            found[unit.pk] = listed.get(unit.pk) or learning_figures(actor=actor, year=year, unit=unit).totals
    return found


def _learning(numerator: str, denominator: str | None = None) -> Compute:
    def compute(actor, units, start, end):
        figures = _learning_figures_per_unit(actor, units, start.year)
        out = {}
        for unit in units:
            f = figures[unit.pk]
            num = Decimal(str(getattr(f, numerator) or 0))
            out[unit.pk] = Figure(num, Decimal(str(getattr(f, denominator) or 0)) if denominator else None)
        return out
    return compute


def _enforcement(part: str, numerator: str, denominator: str) -> Compute:
    """A rate of enforcement_figures; one call per unit (each call a fixed number of queries)."""
    def compute(actor, units, start, end):
        from fazhi.enforcement.figures import enforcement_figures

        out = {}
        for unit in units:
            row = enforcement_figures(actor=actor, year=start.year, unit=unit)[part]
            out[unit.pk] = Figure(Decimal(str(row.get(numerator) or 0)), Decimal(str(row.get(denominator) or 0)))
        return out
    return compute


def _compression(actor, units, start, end):
    """1 − promised / statutory days over the unit's approval items: days saved over statutory days."""
    from fazhi.enforcement.figures import approval_figures

    out = {}
    for unit in units:
        row = approval_figures(actor=actor, year=start.year, unit=unit)
        statutory, promised = Decimal(row["statutory_days"] or 0), Decimal(row["promised_days"] or 0)
        out[unit.pk] = Figure(statutory - promised, statutory)
    return out


register(Measure("learning.trainings", _("法治培训和讲座期数"), MeasureUnit.COUNT, _learning("trainings"),
                 _link("learning:sessions")))
register(Measure("learning.law_share", _("法治学时占培训学时比例"), MeasureUnit.RATIO, _learning("law_hours", "hours"),
                 _link("learning:hours")))
register(Measure("learning.enforcement_coverage", _("执法人员培训覆盖率"), MeasureUnit.RATIO,
                 _learning("enforcement_trained", "enforcement_staff")))
register(Measure("learning.exam_pass_rate", _("学法考试合格率"), MeasureUnit.RATIO, _learning("exam_passed", "exam_takers")))
register(Measure("learning.outreach_events", _("普法活动次数"), MeasureUnit.COUNT, _learning("outreach_events")))
register(Measure("enforcement.timely_disclosure", _("执法决定按时公示率"), MeasureUnit.RATIO,
                 _enforcement("cases", "disclosed_on_time", "disclosure_counted")))
register(Measure("enforcement.same_day_rate", _("审批即办件率"), MeasureUnit.RATIO,
                 _enforcement("approvals", "same_day", "completed")))
register(Measure("enforcement.compression_ratio", _("审批承诺时限压缩比"), MeasureUnit.RATIO, _compression))

"""Reads of the indicators app: scoped lists, and the evaluation of an indicator for units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from fazhi.core.workdays import today as local_today
from fazhi.org.models import Unit
from fazhi.org.scoping import access, ancestor_or_subtree_q, scope, subtree_q

from . import periods
from .evaluation import colour_of
from .measures import CATALOGUE, Figure, Measure
from .models import Indicator, IndicatorResult


def indicator_list(*, actor, filters: dict | None = None) -> QuerySet[Indicator]:
    """Indicators set on units the actor may see or above them (a city's rule applies to its
    counties); filters: campaign, unit (subtree), measure, q, active."""
    filters = filters or {}
    qs = Indicator.objects.filter(ancestor_or_subtree_q(actor)).select_related("unit", "campaign")
    if filters.get("campaign"):
        qs = qs.filter(campaign_id=getattr(filters["campaign"], "pk", filters["campaign"]))
    if filters.get("unit"):
        unit = filters["unit"]
        qs = qs.filter(subtree_q(unit.path, "unit__path"))
    if filters.get("measure"):
        qs = qs.filter(measure=filters["measure"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(text__icontains=filters["q"]))
    if filters.get("active", True):
        qs = qs.filter(is_active=True)
    return qs


def indicator_get(*, actor, pk) -> Indicator:
    return access(indicator_list(actor=actor, filters={"active": False}), pk)


@dataclass(frozen=True)
class Evaluation:
    indicator: Indicator
    unit: Unit
    start: dt.date
    end: dt.date
    figure: Figure
    colour: str
    rows_url: str | None

    @property
    def value(self) -> Decimal | None:
        return self.figure.value

    @property
    def period_label(self) -> str:
        return periods.label(self.indicator.period, self.start)


def measure_of(indicator: Indicator) -> Measure | None:
    return CATALOGUE.get(indicator.measure)


def units_evaluated(*, actor, indicator: Indicator) -> QuerySet[Unit]:
    """The indicator's unit, then each unit below it of the kinds it applies to, within the actor's scope."""
    qs = Unit.objects.filter(pk=indicator.unit_id)
    if indicator.applies_to:
        qs = Unit.objects.filter(Q(pk=indicator.unit_id)
                                 | (subtree_q(indicator.unit.path, "path") & Q(kind__in=indicator.applies_to)))
    return scope(qs, actor, path_field="path").order_by("path")


def evaluate(*, actor, indicator: Indicator, units=None, day: dt.date | None = None) -> list[Evaluation]:
    """The indicator's figures and colours for the period holding `day` (default today)."""
    units = units if units is not None else units_evaluated(actor=actor, indicator=indicator)
    return evaluate_many(actor=actor, pairs=[(indicator, unit) for unit in units], day=day)


def evaluate_many(*, actor, pairs: Iterable[tuple[Indicator, Unit]], day: dt.date | None = None) -> list[Evaluation]:
    """Each (indicator, unit)'s evaluation for the period holding `day`, in the order given, each
    measure computed once per period for all the units that need it: a list of indicators costs
    as many queries as it has kinds of measure, not as many as it has rows."""
    day = day or local_today()
    rows = [(indicator, unit, measure, *periods.bounds(indicator.period, day))
            for indicator, unit in pairs if (measure := measure_of(indicator)) is not None]
    units_of: dict[tuple, dict[int, Unit]] = {}
    for indicator, unit, measure, start, end in rows:
        units_of.setdefault((measure, start, end), {})[unit.pk] = unit
    figures = {key: key[0].compute(actor, list(units.values()), key[1], key[2]) for key, units in units_of.items()}
    out = []
    for indicator, unit, measure, start, end in rows:
        figure = figures[measure, start, end][unit.pk]
        out.append(Evaluation(indicator, unit, start, end, figure,
                              colour_of(figure.value, op=indicator.op, threshold=indicator.threshold,
                                        period_over=end < local_today()),
                              measure.rows(unit, start, end) if measure.rows else None))
    return out


def history(*, actor, indicator: Indicator, unit: Unit | None = None) -> QuerySet[IndicatorResult]:
    qs = IndicatorResult.objects.visible_to(actor).filter(indicator=indicator).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("unit__path", "-period_start")


def colour_counts(evaluations: list[Evaluation]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ev in evaluations:
        counts[ev.colour] = counts.get(ev.colour, 0) + 1
    return counts


def rules_pending(*, actor, filters: dict | None = None):
    """The importer's numeric rules (campaigns.PlanRule) of campaigns the actor sees, not yet
    confirmed or dismissed, each with `.suggestion` (see suggest.py)."""
    from fazhi.campaigns.selectors import plan_rule_list

    from .models import RuleReview
    from .suggest import suggest

    reviewed = RuleReview.objects.values("rule_id")
    rules = list(plan_rule_list(actor=actor, filters=filters).exclude(pk__in=reviewed))
    for rule in rules:
        rule.suggestion = suggest(rule)
    return rules


def rule_get(*, actor, pk):
    from fazhi.campaigns.selectors import plan_rule_list

    return access(plan_rule_list(actor=actor), pk)


def rule_reviews(*, actor):
    from .models import RuleReview

    return (RuleReview.objects.visible_to(actor)
            .select_related("rule__campaign", "indicator", "decided_by__person").order_by("-decided_at", "-id"))

"""Every write of the indicators app: one transaction, a permission check, an audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import audit_record, snapshot
from fazhi.org.choices import Role, UnitKind
from fazhi.org.scoping import require_role

from . import messages as m
from . import periods
from .choices import Decision, MeasureUnit
from .measures import CATALOGUE
from .models import Indicator, IndicatorResult, RuleReview

# The fields an office may change after an indicator was set; anything else is refused.
EDITABLE = ("title", "text", "measure", "op", "threshold", "period", "applies_to")


def _clean_measure_and_threshold(measure: str, threshold) -> Decimal:
    if measure not in CATALOGUE:
        raise ValidationError({"measure": str(m.UNKNOWN_MEASURE).format(code=measure)})
    try:
        threshold = Decimal(str(threshold))
    except (InvalidOperation, ValueError):
        raise ValidationError({"threshold": m.NEGATIVE_THRESHOLD})
    if threshold < 0:
        raise ValidationError({"threshold": m.NEGATIVE_THRESHOLD})
    if CATALOGUE[measure].kind == MeasureUnit.RATIO and threshold > 1:
        raise ValidationError({"threshold": m.RATIO_THRESHOLD})
    return threshold


def _kinds(applies_to) -> list[str]:
    kinds = list(applies_to or [])
    unknown = [k for k in kinds if k not in UnitKind.values]
    if unknown:
        raise ValidationError({"applies_to": ", ".join(unknown)})
    return kinds


@transaction.atomic
def indicator_create(*, actor, unit, title: str, measure: str, threshold, op: str = ">=", period: str = "year",
                     campaign=None, text: str = "", applies_to=(), source_line: int | None = None) -> Indicator:
    require_role(actor, [Role.OFFICE], unit, m.NOT_OFFICE)
    indicator = Indicator(unit=unit, title=title, measure=measure, op=op, period=period, campaign=campaign,
                          text=text, applies_to=_kinds(applies_to), source_line=source_line,
                          threshold=_clean_measure_and_threshold(measure, threshold),
                          created_by=actor if getattr(actor, "is_authenticated", False) else None)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=actor, action="indicator.create", obj=indicator, after=snapshot(indicator), unit=unit)
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    require_role(actor, [Role.OFFICE], indicator.unit, m.NOT_OFFICE)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(", ".join(unknown))
    if not indicator.is_active:
        raise ValidationError(m.ALREADY_WITHDRAWN)
    before = snapshot(indicator)
    measure = fields.get("measure", indicator.measure)
    if "threshold" in fields or "measure" in fields:
        fields["threshold"] = _clean_measure_and_threshold(measure, fields.get("threshold", indicator.threshold))
    if "applies_to" in fields:
        fields["applies_to"] = _kinds(fields["applies_to"])
    for name in EDITABLE:
        if name in fields:
            setattr(indicator, name, fields[name])
    indicator.full_clean()
    indicator.save(update_fields=[name for name in EDITABLE if name in fields])
    audit_record(actor=actor, action="indicator.update", obj=indicator, before=before, after=snapshot(indicator),
                 unit=indicator.unit)
    return indicator


@transaction.atomic
def indicator_withdraw(*, actor, indicator: Indicator, reason: str) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    require_role(actor, [Role.OFFICE], indicator.unit, m.NOT_OFFICE)
    if not indicator.is_active:
        raise ValidationError(m.ALREADY_WITHDRAWN)
    if not (reason or "").strip():
        raise ValidationError({"reason": m.WITHDRAW_REASON_REQUIRED})
    before = snapshot(indicator)
    indicator.is_active = False
    indicator.withdrawn_reason = reason.strip()
    indicator.save(update_fields=["is_active", "withdrawn_reason"])
    audit_record(actor=actor, action="indicator.withdraw", obj=indicator, before=before, after=snapshot(indicator),
                 unit=indicator.unit)
    return indicator


@transaction.atomic
def indicator_results_record(*, actor, indicator: Indicator, day: dt.date) -> list[IndicatorResult]:
    """Keep the figures of the period holding `day` (recomputed when the period is recorded again)."""
    from .selectors import evaluate

    require_role(actor, [Role.OFFICE], indicator.unit, m.NOT_OFFICE)
    kept = []
    for ev in evaluate(actor=actor, indicator=indicator, day=day):
        result, _ = IndicatorResult.objects.update_or_create(
            indicator=indicator, unit=ev.unit, period_start=ev.start,
            defaults={"period_end": ev.end, "value": ev.value, "numerator": ev.figure.numerator,
                      "denominator": ev.figure.denominator, "colour": ev.colour})
        kept.append(result)
    audit_record(actor=actor, action="indicator.record", obj=indicator,
                 after={"period": periods.label(indicator.period, periods.bounds(indicator.period, day)[0]),
                        "results": len(kept)}, unit=indicator.unit)
    return kept


# --- the importer's numeric rules, confirmed as indicators or dismissed -----------------------

def _unreviewed(rule) -> None:
    if RuleReview.objects.filter(rule_id=rule.pk).exists():
        raise ValidationError(m.RULE_ALREADY_REVIEWED)


@transaction.atomic
def plan_rule_confirm(*, actor, rule, title: str, measure: str, threshold, op: str = ">=", period: str = "year",
                      applies_to=()) -> RuleReview:
    """The rule's sentence mapped to a measure: an indicator over the campaign's issuer is set."""
    unit = rule.campaign.issuer
    require_role(actor, [Role.OFFICE], unit, m.NOT_OFFICE)
    _unreviewed(rule)
    if not (title or "").strip():
        raise ValidationError({"title": m.TITLE_REQUIRED})
    indicator = indicator_create(actor=actor, unit=unit, title=title.strip(), measure=measure, threshold=threshold,
                                 op=op, period=period, campaign=rule.campaign, text=rule.text or str(rule),
                                 applies_to=applies_to, source_line=rule.line)
    review = RuleReview(rule=rule, decision=Decision.CONFIRMED, indicator=indicator, decided_by=actor)
    review.full_clean()
    review.save()
    audit_record(actor=actor, action="plan_rule.confirm", obj=review, after=snapshot(review), unit=unit)
    return review


@transaction.atomic
def plan_rule_dismiss(*, actor, rule, reason: str) -> RuleReview:
    """No indicator for this rule (the data cannot answer it, or it is not a target): said why."""
    unit = rule.campaign.issuer
    require_role(actor, [Role.OFFICE], unit, m.NOT_OFFICE)
    _unreviewed(rule)
    if not (reason or "").strip():
        raise ValidationError({"reason": m.DISMISS_REASON_REQUIRED})
    review = RuleReview(rule=rule, decision=Decision.DISMISSED, reason=reason.strip(), decided_by=actor)
    review.full_clean()
    review.save()
    audit_record(actor=actor, action="plan_rule.dismiss", obj=review, after=snapshot(review), unit=unit)
    return review

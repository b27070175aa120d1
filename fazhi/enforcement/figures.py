"""The figures of administrative law for a year: one selector for the annual report and the
indicators, `enforcement_figures(*, actor, year, unit=None, day=None)`.

Every count is scoped to what the actor may see (and to `unit`'s subtree when given). Rates
are fractions between 0 and 1 (None when there is nothing to divide by); the report prints
them as percentages with two decimals (0.952 → 95.20%). The return shape, documented also in
docs/enforcement.md:

    {
      "year": 2026, "unit": <unit id or None>, "as_of": date,
      "documents": {"drafted", "published", "filed", "filed_on_time", "in_force", "expiring",
                    "cleanup": {"kept", "amended", "repealed", "expired"}},
      "decisions": {"catalogued", "participation", "argued", "risk_assessed", "legality_reviewed",
                    "decided", "issued", "evaluated"},
      "legal_reviews": {"requested", "done", "pending", "approve", "amend", "reject"},
      "cases": {"total", "by_kind": {"inspection", "penalty", "coercion"}, "special_actions", "decided",
                "major", "major_reviewed", "out_of_range", "disclosure_counted", "disclosed_on_time",
                "overdue", "timely_disclosure_rate"},
      "approvals": {"items", "statutory_days", "promised_days", "compression_ratio", "cases", "completed",
                    "same_day", "on_time", "same_day_rate", "on_time_rate",
                    "by_item": [{"id", "code", "name", "unit", "statutory_days", "promised_days",
                                 "compression_ratio", "cases", "completed", "same_day", "on_time",
                                 "same_day_rate", "on_time_rate"}],
                    "by_unit": [{"id", "name", "cases", "completed", "same_day", "on_time",
                                 "same_day_rate", "on_time_rate"}]},
      "powers": {"active", "published", "changes"},
      "advisers": {"advisers", "public_lawyers", "matters"},
      "draws": {"draws", "published", "objects_drawn"},
    }

Definitions: the compression ratio (压缩比) is 1 − Σ promised days / Σ statutory days over the
active items; a same-day case (即办件) is completed on the day it was received; a case is on
time (按时办结) when its working days do not exceed the item's promised days; the same-day and
on-time rates divide by the cases completed in the year. The timely-disclosure rate divides the
decisions disclosed by their due date by the decisions of the year that were due by `day` or
already disclosed; `overdue` counts those past due and not disclosed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum

from fazhi.core.workdays import today as local_today
from fazhi.org.models import Unit
from fazhi.org.scoping import scope

from .choices import (AdviserKind, CaseKind, CleanupOutcome, DecisionStatus, DocumentStatus, DrawStatus, PowerStatus,
                      ReviewOpinion, ReviewStatus)
from .models import (AdviserMatter, ApprovalCase, ApprovalItem, CleanupEntry, DrawPick, EnforcementCase, LegalAdviser,
                     LegalReview, MajorDecision, NormativeDocument, Power, PowerChange, RandomDraw, SpecialAction)
from .selectors import expiry_horizon

DECISION_ORDER = [DecisionStatus.CATALOGUED, DecisionStatus.PARTICIPATION, DecisionStatus.ARGUED,
                  DecisionStatus.RISK_ASSESSED, DecisionStatus.LEGALITY_REVIEWED, DecisionStatus.DECIDED,
                  DecisionStatus.ISSUED, DecisionStatus.EVALUATED]


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _scoped(qs: QuerySet, actor, unit: Unit | None, path: str = "unit__path") -> QuerySet:
    qs = scope(qs, actor, path_field=path)
    return qs.filter(**{f"{path}__startswith": unit.path}) if unit is not None else qs


def enforcement_figures(*, actor, year: int, unit: Unit | None = None, day: dt.date | None = None) -> dict:
    day = day or local_today()
    return {
        "year": year, "unit": unit.pk if unit else None, "as_of": day,
        "documents": _documents(actor, year, unit, day),
        "decisions": _decisions(actor, year, unit),
        "legal_reviews": _reviews(actor, year, unit),
        "cases": _cases(actor, year, unit, day),
        "approvals": approval_figures(actor=actor, year=year, unit=unit),
        "powers": _powers(actor, year, unit),
        "advisers": _advisers(actor, year, unit),
        "draws": _draws(actor, year, unit),
    }


def _documents(actor, year, unit, day) -> dict:
    docs = _scoped(NormativeDocument.objects.all(), actor, unit)
    filed = docs.filter(filed_on__year=year)
    on_time = sum(1 for p, f in filed.values_list("published_on", "filed_on") if (f - p).days <= 30)
    cleanup = dict(_scoped(CleanupEntry.objects.filter(decided_on__year=year), actor, unit, "document__unit__path")
                   .values_list("outcome").annotate(n=Count("id")).order_by())
    return {
        "drafted": docs.filter(drafted_on__year=year).count(),
        "published": docs.filter(published_on__year=year).count(),
        "filed": filed.count(), "filed_on_time": on_time,
        "in_force": docs.filter(status=DocumentStatus.IN_FORCE, expires_on__gte=day).count(),
        "expiring": docs.filter(status=DocumentStatus.IN_FORCE, expires_on__lte=expiry_horizon(day)).count(),
        "cleanup": {o: cleanup.get(o, 0) for o in CleanupOutcome.values},
    }


def _decisions(actor, year, unit) -> dict:
    statuses = dict(_scoped(MajorDecision.objects.filter(year=year), actor, unit).values_list("status")
                    .annotate(n=Count("id")).order_by())
    # "reached" counts: a decision issued has also been through every step before.
    out, running = {}, 0
    for status in reversed(DECISION_ORDER):
        running += statuses.get(status, 0)
        out[status] = running
    return {s.value: out[s] for s in DECISION_ORDER}


def _reviews(actor, year, unit) -> dict:
    qs = _scoped(LegalReview.objects.filter(requested_on__year=year), actor, unit)
    opinions = dict(qs.filter(status=ReviewStatus.DONE).values_list("opinion").annotate(n=Count("id")).order_by())
    done = sum(opinions.values())
    return {"requested": qs.count(), "done": done, "pending": qs.filter(status=ReviewStatus.PENDING).count(),
            **{o: opinions.get(o, 0) for o in ReviewOpinion.values}}


def _cases(actor, year, unit, day) -> dict:
    qs = _scoped(EnforcementCase.objects.filter(opened_on__year=year), actor, unit)
    kinds = dict(qs.values_list("kind").annotate(n=Count("id")).order_by())
    decided = _scoped(EnforcementCase.objects.filter(decided_on__year=year), actor, unit)
    counted = decided.filter(disclosure_due__isnull=False).filter(Q(disclosed_on__isnull=False) | Q(disclosure_due__lt=day))
    on_time = counted.filter(disclosed_on__isnull=False, disclosed_on__lte=F("disclosure_due")).count()
    n_counted = counted.count()
    major = decided.filter(is_major=True)
    return {
        "total": qs.count(),
        "by_kind": {k: kinds.get(k, 0) for k in CaseKind.values},
        "special_actions": _scoped(SpecialAction.objects.filter(started_on__year=year), actor, unit).count(),
        "decided": decided.count(),
        "major": major.count(),
        "major_reviewed": major.filter(reviews__status=ReviewStatus.DONE).distinct().count(),
        "out_of_range": decided.filter(out_of_range=True).count(),
        "disclosure_counted": n_counted, "disclosed_on_time": on_time,
        "overdue": decided.filter(disclosed_on__isnull=True, disclosure_due__lt=day).count(),
        "timely_disclosure_rate": rate(on_time, n_counted),
    }


def _case_counts(qs: QuerySet) -> dict:
    row = qs.aggregate(cases=Count("id"), completed=Count("id", filter=Q(completed_on__isnull=False)),
                       same_day=Count("id", filter=Q(same_day=True)), on_time=Count("id", filter=Q(on_time=True)))
    row["same_day_rate"] = rate(row["same_day"], row["completed"])
    row["on_time_rate"] = rate(row["on_time"], row["completed"])
    return row


def approval_figures(*, actor, year: int, unit: Unit | None = None) -> dict:
    """压缩比, 即办件率, 按时办结率 for the year, overall, per item and per unit."""
    items = _scoped(ApprovalItem.objects.filter(is_active=True), actor, unit).select_related("unit").order_by("unit__path", "code")
    sums = items.aggregate(s=Sum("statutory_days"), p=Sum("promised_days"))
    statutory, promised = sums["s"] or 0, sums["p"] or 0
    cases = _scoped(ApprovalCase.objects.filter(received_on__year=year), actor, unit)
    by_item_rows = {r["item"]: r for r in cases.values("item").annotate(
        cases=Count("id"), completed=Count("id", filter=Q(completed_on__isnull=False)),
        same_day=Count("id", filter=Q(same_day=True)), on_time=Count("id", filter=Q(on_time=True))).order_by()}
    by_item = []
    for item in items:
        r = by_item_rows.get(item.pk, {"cases": 0, "completed": 0, "same_day": 0, "on_time": 0})
        by_item.append({"id": item.pk, "code": item.code, "name": item.name, "unit": item.unit.name,
                        "statutory_days": item.statutory_days, "promised_days": item.promised_days,
                        "compression_ratio": item.compression, "cases": r["cases"], "completed": r["completed"],
                        "same_day": r["same_day"], "on_time": r["on_time"],
                        "same_day_rate": rate(r["same_day"], r["completed"]), "on_time_rate": rate(r["on_time"], r["completed"])})
    by_unit = []
    for r in cases.values("unit", "unit__name", "unit__path").annotate(
            cases=Count("id"), completed=Count("id", filter=Q(completed_on__isnull=False)),
            same_day=Count("id", filter=Q(same_day=True)), on_time=Count("id", filter=Q(on_time=True))).order_by("unit__path"):
        by_unit.append({"id": r["unit"], "name": r["unit__name"], "cases": r["cases"], "completed": r["completed"],
                        "same_day": r["same_day"], "on_time": r["on_time"],
                        "same_day_rate": rate(r["same_day"], r["completed"]), "on_time_rate": rate(r["on_time"], r["completed"])})
    return {"items": items.count(), "statutory_days": statutory, "promised_days": promised,
            "compression_ratio": (1 - promised / statutory) if statutory else None,
            **_case_counts(cases), "by_item": by_item, "by_unit": by_unit}


def _powers(actor, year, unit) -> dict:
    qs = _scoped(Power.objects.all(), actor, unit)
    return {"active": qs.filter(status=PowerStatus.ACTIVE).count(),
            "published": qs.filter(status=PowerStatus.ACTIVE, published=True).count(),
            "changes": _scoped(PowerChange.objects.filter(on__year=year), actor, unit, "power__unit__path").count()}


def _advisers(actor, year, unit) -> dict:
    qs = _scoped(LegalAdviser.objects.filter(term_start__year__lte=year, term_end__year__gte=year), actor, unit)
    return {"advisers": qs.filter(kind=AdviserKind.ADVISER).count(),
            "public_lawyers": qs.filter(kind=AdviserKind.PUBLIC_LAWYER).count(),
            "matters": _scoped(AdviserMatter.objects.filter(on__year=year), actor, unit, "adviser__unit__path").count()}


def _draws(actor, year, unit) -> dict:
    qs = _scoped(RandomDraw.objects.filter(drawn_on__year=year), actor, unit)
    return {"draws": qs.count(), "published": qs.filter(status=DrawStatus.PUBLISHED).count(),
            "objects_drawn": DrawPick.objects.filter(draw__in=qs).values("draw", "object").distinct().count()}


__all__ = ["enforcement_figures", "approval_figures", "rate"]

"""Graded management (分类分级管理): the register of each unit's grade.

When a round is published, every unit with a result gets the grade band its final total
reaches (a veto takes the lowest band) as a `UnitGrade` row dated the day of publication;
its current grade is the row of its latest published round. Writing is idempotent: the row
of a unit and round is updated, never added twice, so publishing again duplicates nothing,
and only rows that change get an audit entry.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot

from . import scoring
from .choices import AssessmentKind
from .models import Assessment, AssessmentRound, UnitGrade
from fazhi.core import rollups

REGISTER_FIELDS = ("grade", "label", "total", "vetoed", "graded_on")


def _finals(rnd: AssessmentRound) -> dict[int, Assessment]:
    """Each unit's result: its assessment at the last inspection stage that has scores (one query)."""
    finals: dict[int, Assessment] = {}
    qs = (Assessment.objects.filter(round=rnd, kind=AssessmentKind.INSPECTION, scored_items__gt=0)
          .select_related("unit").defer("item_finals").order_by("unit_id", "stage__order"))
    for a in qs:
        finals[a.unit_id] = a  # the later stage wins
    return finals


@transaction.atomic
def grades_register(*, actor, rnd: AssessmentRound) -> list[UnitGrade]:
    """Write the round's grades into the register (called by round_publish, which has checked
    the actor's permission and the round's status)."""
    day = timezone.localdate(rnd.published_at) if rnd.published_at else timezone.localdate()
    existing = {g.unit_id: g for g in UnitGrade.objects.select_for_update().filter(round=rnd)}
    written = []
    for unit_id, final in _finals(rnd).items():
        band = scoring.grade_for(final.total, final.vetoed, rnd.grade_bands)
        if band is None:
            continue
        values = {"grade": str(band.get("grade", ""))[:10], "label": str(band.get("label", ""))[:40],
                  "total": final.total, "vetoed": final.vetoed, "graded_on": day}
        row = existing.get(unit_id)
        before = snapshot(row) if row is not None else None
        if row is None:
            row = UnitGrade(unit=final.unit, round=rnd, **values)
        elif all(getattr(row, k) == v for k, v in values.items()):
            continue
        else:
            for k, v in values.items():
                setattr(row, k, v)
        row.full_clean(exclude=["is_current"], validate_constraints=False)
        row.save()
        audit_record(actor=actor, action="unit_grade.register", obj=row, before=before, after=snapshot(row), unit=final.unit)
        written.append(row)
    _refresh_current([g.unit_id for g in written])
    return written


def _refresh_current(unit_ids: list[int]) -> None:
    """Mark each unit's latest graded row as its current grade (two updates, whatever the count)."""
    if not unit_ids:
        return
    latest: dict[int, int] = {}
    for pk, unit_id in (UnitGrade.objects.filter(unit_id__in=unit_ids)
                        .order_by("unit_id", "graded_on", "round_id").values_list("pk", "unit_id")):
        latest[unit_id] = pk
    UnitGrade.objects.filter(unit_id__in=unit_ids, is_current=True).exclude(pk__in=latest.values()).update(is_current=False)
    UnitGrade.objects.filter(pk__in=latest.values()).update(is_current=True)
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)

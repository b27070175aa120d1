"""Writes of the holiday table (StatutoryDay): one transaction, permission check, audit row.

The table is one for the whole installation (the State Council's notice applies to every
unit), so only the office of a top-level unit maintains it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import rollups
from .holidays import NoticeDay
from .models import StatutoryDay
from .signals import write_done

NOT_CALENDAR_OFFICE = _("只有最上级单位的领导小组办公室可以维护节假日安排。")


# Who keeps the table is a matter of roles, which live in org, above core: org hands its rule
# over at start-up (OrgConfig.ready). Without it nobody may edit, which fails closed.
_calendar_keeper = None


def set_calendar_keeper(rule) -> None:
    """`rule(actor)` returns the unit to record the change on (None for an administrator) or
    raises PermissionDenied."""
    global _calendar_keeper
    _calendar_keeper = rule


def calendar_office_unit(actor):
    """The unit the actor keeps the table for; raises PermissionDenied when they may not."""
    if _calendar_keeper is None:
        raise PermissionDenied(NOT_CALENDAR_OFFICE)
    return _calendar_keeper(actor)


def may_edit_calendar(actor) -> bool:
    try:
        calendar_office_unit(actor)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def statutory_day_create(*, actor, date: dt.date, kind: str, name: str = "") -> StatutoryDay:
    unit = calendar_office_unit(actor)
    day = StatutoryDay(date=date, kind=kind, name=name.strip())
    day.full_clean()
    day.save()
    write_done.send(sender=StatutoryDay, actor=actor, action="statutoryday.create", obj=day, after=day, unit=unit)
    return day


@transaction.atomic
def statutory_day_delete(*, actor, day: StatutoryDay) -> None:
    unit = calendar_office_unit(actor)
    write_done.send(sender=StatutoryDay, actor=actor, action="statutoryday.delete", obj=day, before=day, unit=unit)
    day.delete()


@transaction.atomic
def holiday_notice_import(*, actor, year: int, days: list[NoticeDay]) -> list[StatutoryDay]:
    """Replace the year's entries by those of the notice (days of a range reaching into the
    previous or next year are written too). One audit row holds the whole table before and after."""
    unit = calendar_office_unit(actor)
    dates = [d.date for d in days]
    affected = StatutoryDay.objects.filter(date__year=year) | StatutoryDay.objects.filter(date__in=dates)
    before = [{"date": d.date.isoformat(), "kind": d.kind, "name": d.name} for d in affected.order_by("date")]
    affected.delete()
    rows = [StatutoryDay(date=d.date, kind=d.kind, name=d.name[:40]) for d in days]
    for row in rows:
        row.full_clean(validate_unique=False)
    StatutoryDay.objects.bulk_create(rows)
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    after = [{"date": r.date.isoformat(), "kind": r.kind, "name": r.name} for r in rows]
    write_done.send(sender=StatutoryDay, actor=actor, action="holiday.import", obj=None,
                    before={"year": year, "days": before}, after={"year": year, "days": after}, unit=unit)
    return rows

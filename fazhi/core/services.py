"""Writes of the holiday table (StatutoryDay): one transaction, permission check, audit row.

The table is one for the whole installation (the State Council's notice applies to every
unit), so only the office of a top-level unit maintains it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.audit.services import audit_record, snapshot

from .holidays import NoticeDay
from .models import StatutoryDay

NOT_CALENDAR_OFFICE = _("只有最上级单位的领导小组办公室可以维护节假日安排。")


def calendar_office_unit(actor):
    """The top-level unit on which the actor holds the office role (None for an administrator).

    Raises PermissionDenied when the actor may not maintain the table. Imported here, not at
    the top: roles live in org, which depends on core.
    """
    from fazhi.org.choices import Role
    from fazhi.org.scoping import grants_of, is_unrestricted

    tops = [g.unit for g in grants_of(actor) if g.role == Role.OFFICE and g.unit.parent_id is None]
    if tops:
        return tops[0]
    if is_unrestricted(actor):
        return None
    raise PermissionDenied(NOT_CALENDAR_OFFICE)


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
    audit_record(actor=actor, action="statutoryday.create", obj=day, after=snapshot(day), unit=unit)
    return day


@transaction.atomic
def statutory_day_delete(*, actor, day: StatutoryDay) -> None:
    unit = calendar_office_unit(actor)
    audit_record(actor=actor, action="statutoryday.delete", obj=day, before=snapshot(day), unit=unit)
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
    after = [{"date": r.date.isoformat(), "kind": r.kind, "name": r.name} for r in rows]
    audit_record(actor=actor, action="holiday.import", obj=None, before={"year": year, "days": before},
                 after={"year": year, "days": after}, unit=unit)
    return rows

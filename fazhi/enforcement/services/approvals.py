"""Approval items (statutory and promised limits) and approval cases counted in working days."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar

from .. import messages as m
from ..models import ApprovalCase, ApprovalItem
from .common import past_date, require_handler, require_office, required, saved, snapshot


def _check_limits(statutory_days, promised_days) -> None:
    if statutory_days is not None and promised_days is not None and int(promised_days) > int(statutory_days):
        raise ValidationError({"promised_days": str(m.PROMISED_LONGER).format(promised=promised_days,
                                                                               statutory=statutory_days)})


@transaction.atomic
def approval_item_create(*, actor, unit, code: str, name: str, statutory_days: int, promised_days: int) -> ApprovalItem:
    require_office(actor, unit)
    _check_limits(statutory_days, promised_days)
    item = ApprovalItem(unit=unit, code=required(code, "code", _("事项编码")), name=required(name, "name", _("事项名称")),
                        statutory_days=statutory_days, promised_days=promised_days)
    return saved(item, actor=actor, action="approval_item.create", unit=unit)


@transaction.atomic
def approval_item_update(*, actor, item, statutory_days: int | None = None, promised_days: int | None = None,
                         name: str | None = None, is_active: bool | None = None) -> ApprovalItem:
    item = ApprovalItem.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    require_office(actor, item.unit)
    fields = {k: v for k, v in dict(statutory_days=statutory_days, promised_days=promised_days, name=name,
                                    is_active=is_active).items() if v is not None}
    _check_limits(fields.get("statutory_days", item.statutory_days), fields.get("promised_days", item.promised_days))
    before = snapshot(item)
    for key, value in fields.items():
        setattr(item, key, value)
    return saved(item, actor=actor, action="approval_item.update", unit=item.unit, before=before)


def measure(case: ApprovalCase, cal: WorkCalendar) -> None:
    """Working days taken, same-day (即办) and on time (within the promised limit)."""
    if case.completed_on is None:
        case.working_days, case.same_day, case.on_time = None, False, None
        return
    case.working_days = cal.working_days_between(case.received_on, case.completed_on)
    case.same_day = case.completed_on == case.received_on
    case.on_time = case.same_day or case.working_days <= case.item.promised_days


def _check_dates(received_on, completed_on) -> None:
    if completed_on is not None and completed_on < received_on:
        raise ValidationError({"completed_on": str(m.APPROVAL_COMPLETED_BEFORE).format(
            completed=cn_date(completed_on), received=cn_date(received_on))})


@transaction.atomic
def approval_case_record(*, actor, item: ApprovalItem, number: str, applicant: str, received_on: dt.date,
                         completed_on: dt.date | None = None, unit=None, cal: WorkCalendar | None = None) -> ApprovalCase:
    unit = unit or item.unit
    require_handler(actor, unit)
    received_on = past_date(received_on, "received_on", _("受理日期"))
    if completed_on is not None:
        completed_on = past_date(completed_on, "completed_on", _("办结日期"))
    _check_dates(received_on, completed_on)
    case = ApprovalCase(item=item, unit=unit, number=required(number, "number", _("受理编号")),
                        applicant=required(applicant, "applicant", _("申请人")), received_on=received_on,
                        completed_on=completed_on)
    measure(case, cal or WorkCalendar())
    return saved(case, actor=actor, action="approval_case.create", unit=unit)


@transaction.atomic
def approval_case_complete(*, actor, case: ApprovalCase, completed_on: dt.date | None = None,
                           cal: WorkCalendar | None = None) -> ApprovalCase:
    case = ApprovalCase.objects.select_for_update(of=("self",)).select_related("unit", "item").get(pk=case.pk)
    require_handler(actor, case.unit)
    completed_on = past_date(completed_on, "completed_on", _("办结日期"))
    _check_dates(case.received_on, completed_on)
    before = snapshot(case)
    case.completed_on = completed_on
    measure(case, cal or WorkCalendar())
    return saved(case, actor=actor, action="approval_case.complete", unit=case.unit, before=before)

"""What every service of the app shares: the roles that may write, saving with an audit row,
status gates and date checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.audit.services import audit_record, snapshot
from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.scoping import require_role

from .. import messages as m

OFFICE = [Role.OFFICE]
HANDLERS = [Role.OFFICE, Role.LIAISON]
REVIEWERS = [Role.REVIEWER]


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def saved(obj, *, actor, action: str, unit=None, before=None):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


def require_office(actor, unit) -> None:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)


def require_handler(actor, unit) -> None:
    require_role(actor, HANDLERS, unit, m.NOT_HANDLER)


def gate(obj, allowed, action: str, message=None) -> None:
    """Refuse a step out of order: the status must be one of `allowed`."""
    if obj.status not in allowed:
        if message is not None:
            raise ValidationError(message)
        raise ValidationError(str(m.WRONG_STATUS).format(status=obj.get_status_display(), action=action))


def required(value, field: str, label) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else value
    if value in (None, ""):
        raise ValidationError({field: str(m.REQUIRED).format(field=label)})
    return value


def past_date(day: dt.date | None, field: str, label) -> dt.date:
    """A date of something done: given, or today; never in the future."""
    day = day or local_today()
    if day > local_today():
        raise ValidationError({field: str(m.DATE_IN_FUTURE).format(field=label, date=cn_date(day))})
    return day


def not_before(day: dt.date, earlier: dt.date | None, field: str, label, other_label) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError({field: str(m.DATE_BEFORE).format(field=label, date=cn_date(day), other=other_label,
                                                               other_date=cn_date(earlier))})


__all__ = ["OFFICE", "HANDLERS", "REVIEWERS", "saved", "snapshot", "require_office", "require_handler", "gate",
           "required", "past_date", "not_before", "user_or_none"]

"""Writing audit rows. Every service that writes calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.db import models

from fazhi.core import rollups

from .context import client_ip
from .models import AuditEntry


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict:
    """The concrete field values of a model instance, JSON-safe (foreign keys as ids)."""
    data = {}
    for f in obj._meta.concrete_fields:
        data[f.attname] = _json_value(getattr(obj, f.attname))
    return data


def _unit_path(obj) -> str:
    for attr in ("unit", "issuer"):
        unit = getattr(obj, attr, None) if obj is not None else None
        if unit is not None and hasattr(unit, "path"):
            return unit.path
    if obj is not None and hasattr(obj, "path") and obj.__class__.__name__ == "Unit":
        return obj.path
    return ""


def _actor(actor):
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = ""
    if user is not None:
        person = getattr(user, "person", None)
        name = f"{person.name}（{user.get_username()}）" if person else user.get_username()
    return user, name or "system"


def common_path(paths) -> str:
    """The deepest unit path that all the given paths lie under ("" when they share none)."""
    paths = list(paths)
    if not paths:
        return ""
    first, last = min(paths), max(paths)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:first.rfind("/", 0, n + 1) + 1] if n < len(first) or n < len(last) else first


def audit_record(*, actor, action: str, obj: models.Model | None, before: dict | None = None, after: dict | None = None, unit=None) -> AuditEntry:
    """Append one audit row. `unit` (a Unit) lets the office filter the log by unit subtree."""
    user, name = _actor(actor)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=name,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit_path=unit.path if unit is not None else _unit_path(obj),
        before=before,
        after=after,
        ip=client_ip.get(),
    )


def audit_bulk(*, actor, action: str, model: type[models.Model], ids: list, summary: str, unit_paths=(),
               after: dict | None = None) -> AuditEntry:
    """Append one audit row for one bulk action (many rows written at once), not one per row.

    The row lists the ids written (`after["ids"]`) beside what they share (`after`); it is filed
    under the deepest unit all of them lie under, so the office of that subtree finds it. One
    object alone is named by its id, like a single write.
    """
    user, name = _actor(actor)
    ids = list(ids)
    # The rows were written in bulk, which sends no signal, and lie anywhere under the row's path:
    # every cached roll-up is stale (fazhi.core.rollups), not only those of that path.
    rollups.bump()
    return AuditEntry.objects.create(
        actor=user,
        actor_name=name,
        action=action,
        object_type=model._meta.label_lower,
        object_id=str(ids[0]) if len(ids) == 1 else "",
        object_repr=summary[:300],
        unit_path=common_path(unit_paths),
        before=None,
        after=dict(after or {}, ids=ids),
        ip=client_ip.get(),
    )


def record_core_write(sender, *, actor, action: str, obj=None, before=None, after=None, unit=None, **kwargs) -> AuditEntry:
    """Receiver of fazhi.core.signals.write_done: core's writes recorded like every other."""
    def as_dict(value):
        return snapshot(value) if isinstance(value, models.Model) else value

    return audit_record(actor=actor, action=action, obj=obj, before=as_dict(before), after=as_dict(after), unit=unit)

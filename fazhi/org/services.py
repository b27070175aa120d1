"""Every write of units, people and grants: one transaction, permission check, audit row."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import audit_record, snapshot

from . import messages as m
from .choices import Role
from .models import Grant, Person, Unit
from .scoping import has_role, require_role

OFFICE = [Role.OFFICE]


def _require_office_over(actor, unit: Unit | None) -> None:
    if unit is None:
        # Only an administrator creates a new top of the tree.
        if not (actor is not None and actor.is_superuser):
            raise ValidationError(m.NOT_OFFICE)
        return
    if not has_role(actor, OFFICE, unit):
        raise ValidationError(str(m.PARENT_OUT_OF_SCOPE).format(unit=unit.name))


@transaction.atomic
def unit_create(*, actor, name: str, kind: str, parent: Unit | None = None, short_name: str = "", order: int = 0) -> Unit:
    _require_office_over(actor, parent)
    unit = Unit(name=name.strip(), kind=kind, parent=parent, short_name=short_name.strip(), order=order)
    unit.full_clean(exclude=["path"])
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, after=snapshot(unit), unit=unit)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **fields) -> Unit:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    before = snapshot(unit)
    for key in ("name", "short_name", "kind", "order", "is_active"):
        if key in fields:
            setattr(unit, key, fields[key])
    unit.full_clean(exclude=["path"])
    unit.save()
    audit_record(actor=actor, action="unit.update", obj=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, parent: Unit) -> Unit:
    """Put a unit under another parent; the paths of its whole subtree follow."""
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    _require_office_over(actor, parent)
    if parent.path.startswith(unit.path):
        raise ValidationError(m.MOVE_INTO_ITSELF)
    before = snapshot(unit)
    old_path = unit.path
    unit.parent = parent
    unit.save()
    for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth"):
        child.refresh_from_db(fields=["parent"])
        child.save()
    audit_record(actor=actor, action="unit.move", obj=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def person_create(*, actor, unit: Unit, username: str, name: str, password: str | None = None,
                  title: str = "", phone: str = "", email: str = "") -> Person:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": str(m.USERNAME_TAKEN).format(username=username)})
    user = User(username=username, email=email)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    person = Person(user=user, unit=unit, name=name.strip(), title=title.strip(), phone=phone.strip())
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="person.create", obj=person, after=snapshot(person), unit=unit)
    return person


@transaction.atomic
def grant_create(*, actor, person: Person, role: str, unit: Unit) -> Grant:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    grant = Grant(person=person, role=role, unit=unit)
    grant.full_clean()
    grant.save()
    audit_record(actor=actor, action="grant.create", obj=grant, after=snapshot(grant), unit=unit)
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant: Grant) -> None:
    require_role(actor, OFFICE, grant.unit, m.NOT_OFFICE)
    audit_record(actor=actor, action="grant.revoke", obj=grant, before=snapshot(grant), unit=grant.unit)
    grant.delete()


@transaction.atomic
def unit_set_head(*, actor, unit: Unit, person: Person | None) -> Unit:
    """Record the unit's 第一责任人 (its head): a person of that unit, or none."""
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"head": str(m.HEAD_OTHER_UNIT).format(person=person.name, unit=unit.name)})
    before = snapshot(unit)
    unit.head = person
    unit.full_clean(exclude=["path"])
    unit.save()
    audit_record(actor=actor, action="unit.set_head", obj=unit, before=before, after=snapshot(unit))
    return unit

"""Units, people and grants in the permission suite."""

import pytest

from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Grant, Person, Unit
from tests.factories import PersonFactory
from tests.permissions.common import (DENIED, INVALID, Probe, Resource, _seen, api_create, api_read, check_case, page_read,
                                      perm_world, permission_cases)  # noqa: F401

pytestmark = pytest.mark.django_db


def _person(world, target):
    return PersonFactory(unit=world.hospitals[target], user__username=f"perm-staff-{target}")


def _grant(world, target):
    person = PersonFactory(unit=world.hospitals[target], user__username=f"perm-granted-{target}")
    return Grant.objects.create(person=person, role=Role.LIAISON, unit=world.hospitals[target])


def unit_search() -> Probe:
    """What the unit chooser of every form asks as one types: /api/units/?search=<part of the name>."""
    def send(client, obj, world, unit):
        listing = client.get("/api/units/", {"search": obj.name[:3], "is_active": "true"})
        listed = any(r["id"] == obj.pk for r in listing.json()["results"]) if listing.status_code == 200 else None
        return _seen(listing, listed=listed)
    return Probe("api", "read", send, list_only=True)


RESOURCES = [
    Resource("units", make=lambda w, t: w.hospitals[t], probes=[
        page_read("campaigns:unit"),
        api_read("units"),
        api_create("units", lambda w, obj, unit: {"name": "新设窗口", "kind": UnitKind.WINDOW, "parent": unit.pk},
                   written=lambda w, obj, unit: Unit.objects.filter(parent=unit, name="新设窗口").exists()),
    ], deviations={
        # unit_create refuses a parent the caller sees but does not run as a ValidationError (400,
        # "上级单位不在您的管辖范围内"), where the other services answer 403.
        (role, "api", "create", target): INVALID
        for role in (Role.LEADER, Role.INSPECTOR, Role.REVIEWER, Role.INTAKE) for target in ("own", "sibling")
    } | {(Role.LIAISON, "api", "create", "own"): INVALID}),
    # The chooser's suggestions: only units in the caller's subtrees, whoever asks.
    Resource("unit chooser", make=lambda w, t: w.hospitals[t], probes=[unit_search()]),
    Resource("people", make=_person, probes=[
        page_read("org:person", "org:people"),
        api_read("people"),
        api_create("people", lambda w, obj, unit: {"unit": unit.pk, "username": "perm-new", "name": "新人"},
                   written=lambda w, obj, unit: Person.objects.filter(user__username="perm-new").exists()),
    ], deviations={
        # The people pages (names and phones) are the office's (fazhi.org.access); the menu hides them
        # from every other role, which gets a 403 page saying so. The API stays scoped as before.
        (actor, "page", "read", target): DENIED
        for actor in ("leader", "liaison", "inspector", "reviewer", "intake", "no grant")
        for target in ("own", "sibling", "foreign")
    }),
    Resource("grants", make=_grant, probes=[
        api_read("grants"),
        api_create("grants", lambda w, obj, unit: {"person": obj.person_id, "role": Role.REVIEWER, "unit": unit.pk},
                   written=lambda w, obj, unit: Grant.objects.filter(person=obj.person, role=Role.REVIEWER).exists()),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

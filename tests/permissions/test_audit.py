"""Audit rows in the permission suite: an office reads the rows of its subtree; nobody writes one by hand."""

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.org.choices import Role
from tests.permissions.common import (NOT_ALLOWED, TARGETS, Probe, Resource, _seen, api_read, check_case, page_list, perm_world,  # noqa: F401
                                      permission_cases)

pytestmark = pytest.mark.django_db


def _row(world, target):
    unit = world.hospitals[target]
    return AuditEntry.objects.create(action="unit.update", object_type="org.unit", object_id=str(unit.pk),
                                     object_repr=f"审计行-{target}", unit_path=unit.path, actor_name="某人")


def _api_write(client, obj, world, unit):
    """The API is read only: a create, a change and a deletion are all refused."""
    return _seen(client.post("/api/audit-entries/", {"action": "x"}, format="json"),
                 client.patch(f"/api/audit-entries/{obj.pk}/", {"action": "x"}, format="json"),
                 client.delete(f"/api/audit-entries/{obj.pk}/"))


RESOURCES = [
    Resource("audit-rows", make=_row, probes=[
        page_list("audit:list", lambda obj: obj.object_repr),
        api_read("audit-entries"),
        Probe("api", "write", _api_write,
              written=lambda w, obj, unit: AuditEntry.objects.filter(pk=obj.pk).exclude(action="unit.update").exists()
              or not AuditEntry.objects.filter(pk=obj.pk).exists() or AuditEntry.objects.filter(action="x").exists()),
    ], readers={Role.OFFICE}, writers=set(), gate={Role.OFFICE},
       # An office gets 405 for any write, in scope or not: the resource has no write method at all.
       deviations={(a, "api", "write", t): NOT_ALLOWED for a in (Role.OFFICE, "county office") for t in TARGETS}),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

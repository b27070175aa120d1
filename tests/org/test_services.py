"""The org services guard themselves and keep the tree's paths true."""

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.audit.models import AuditEntry
from fazhi.org import services
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def test_unit_update_refuses_anyone_but_an_office_over_the_unit(tree):
    sibling_office = person_with_role(Role.OFFICE, tree.gaoping, "gp_office").user
    for actor in (tree.liaison.user, sibling_office):
        with pytest.raises(PermissionDenied):
            services.unit_update(actor=actor, unit=tree.hospital, name="改名医院")
    assert Unit.objects.get(pk=tree.hospital.pk).name == "泽州县人民医院"
    assert not AuditEntry.objects.filter(action="unit.update").exists()
    services.unit_update(actor=tree.county_office.user, unit=tree.hospital, name="泽州县第一人民医院")
    assert Unit.objects.get(pk=tree.hospital.pk).name == "泽州县第一人民医院"
    assert AuditEntry.objects.get(action="unit.update").actor == tree.county_office.user


def test_unit_move_rewrites_the_paths_of_the_whole_subtree(tree):
    """泽州县 (with its hospital and the hospital's window) moves under 高平市: every unit below
    follows, so scope by path gives them to 高平市's office and takes them from nobody else."""
    window = Unit.objects.create(name="泽州县人民医院挂号窗口", kind=UnitKind.WINDOW, parent=tree.hospital)
    services.unit_move(actor=tree.city_office.user, unit=tree.zezhou, parent=tree.gaoping)
    zezhou, hospital, window = (Unit.objects.get(pk=u.pk) for u in (tree.zezhou, tree.hospital, window))
    assert zezhou.path == f"{tree.gaoping.path}{zezhou.pk:08d}/" and zezhou.depth == 2
    assert hospital.path == f"{zezhou.path}{hospital.pk:08d}/" and hospital.depth == 3
    assert window.path == f"{hospital.path}{window.pk:08d}/" and window.depth == 4
    gaoping_office = person_with_role(Role.OFFICE, tree.gaoping, "gp_office").user
    assert has_role(gaoping_office, [Role.OFFICE], window) and not has_role(tree.county_office.user, [Role.OFFICE], tree.gaoping)
    assert set(tree.gaoping.subtree()) == {tree.gaoping, zezhou, hospital, window}

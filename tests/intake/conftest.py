import pytest

from fazhi.intake import proof
from fazhi.org.choices import Role, UnitKind
from tests.factories import UnitFactory, person_with_role

KNOWN_NAME = "甄秘密"
KNOWN_PHONE = "13912345678"


class Tree:
    pass


@pytest.fixture
def tree(db):
    t = Tree()
    t.commission = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    t.general = UnitFactory(name="办公室", kind=UnitKind.OFFICE, parent=t.commission)
    t.county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=t.commission)
    t.hospital = UnitFactory(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=t.county)
    t.other_county = UnitFactory(name="高平市卫健局", kind=UnitKind.ADMIN_DEPT, parent=t.commission)
    t.other_hospital = UnitFactory(name="高平市人民医院", kind=UnitKind.INSTITUTION, parent=t.other_county)
    t.intake = person_with_role(Role.INTAKE, t.commission, "intake").user
    t.office = person_with_role(Role.OFFICE, t.commission, "office").user
    t.leader = person_with_role(Role.LEADER, t.commission, "leader").user
    t.liaison = person_with_role(Role.LIAISON, t.hospital, "liaison").user
    t.other_liaison = person_with_role(Role.LIAISON, t.other_hospital, "liaison2").user
    t.inspector = person_with_role(Role.INSPECTOR, t.commission, "inspector").user
    t.reviewer = person_with_role(Role.REVIEWER, t.commission, "reviewer").user
    t.other_intake = person_with_role(Role.INTAKE, t.other_county, "intake2").user
    return t


@pytest.fixture
def easy_proof(settings):
    """A proof of work of 4 bits: the real check, solved in a few hashes."""
    settings.FAZHI_PORTAL_PROOF_BITS = 4
    return proof

import datetime as dt
from dataclasses import dataclass

import pytest

from fazhi.ledger import services
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import person_with_role

PASSWORD = "Fazhi-test-1"


@dataclass
class Tree:
    """晋城市卫生计生委 (office, inspector) ├ 泽州县卫生计生局 (liaison) │ └ 泽州县人民医院 └ 高平市卫生计生局 (liaison_gp)"""

    city: Unit
    zezhou: Unit
    hospital: Unit
    gaoping: Unit
    office: object
    inspector: object
    liaison: object
    liaison_gp: object
    outsider: object


@pytest.fixture
def tree(db):
    city = Unit.objects.create(name="晋城市卫生计生委", short_name="市卫计委", kind=UnitKind.ADMIN_DEPT)
    zezhou = Unit.objects.create(name="泽州县卫生计生局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = Unit.objects.create(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=zezhou)
    gaoping = Unit.objects.create(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = Unit.objects.create(name="外市卫生局", kind=UnitKind.ADMIN_DEPT)
    return Tree(
        city=city, zezhou=zezhou, hospital=hospital, gaoping=gaoping,
        office=person_with_role(Role.OFFICE, city, "office").user,
        inspector=person_with_role(Role.INSPECTOR, city, "inspector").user,
        liaison=person_with_role(Role.LIAISON, zezhou, "liaison").user,
        liaison_gp=person_with_role(Role.LIAISON, gaoping, "liaison_gp").user,
        outsider=person_with_role(Role.OFFICE, other, "outsider").user,
    )


@pytest.fixture
def make_problem(tree):
    def make(unit=None, *, found_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 9, 30), four_nots=False, **kw):
        kw.setdefault("description", "门诊窗口工作人员态度生硬，群众反映强烈。")
        kw.setdefault("category", "行风")
        if deadline is not None:
            kw.setdefault("measures", "开展服务礼仪培训，设立意见箱，实行首问负责制。")
            kw.setdefault("responsible_person", "王院长")
        return services.problem_create(actor=tree.office, unit=unit or tree.hospital, found_on=found_on,
                                       deadline=deadline, four_nots=four_nots, **kw)
    return make


@pytest.fixture(autouse=True)
def _ledger_defaults(db):
    """Migration 0002's categories, again: a transactional test elsewhere in the suite may
    have flushed the database (and with it the migration's data) before these tests run."""
    from fazhi.ledger.services import categories_ensure

    categories_ensure()

"""A small unit tree shared by the org, audit and core page tests:

晋城市卫生计生委 (office: city_office)
├── 泽州县卫生计生局 (office: county_office, liaison: liaison)
│   └── 泽州县人民医院
└── 高平市卫生计生局
"""

from dataclasses import dataclass

from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Person, Unit
from tests.factories import person_with_role

PASSWORD = "Fazhi-test-1"


@dataclass
class Tree:
    city: Unit
    zezhou: Unit
    hospital: Unit
    gaoping: Unit
    city_office: Person
    county_office: Person
    liaison: Person


def make_tree() -> Tree:
    city = Unit.objects.create(name="晋城市卫生计生委", short_name="市卫计委", kind=UnitKind.ADMIN_DEPT)
    zezhou = Unit.objects.create(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = Unit.objects.create(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=zezhou)
    gaoping = Unit.objects.create(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    return Tree(
        city=city, zezhou=zezhou, hospital=hospital, gaoping=gaoping,
        city_office=person_with_role(Role.OFFICE, city, "city_office"),
        county_office=person_with_role(Role.OFFICE, zezhou, "county_office"),
        liaison=person_with_role(Role.LIAISON, zezhou, "liaison"),
    )

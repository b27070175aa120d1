"""A small world for the learning tests: a city commission with two counties, people in categories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from fazhi.learning.models import LearnerProfile, PersonCategory
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Person, Unit
from tests.factories import PersonFactory, UnitFactory, person_with_role


def category(code: str) -> PersonCategory:
    return PersonCategory.objects.get(code=code)


def staff(unit: Unit, code: str = "civil_servant", **kwargs) -> Person:
    person = PersonFactory(unit=unit, **kwargs)
    LearnerProfile.objects.create(person=person, category=category(code))
    return person


@dataclass
class World:
    city: Unit
    zezhou: Unit
    gaoping: Unit
    office: object
    liaison: object
    today: dt.date


@pytest.fixture
def world(db):
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, "office").user
    liaison = person_with_role(Role.LIAISON, zezhou, "liaison").user
    return World(city, zezhou, gaoping, office, liaison, timezone.localdate())

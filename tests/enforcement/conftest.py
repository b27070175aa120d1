"""The world of the enforcement tests, on a fixed day (Monday 15 June 2026, a working day):

晋城市卫生计生委 (office, leader, reviewer) ├ 泽州县卫生计生局 (liaison) │ └ 泽州县卫生监督所
                                         └ 高平市卫生计生局
长治市卫生计生委 (office of another city)
"""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import person_with_role

TODAY = dt.date(2026, 6, 15)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@dataclass
class World:
    city: Unit
    zezhou: Unit
    station: Unit
    gaoping: Unit
    other: Unit
    office: object
    leader: object
    reviewer: object
    liaison: object
    other_office: object


@pytest.fixture
def w(db):
    city = Unit.objects.create(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = Unit.objects.create(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    station = Unit.objects.create(name="泽州县卫生监督所", kind=UnitKind.INSTITUTION, parent=zezhou)
    gaoping = Unit.objects.create(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = Unit.objects.create(name="长治市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    return World(city=city, zezhou=zezhou, station=station, gaoping=gaoping, other=other,
                 office=person_with_role(Role.OFFICE, city, "office").user,
                 leader=person_with_role(Role.LEADER, city, "leader").user,
                 reviewer=person_with_role(Role.REVIEWER, city, "reviewer").user,
                 liaison=person_with_role(Role.LIAISON, zezhou, "liaison").user,
                 other_office=person_with_role(Role.OFFICE, other, "other_office").user)


ASPECTS = dict(on_authority="执法主体合法", on_scope="属于审核范围", on_time_limit="在审核期限内", on_manner="书面审核",
               on_procedure="程序合法", on_content="事实清楚、证据确凿、适用依据正确")


def d(days: int) -> dt.date:
    """A day relative to the fixed today."""
    return TODAY + dt.timedelta(days=days)

import datetime as dt

import pytest

from fazhi.campaigns import selectors
from fazhi.campaigns.choices import AssignmentStatus, Colour
from fazhi.org.choices import Role, UnitKind
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, UserFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", short_name="高平市", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = UnitFactory(name="泽州县人民医院", parent=zezhou)
    campaign = CampaignFactory(issuer=city)
    root = TaskFactory(campaign=campaign, label="一、", order=1)
    child = TaskFactory(campaign=campaign, parent=root, label="（一）", order=1)
    AssignmentFactory(task=child, unit=zezhou, status=AssignmentStatus.DONE)
    AssignmentFactory(task=child, unit=hospital, due_date=dt.date(2026, 1, 5))
    AssignmentFactory(task=child, unit=gaoping)
    return dict(city=city, zezhou=zezhou, gaoping=gaoping, hospital=hospital, campaign=campaign, root=root, child=child,
                office=person_with_role(Role.OFFICE, city).user, liaison=person_with_role(Role.LIAISON, zezhou).user)


def test_task_tree_counts_in_scope(tree):
    (root,) = selectors.task_tree(actor=tree["office"], campaign=tree["campaign"])
    (child,) = root.children
    assert (child.total, child.done, child.percent) == (3, 1, 33)
    (root,) = selectors.task_tree(actor=tree["liaison"], campaign=tree["campaign"])
    assert (root.children[0].total, root.children[0].done) == (2, 1)


def test_assignment_list_scope_and_colour(tree):
    day = dt.date(2026, 11, 23)
    mine = selectors.assignment_list(actor=tree["liaison"], day=day)
    assert {a.unit.name for a in mine} == {"泽州县卫生计生局", "泽州县人民医院"}
    red = selectors.assignment_list(actor=tree["office"], filters={"colour": Colour.RED}, day=day)
    assert [a.unit.name for a in red] == ["泽州县人民医院"]
    assert selectors.assignment_list(actor=UserFactory()).count() == 0


def test_progress_chart_rolls_up_to_the_level_below_the_viewer(tree):
    office = selectors.progress_bars(actor=tree["office"])
    assert [(b["unit"], b["done"], b["total"]) for b in office] == [("泽州县", 1, 2), ("高平市", 0, 1)]
    liaison = selectors.progress_bars(actor=tree["liaison"])
    assert [(b["unit"], b["done"], b["total"]) for b in liaison] == [("泽州县", 1, 1), ("泽州县人民医院", 0, 1)]


def test_campaign_list_reaches_ancestor_issuer_but_not_strangers(tree):
    assert list(selectors.campaign_list(actor=tree["liaison"])) == [tree["campaign"]]
    stranger = person_with_role(Role.LIAISON, UnitFactory(name="外市卫健委")).user
    assert list(selectors.campaign_list(actor=stranger)) == []

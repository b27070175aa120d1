"""The campaign page's task tree carries roll-ups only; a task's assignments load when its branch
is opened, a page at a time, within the viewer's scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.org.choices import Role, UnitKind
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    city = UnitFactory(name="晋城市卫生健康委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    campaign = CampaignFactory(issuer=city)
    task = TaskFactory(campaign=campaign)
    for n in range(45):
        AssignmentFactory(task=task, unit=UnitFactory(name=f"泽州卫生院{n:02d}", parent=county))
    AssignmentFactory(task=task, unit=UnitFactory(name="高平卫生院", parent=other))
    return {"city": city, "county": county, "campaign": campaign, "task": task,
            "office": person_with_role(Role.OFFICE, city, "branch-office").user,
            "county_office": person_with_role(Role.OFFICE, county, "branch-county").user}


def test_the_campaign_page_holds_no_assignment_until_a_branch_is_opened(client, world):
    client.force_login(world["office"])
    html = client.get(reverse("campaigns:detail", args=[world["campaign"].pk])).content.decode()
    assert reverse("campaigns:task_assignments", args=[world["task"].pk]) in html
    assert "0/46" in html  # the task's roll-up
    assert "泽州卫生院07" not in html


def test_a_branch_pages_through_its_assignments_in_scope(client, world):
    url = reverse("campaigns:task_assignments", args=[world["task"].pk])
    client.force_login(world["county_office"])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 20 and first.context["page"].paginator.count == 45
    assert "高平卫生院" not in first.content.decode()  # another county's work stays out of a county's view
    last = client.get(url, {"page": 3})
    assert [a.unit.name for a in last.context["page"].object_list] == ["泽州卫生院40", "泽州卫生院41", "泽州卫生院42",
                                                                        "泽州卫生院43", "泽州卫生院44"]
    assert f'hx-get="{url}?page=2"' in last.content.decode()


def test_a_branch_costs_the_same_queries_however_many_rows(client, world):
    client.force_login(world["office"])
    url = reverse("campaigns:task_assignments", args=[world["task"].pk])
    small = TaskFactory(campaign=world["campaign"])
    AssignmentFactory(task=small, unit=world["county"])
    counts = []
    for target in (reverse("campaigns:task_assignments", args=[small.pk]), url):
        client.get(target)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_task_of_a_campaign_out_of_sight_is_not_found(client, world):
    stranger = person_with_role(Role.OFFICE, UnitFactory(name="长治市卫生健康委", kind=UnitKind.ADMIN_DEPT), "branch-far").user
    client.force_login(stranger)
    assert client.get(reverse("campaigns:task_assignments", args=[world["task"].pk])).status_code == 404

"""The assignment page shows the task with its whole subtree of items from the plan."""

import pytest
from django.urls import reverse

from fazhi.org.choices import Role, UnitKind
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_assignment_page_lists_the_tasks_items_in_plan_order(client):
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    campaign = CampaignFactory(issuer=city)
    top = TaskFactory(campaign=campaign, label="（一）", heading="健全依法决策机制", order=1)
    one = TaskFactory(campaign=campaign, parent=top, label="1.", heading="制定重大行政决策程序规定", order=1)
    deep = TaskFactory(campaign=campaign, parent=one, label="（1）", text="明确公众参与、专家论证、风险评估环节。", order=1)
    TaskFactory(campaign=campaign, parent=top, label="2.", heading="建立法律顾问制度", order=2)
    TaskFactory(campaign=campaign, label="（二）", heading="另一项任务", order=2)
    assignment = AssignmentFactory(task=top, unit=county)
    client.force_login(person_with_role(Role.LIAISON, county, "lly").user)
    response = client.get(reverse("campaigns:assignment", args=[assignment.pk]))
    html = response.content.decode()
    items = response.context["subtree"]
    assert [t.label for t in items] == ["1.", "（1）", "2."]
    assert [t.indent for t in items] == [0, 1, 0] and items[1].pk == deep.pk
    assert 'id="task-subtree"' in html and "明确公众参与、专家论证、风险评估环节。" in html and "另一项任务" not in html

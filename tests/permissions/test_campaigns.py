"""Campaigns and tasks in the permission suite (assignments, reports and evidence: tests/test_permission_matrix.py)."""

import pytest

from fazhi.campaigns.models import Campaign, Task
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory
from tests.permissions.common import Resource, api_create, api_read, check_case, page_read, perm_world, permission_cases  # noqa: F401

pytestmark = pytest.mark.django_db


def _campaign(world, target):
    campaign = CampaignFactory(issuer=world.counties[target], title=f"法治建设活动-{target}")
    PhaseFactory(campaign=campaign)
    return campaign


def _task(world, target):
    return TaskFactory(campaign=_campaign(world, target), heading=f"任务-{target}")


RESOURCES = [
    Resource("campaigns", make=_campaign, probes=[
        page_read("campaigns:detail", "campaigns:list"),
        api_read("campaigns"),
        api_create("campaigns", lambda w, obj, unit: {"issuer": obj.issuer_id, "title": "新的活动", "year": 2026},
                   written=lambda w, obj, unit: Campaign.objects.filter(issuer=obj.issuer, title="新的活动").exists()),
    ]),
    Resource("tasks", make=_task, probes=[
        api_read("tasks"),
        page_read("campaigns:task_assignments"),  # a branch of the campaign page's task tree
        api_create("tasks", lambda w, obj, unit: {"campaign": obj.campaign_id, "label": "九、", "heading": "新的任务"},
                   written=lambda w, obj, unit: Task.objects.filter(campaign=obj.campaign, heading="新的任务").exists()),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

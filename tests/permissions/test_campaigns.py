"""Campaigns and tasks in the permission suite (assignments, reports and evidence: tests/test_permission_matrix.py)."""

import pytest

from django.urls import reverse

from fazhi.campaigns.models import Campaign, DemoSite, Task
from fazhi.campaigns.services import demo_site_add
from fazhi.org.choices import UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory
from tests.permissions.common import (Probe, Resource, _seen, api_action, api_create, api_read, check_case,  # noqa: F401
                                      page_post, page_read, perm_world, permission_cases)

pytestmark = pytest.mark.django_db


def _campaign(world, target):
    campaign = CampaignFactory(issuer=world.counties[target], title=f"法治建设活动-{target}")
    PhaseFactory(campaign=campaign)
    return campaign


def _task(world, target):
    return TaskFactory(campaign=_campaign(world, target), heading=f"任务-{target}")


WINDOWS = {}  # DemoSite pk -> a window of the same hospital, not yet listed


def _demo_site(world, target):
    """A county campaign's 示范点名单 holding the target's hospital."""
    campaign = _campaign(world, target)
    site = demo_site_add(actor=world.makers[target], campaign=campaign, unit=world.hospitals[target])
    WINDOWS[site.pk] = UnitFactory(name=f"{world.hospitals[target].name}窗口", kind=UnitKind.WINDOW,
                                   parent=world.hospitals[target])
    return site


def _site_listed(world, obj, unit):
    return DemoSite.objects.filter(campaign=obj.campaign_id, unit=WINDOWS[obj.pk]).exists()


def _site_api_read():
    """The list is a field of the campaign: GET /api/campaigns/<id>/ shows the site's unit."""
    def send(client, obj, world, unit):
        detail = client.get(f"/api/campaigns/{obj.campaign_id}/")
        listed = (obj.unit_id in [s["unit"] for s in detail.json()["demo_sites"]]) if detail.status_code == 200 else None
        return _seen(detail, listed=listed)
    return Probe("api", "read", send)


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
    Resource("demo_sites", make=_demo_site, probes=[
        page_read("campaigns:detail", arg=lambda obj: obj.campaign_id),
        _site_api_read(),
        page_post(lambda obj, unit: reverse("campaigns:demo_site_add", args=[obj.campaign_id]),
                  lambda w, obj, unit: {"unit": WINDOWS[obj.pk].pk}, written=_site_listed, op="add"),
        api_action(lambda obj: f"/api/campaigns/{obj.campaign_id}/demo-sites/",
                   lambda w, obj, unit: {"unit": WINDOWS[obj.pk].pk}, written=_site_listed, op="add"),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

"""Every gate of the campaign life cycle: 草稿 → 进行中 → 已结束 → 进行中 (with a reason)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import CampaignStatus
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city).user
    liaison = person_with_role(Role.LIAISON, county).user
    draft = CampaignFactory(issuer=city, status=CampaignStatus.DRAFT, start_date=dt.date(2026, 1, 1),
                            end_date=dt.date(2026, 12, 31))
    return dict(city=city, county=county, office=office, liaison=liaison, draft=draft)


def _ready(campaign):
    PhaseFactory(campaign=campaign, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    TaskFactory(campaign=campaign, applies_to=[UnitKind.ADMIN_DEPT])


def _refused(call, *expected):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        call()
    for text in expected:
        assert text in " ".join(err.value.messages)
    assert AuditEntry.objects.count() == before
    return err.value


def test_starting_a_campaign_with_no_phase_lists_what_is_missing(world):
    c = world["draft"]
    _refused(lambda: services.campaign_activate(actor=world["office"], campaign=c),
             str(m.READY_NO_PHASE), str(m.READY_NO_TASK))
    c.refresh_from_db()
    assert c.status == CampaignStatus.DRAFT


def test_phase_outside_campaign_and_task_without_kinds_block_the_start(world):
    c = world["draft"]
    PhaseFactory(campaign=c, name="总结阶段", start=dt.date(2026, 11, 1), end=dt.date(2027, 1, 31))
    TaskFactory(campaign=c, applies_to=[UnitKind.INSTITUTION])
    TaskFactory(campaign=c, heading="报送总结", applies_to=[], due_date=dt.date(2026, 10, 1))
    err = _refused(lambda: services.campaign_activate(actor=world["office"], campaign=c), "总结阶段", "报送总结")
    assert "2027年1月31日" in " ".join(err.messages)


def test_campaign_without_dates_cannot_start(world):
    c = world["draft"]
    _ready(c)
    c.start_date = None
    c.save()
    _refused(lambda: services.campaign_activate(actor=world["office"], campaign=c), str(m.READY_NO_DATES))


def test_activate_close_reopen_with_audit_rows(world):
    c = world["draft"]
    _ready(c)
    with pytest.raises(PermissionDenied):
        services.campaign_activate(actor=world["liaison"], campaign=c)
    services.campaign_activate(actor=world["office"], campaign=c)
    c.refresh_from_db()
    assert c.status == CampaignStatus.ACTIVE and c.activated_at
    _refused(lambda: services.campaign_activate(actor=world["office"], campaign=c), "只有草稿可以启动")
    _refused(lambda: services.campaign_reopen(actor=world["office"], campaign=c, reason="x"), "只有已结束的活动")
    services.campaign_close(actor=world["office"], campaign=c)
    c.refresh_from_db()
    assert c.status == CampaignStatus.CLOSED
    _refused(lambda: services.campaign_close(actor=world["office"], campaign=c), "只有进行中的活动可以结束")
    # Editing a closed campaign is refused, nothing written.
    _refused(lambda: services.campaign_update(actor=world["office"], campaign=c, title="新名称"), "已结束")
    _refused(lambda: services.campaign_reopen(actor=world["office"], campaign=c, reason="  "), str(m.REOPEN_REASON_REQUIRED))
    services.campaign_reopen(actor=world["office"], campaign=c, reason="补报第三季度材料")
    c.refresh_from_db()
    assert c.status == CampaignStatus.ACTIVE and c.closed_at is None
    rows = list(AuditEntry.objects.filter(object_type="campaigns.campaign", object_id=str(c.pk))
                .order_by("id").values_list("action", "before__status", "after__status"))
    assert rows == [("campaign.activate", "draft", "active"), ("campaign.close", "active", "closed"),
                    ("campaign.reopen", "closed", "active")]
    assert AuditEntry.objects.get(action="campaign.reopen").after["reason"] == "补报第三季度材料"


def test_closed_campaign_refuses_new_work(world):
    c = world["draft"]
    _ready(c)
    services.campaign_activate(actor=world["office"], campaign=c)
    services.campaign_close(actor=world["office"], campaign=c)
    task = c.tasks.get()
    _refused(lambda: services.assignments_create(actor=world["office"], task=task, units=[world["county"]]), "已结束")
    _refused(lambda: services.task_create(actor=world["office"], campaign=c, heading="新任务"), "已结束")
    _refused(lambda: services.phase_create(actor=world["office"], campaign=c, name="补充阶段",
                                           start=dt.date(2026, 7, 1), end=dt.date(2026, 8, 1)), "已结束")


def test_page_buttons_and_refusal_message(client, world):
    c = world["draft"]
    client.force_login(world["office"])
    page = client.get(reverse("campaigns:detail", args=[c.pk])).content.decode()
    assert "启动活动" in page and str(m.READY_NO_PHASE) in page
    response = client.post(reverse("campaigns:activate", args=[c.pk]))
    assert response.status_code == 400
    assert "还不能启动" in response.content.decode()
    _ready(c)
    response = client.post(reverse("campaigns:activate", args=[c.pk]))
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == CampaignStatus.ACTIVE
    client.force_login(world["liaison"])
    assert client.post(reverse("campaigns:close", args=[c.pk])).status_code == 403


def test_api_life_cycle(client, world):
    c = world["draft"]
    client.force_login(world["office"])
    response = client.post(f"/api/campaigns/{c.pk}/activate/")
    assert response.status_code == 400 and str(m.READY_NO_PHASE) in response.json()["detail"]
    _ready(c)
    assert client.post(f"/api/campaigns/{c.pk}/activate/").json()["status"] == "active"
    assert client.post(f"/api/campaigns/{c.pk}/close/").json()["status"] == "closed"
    response = client.post(f"/api/campaigns/{c.pk}/reopen/", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"/api/campaigns/{c.pk}/reopen/", {"reason": "延期"}, content_type="application/json")
    assert response.json()["status"] == "active"

"""The office's edit pages for phases, quotas and tasks: what is written, the audit row, the
warnings the services give, and refusals in Chinese that write nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import CampaignStatus, DemoLevel
from fazhi.campaigns.models import Phase, Quota, Task
from fazhi.org.choices import Role, UnitKind
from tests.factories import AssignmentFactory, CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    campaign = CampaignFactory(issuer=city, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    first = PhaseFactory(campaign=campaign, name="部署动员", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), order=1)
    second = PhaseFactory(campaign=campaign, name="组织实施", start=dt.date(2026, 4, 1), end=dt.date(2026, 12, 31), order=2)
    quota = Quota.objects.create(campaign=campaign, level=DemoLevel.WINDOW, count=10, note="全系统")
    return dict(city=city, county=county, campaign=campaign, first=first, second=second, quota=quota,
                office=person_with_role(Role.OFFICE, city, "office").user,
                county_office=person_with_role(Role.OFFICE, county, "zz-office").user,
                liaison=person_with_role(Role.LIAISON, county, "liaison").user)


def _phase_post(**over):
    data = {"name": "部署动员", "start": "2026-01-01", "end": "2026-03-31", "order": "1", "opens": ["progress"]}
    data.update(over)
    return data


def test_campaign_page_links_to_phase_and_quota_edit(client, w):
    client.force_login(w["office"])
    page = client.get(reverse("campaigns:detail", args=[w["campaign"].pk])).content.decode()
    assert reverse("campaigns:phase_edit", args=[w["first"].pk]) in page
    assert reverse("campaigns:quota_edit", args=[w["quota"].pk]) in page
    client.force_login(w["liaison"])
    page = client.get(reverse("campaigns:detail", args=[w["campaign"].pk])).content.decode()
    assert reverse("campaigns:phase_edit", args=[w["first"].pk]) not in page
    assert reverse("campaigns:quota_edit", args=[w["quota"].pk]) not in page


def test_phase_edit_page_saves_with_audit_and_warns(client, w):
    client.force_login(w["office"])
    url = reverse("campaigns:phase_edit", args=[w["first"].pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="部署动员"' in page.content.decode()
    # Overlapping the next phase and reaching past the campaign: saved, with both warnings on the page.
    response = client.post(url, _phase_post(name="动员部署", end="2026-04-15", start="2025-12-20"), follow=True)
    assert response.status_code == 200
    w["first"].refresh_from_db()
    assert (w["first"].name, w["first"].start, w["first"].end) == ("动员部署", dt.date(2025, 12, 20), dt.date(2026, 4, 15))
    row = AuditEntry.objects.filter(action="phase.update").latest("id")
    assert row.before["name"] == "部署动员" and row.after["name"] == "动员部署"
    text = response.content.decode()
    assert str(m.PHASES_OVERLAP).format(a="动员部署", b="组织实施") in text
    assert "超出活动期限" in text
    # Two phases of one name: warned on the edit page itself.
    client.post(url, _phase_post(name="组织实施", end="2026-03-31", start="2026-01-01"))
    page = client.get(url).content.decode()
    assert str(m.PHASE_NAME_TWICE).format(name="组织实施") in page and 'id="phase-warnings"' in page


def test_phase_edit_refusals_write_nothing(client, w):
    client.force_login(w["office"])
    url = reverse("campaigns:phase_edit", args=[w["first"].pk])
    before = AuditEntry.objects.count()
    response = client.post(url, _phase_post(start="2026-03-31", end="2026-01-01"))
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    # A county's office, a liaison: not the issuer's office.
    client.force_login(w["county_office"])
    assert client.post(url, _phase_post(name="改名")).status_code == 403
    client.force_login(w["liaison"])
    response = client.post(url, _phase_post(name="改名"))
    assert response.status_code == 403 and str(m.NOT_OFFICE) in response.content.decode()
    # A closed campaign.
    w["campaign"].status = CampaignStatus.CLOSED
    w["campaign"].save()
    client.force_login(w["office"])
    response = client.post(url, _phase_post(name="改名"))
    assert response.status_code == 400 and "已结束" in response.content.decode()
    w["first"].refresh_from_db()
    assert w["first"].name == "部署动员" and w["first"].start == dt.date(2026, 1, 1)
    assert AuditEntry.objects.count() == before


def test_phase_delete_only_without_tasks(client, w):
    client.force_login(w["office"])
    TaskFactory(campaign=w["campaign"], heading="落实任务", phase=w["second"])
    before = AuditEntry.objects.count()
    response = client.post(reverse("campaigns:phase_delete", args=[w["second"].pk]))
    assert response.status_code == 400
    assert str(m.PHASE_HAS_TASKS).format(name="组织实施", count=1) in response.content.decode()
    assert Phase.objects.filter(pk=w["second"].pk).exists() and AuditEntry.objects.count() == before
    response = client.post(reverse("campaigns:phase_delete", args=[w["first"].pk]))
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=w["first"].pk).exists()
    row = AuditEntry.objects.filter(action="phase.delete").latest("id")
    assert row.before["name"] == "部署动员" and row.after is None
    client.force_login(w["liaison"])
    assert client.post(reverse("campaigns:phase_delete", args=[w["second"].pk])).status_code == 403


def test_quota_edit_and_delete_pages(client, w):
    client.force_login(w["office"])
    url = reverse("campaigns:quota_edit", args=[w["quota"].pk])
    assert client.get(url).status_code == 200
    data = {"level": DemoLevel.WINDOW, "count": "12", "scope": str(w["county"].pk), "note": "泽州县"}
    assert client.post(url, data).status_code == 302
    w["quota"].refresh_from_db()
    assert (w["quota"].count, w["quota"].scope, w["quota"].note) == (12, w["county"], "泽州县")
    row = AuditEntry.objects.filter(action="quota.update").latest("id")
    assert row.before["count"] == 10 and row.after["count"] == 12
    before = AuditEntry.objects.count()
    response = client.post(url, dict(data, count="0"))
    assert response.status_code == 400
    # A county's office may not set a quota of the city's campaign.
    client.force_login(w["county_office"])
    assert client.post(url, dict(data, count="3")).status_code == 403
    assert client.post(reverse("campaigns:quota_delete", args=[w["quota"].pk])).status_code == 403
    w["quota"].refresh_from_db()
    assert w["quota"].count == 12 and AuditEntry.objects.count() == before
    client.force_login(w["office"])
    assert client.post(reverse("campaigns:quota_delete", args=[w["quota"].pk])).status_code == 302
    assert not Quota.objects.filter(pk=w["quota"].pk).exists()
    assert AuditEntry.objects.filter(action="quota.delete").exists()


def test_quota_delete_refused_on_a_closed_campaign(client, w):
    services.campaign_close(actor=w["office"], campaign=w["campaign"])
    client.force_login(w["office"])
    response = client.post(reverse("campaigns:quota_delete", args=[w["quota"].pk]))
    assert response.status_code == 400 and "已结束" in response.content.decode()
    assert Quota.objects.filter(pk=w["quota"].pk).exists()


def test_task_delete_page_refuses_an_assigned_task(client, w):
    client.force_login(w["office"])
    parent = TaskFactory(campaign=w["campaign"], label="一、", heading="规范组织领导")
    child = TaskFactory(campaign=w["campaign"], parent=parent, label="（一）", heading="建立领导小组")
    held = TaskFactory(campaign=w["campaign"], label="二、", heading="落实责任")
    AssignmentFactory(task=held, unit=w["county"])
    page = client.get(reverse("campaigns:task_edit", args=[held.pk])).content.decode()
    assert reverse("campaigns:task_delete", args=[held.pk]) in page
    response = client.post(reverse("campaigns:task_delete", args=[held.pk]), follow=True)
    assert str(m.TASK_HAS_ASSIGNMENTS).format(name=str(held)) in response.content.decode()
    assert Task.objects.filter(pk=held.pk).exists()
    assert client.post(reverse("campaigns:task_delete", args=[parent.pk])).status_code == 302
    assert not Task.objects.filter(pk__in=[parent.pk, child.pk]).exists()
    assert AuditEntry.objects.filter(action="task.delete").count() == 2
    client.force_login(w["liaison"])
    assert client.post(reverse("campaigns:task_delete", args=[held.pk])).status_code == 403


def test_task_delete_refused_on_a_closed_campaign(client, w):
    task = TaskFactory(campaign=w["campaign"], label="三、", heading="总结")
    services.campaign_close(actor=w["office"], campaign=w["campaign"])
    client.force_login(w["office"])
    response = client.post(reverse("campaigns:task_delete", args=[task.pk]), follow=True)
    assert "已结束" in response.content.decode() and Task.objects.filter(pk=task.pk).exists()

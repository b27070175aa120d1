"""Edit and withdraw services: a whitelist of fields each, an audit row each, refusals that write nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus, DemoLevel, ReportStatus
from fazhi.campaigns.models import Assignment, Phase, ProgressReport, Quota, Task
from fazhi.org.choices import Role, UnitKind
from tests.factories import (CampaignFactory, PersonFactory, PhaseFactory, TaskFactory, UnitFactory,
                             person_with_role)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city).user
    liaison = person_with_role(Role.LIAISON, county).user
    campaign = CampaignFactory(issuer=city, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    phase = PhaseFactory(campaign=campaign, name="实施阶段", start=dt.date(2026, 1, 1), end=dt.date(2026, 10, 31))
    return dict(city=city, county=county, other=other, office=office, liaison=liaison, campaign=campaign, phase=phase)


def _last(action):
    return AuditEntry.objects.filter(action=action).latest("id")


def test_campaign_update_whitelist_and_audit(w):
    c = w["campaign"]
    services.campaign_update(actor=w["office"], campaign=c, title="法治建设规范年（修订）", doc_number="晋卫政法发〔2018〕3号")
    row = _last("campaign.update")
    assert row.before["title"] != row.after["title"] == "法治建设规范年（修订）"
    with pytest.raises(ValidationError) as err:
        services.campaign_update(actor=w["office"], campaign=c, status=CampaignStatus.CLOSED)
    assert "status" in str(err.value)
    c.refresh_from_db()
    assert c.status == CampaignStatus.ACTIVE
    with pytest.raises(PermissionDenied):
        services.campaign_update(actor=w["liaison"], campaign=c, title="x")


def test_phase_update_delete_and_warnings(w):
    c, p = w["campaign"], w["phase"]
    second = services.phase_create(actor=w["office"], campaign=c, name="实施阶段", start=dt.date(2026, 10, 1),
                                   end=dt.date(2027, 1, 15))
    warnings = services.phase_warnings(c)
    assert any("超出活动期限" in x for x in warnings)
    assert any("重叠" in x for x in warnings)
    assert str(m.PHASE_NAME_TWICE).format(name="实施阶段") in warnings
    services.phase_update(actor=w["office"], phase=second, name="总结阶段", start=dt.date(2026, 11, 1),
                          end=dt.date(2026, 12, 31), opens=["self_assessment", "bogus"])
    second.refresh_from_db()
    assert second.opens == ["self_assessment"]
    assert services.phase_warnings(c) == []
    assert _last("phase.update").after["name"] == "总结阶段"
    with pytest.raises(ValidationError):
        services.phase_update(actor=w["office"], phase=second, campaign=None)
    TaskFactory(campaign=c, phase=p)
    with pytest.raises(ValidationError) as err:
        services.phase_delete(actor=w["office"], phase=p)
    assert "1 项任务" in str(err.value)
    services.phase_delete(actor=w["office"], phase=second)
    assert not Phase.objects.filter(pk=second.pk).exists()
    assert _last("phase.delete").before["name"] == "总结阶段"


def test_quota_update_and_delete(w):
    q = services.quota_create(actor=w["office"], campaign=w["campaign"], level=DemoLevel.WINDOW, count=10)
    services.quota_update(actor=w["office"], quota=q, count=12, note="全系统")
    q.refresh_from_db()
    assert q.count == 12 and _last("quota.update").before["count"] == 10
    outsider = UnitFactory(name="外市卫健委", kind=UnitKind.ADMIN_DEPT)
    with pytest.raises(ValidationError):
        services.quota_update(actor=w["office"], quota=q, scope=outsider)
    services.quota_delete(actor=w["office"], quota=q)
    assert not Quota.objects.exists() and _last("quota.delete").before["count"] == 12


def test_task_move_renumber_and_kinds(w):
    c = w["campaign"]
    a = services.task_create(actor=w["office"], campaign=c, label="一、", heading="行政部门任务", order=1)
    b = services.task_create(actor=w["office"], campaign=c, label="二、", heading="机构任务", order=2)
    leaf = services.task_create(actor=w["office"], campaign=c, parent=a, label="1.", heading="健全制度", order=1)
    services.task_update(actor=w["office"], task=leaf, parent=b, label="（一）", order=3,
                         applies_to=[UnitKind.WINDOW, "bogus", UnitKind.INSTITUTION])
    leaf.refresh_from_db()
    assert leaf.parent == b and leaf.label == "（一）" and leaf.level == 2
    assert leaf.applies_to == [UnitKind.INSTITUTION, UnitKind.WINDOW]
    assert leaf.sort_key.startswith(b.sort_key)
    assert list(Task.objects.filter(campaign=c).order_by("sort_key").values_list("label", flat=True)) == ["一、", "二、", "（一）"]
    row = _last("task.update")
    assert row.before["parent_id"] == a.pk and row.after["parent_id"] == b.pk
    with pytest.raises(ValidationError) as err:
        services.task_update(actor=w["office"], task=b, parent=leaf)
    assert str(m.TASK_PARENT_CYCLE) in str(err.value)
    with pytest.raises(ValidationError) as err:
        services.task_update(actor=w["office"], task=b, due_date=dt.date(2027, 3, 1))
    assert "2027年3月1日" in str(err.value)
    with pytest.raises(ValidationError):
        services.task_update(actor=w["office"], task=b, campaign=CampaignFactory())
    b.refresh_from_db()
    assert b.due_date is None and b.campaign == c


def test_assignment_due_date_responsible_and_withdraw(w):
    task = TaskFactory(campaign=w["campaign"], applies_to=[UnitKind.ADMIN_DEPT])
    (a,), _ = services.assignments_create(actor=w["office"], task=task, units=[w["county"]], due_date=dt.date(2026, 6, 30))
    services.assignment_update(actor=w["office"], assignment=a, due_date=dt.date(2026, 7, 31))
    assert _last("assignment.update").after["due_date"] == "2026-07-31"
    # The liaison names a person of the unit; one from another unit is refused, nothing written.
    own = PersonFactory(unit=w["county"], name="王主任")
    stranger = PersonFactory(unit=w["other"], name="李科长")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.assignment_update(actor=w["liaison"], assignment=a, responsible=stranger)
    assert str(m.RESPONSIBLE_OTHER_UNIT).format(person="李科长", unit="泽州县卫健局") in str(err.value)
    assert AuditEntry.objects.count() == before
    services.assignment_update(actor=w["liaison"], assignment=a, responsible=own)
    a.refresh_from_db()
    assert a.responsible == own
    with pytest.raises(PermissionDenied):  # the due date is the office's
        services.assignment_update(actor=w["liaison"], assignment=a, due_date=dt.date(2026, 8, 1))
    with pytest.raises(ValidationError):
        services.assignment_update(actor=w["office"], assignment=a, due_date=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        services.assignment_withdraw(actor=w["office"], assignment=a, reason="")
    services.assignment_withdraw(actor=w["office"], assignment=a, reason="任务调整到市级统一办理")
    a.refresh_from_db()
    assert a.status == AssignmentStatus.WITHDRAWN and Assignment.objects.filter(pk=a.pk).exists()
    assert _last("assignment.withdraw").after["withdrawn_reason"] == "任务调整到市级统一办理"
    with pytest.raises(ValidationError):
        services.progress_report_submit(actor=w["liaison"], assignment=a, text="已完成")


def test_withdrawing_an_assignment_with_accepted_reports_is_refused(w):
    task = TaskFactory(campaign=w["campaign"], applies_to=[UnitKind.ADMIN_DEPT])
    (a,), _ = services.assignments_create(actor=w["office"], task=task, units=[w["county"]], due_date=dt.date(2026, 6, 30))
    report = services.progress_report_submit(actor=w["liaison"], assignment=a, text="完成一半", progress=50,
                                             day=dt.date(2026, 3, 2))
    services.progress_report_review(actor=w["office"], report=report, accept=True)
    assert ProgressReport.objects.get().status == ReportStatus.ACCEPTED
    with pytest.raises(ValidationError) as err:
        services.assignment_withdraw(actor=w["office"], assignment=a, reason="重复分配")
    assert str(m.WITHDRAW_HAS_ACCEPTED).format(unit="泽州县卫健局", count=1) in str(err.value)
    a.refresh_from_db()
    assert a.status == AssignmentStatus.IN_PROGRESS


def test_api_patch_refuses_fields_outside_the_whitelist(client, w):
    client.force_login(w["office"])
    task = TaskFactory(campaign=w["campaign"])
    response = client.patch(f"/api/tasks/{task.pk}/", {"heading": "修改后的标题", "campaign": 999},
                            content_type="application/json")
    assert response.status_code == 400 and "campaign" in response.json()["detail"]
    response = client.patch(f"/api/tasks/{task.pk}/", {"heading": "修改后的标题", "applies_to": ["window"]},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["applies_to"] == ["window"]
    response = client.patch(f"/api/phases/{w['phase'].pk}/", {"name": "规范建设阶段"}, content_type="application/json")
    assert response.json()["name"] == "规范建设阶段"
    assert _last("phase.update").after["name"] == "规范建设阶段"

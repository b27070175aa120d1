"""The importer keeps what it parsed: deadlines, numeric rules, meetings, unit kinds by section,
the quota paragraph as quotas, responsibilities as assignments; and the API path."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus, Colour
from fazhi.campaigns.models import Assignment, Campaign, Milestone, Phase, PlanRule, Task
from fazhi.campaigns.planimport import messages as m
from fazhi.campaigns.planimport.draft import build_draft, resolve_date
from fazhi.campaigns.planimport.services import plan_import_create
from fazhi.intake.models import Meeting
from fazhi.org.choices import Role, UnitKind
from fazhi.planparse import SCHEMA, parse_text
from fazhi.seeds import seed_text
from tests.factories import UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = UnitFactory(name="晋城市卫生和计划生育委员会", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫计局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, username="office").user
    liaison = person_with_role(Role.LIAISON, county, username="liaison").user
    return dict(city=city, county=county, office=office, liaison=liaison)


def draft_of(seed: str) -> dict:
    return build_draft(parse_text(seed_text(seed)).to_dict())


def test_seed_002_rules_and_milestones_are_stored_and_shown(world, client):
    draft = draft_of("002")
    # Dated milestones as printed; the recurring ones (每年第一季度…) come without a date.
    assert [ms["date"] for ms in draft["milestones"] if ms["date"]] == ["2018-05-15", "2018-10-31"]
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    rules = list(PlanRule.objects.filter(campaign=campaign).order_by("line", "id"))
    assert len(rules) == 7
    training = next(r for r in rules if r.subject == "法治专题培训和专题讲座")
    assert (training.op, training.value, training.unit, training.per, training.line) == (">=", 2, "期", "year", 64)
    assert "每年至少举办两期" in training.text
    ratio = next(r for r in rules if r.unit == "ratio" and r.of)
    assert float(ratio.value) == 0.2 and "20%" in ratio.display
    milestone = Milestone.objects.get(campaign=campaign, date=dt.date(2018, 5, 15))
    assert "示范点名单" in milestone.what and milestone.to == "市卫生计生委行政审批科"
    assert AuditEntry.objects.filter(action="plan_rule.create").count() == 7
    client.force_login(world["office"])
    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "方案中的数量要求" in page and "法治专题培训和专题讲座 每年 不少于 2期" in page
    assert "2018年5月15日" in page


def test_unit_kinds_come_from_the_section_and_quota_paragraph_is_not_a_task(world):
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft_of("002"))
    # 二、（一）3、（2） mentions 一个窗口 but sits in the administrative departments' list.
    task = Task.objects.get(campaign=campaign, heading__startswith="推进行政审批标准化建设")
    assert task.applies_to == [UnitKind.ADMIN_DEPT]
    assert not Task.objects.filter(campaign=campaign, heading__contains="创建指标").exists()
    assert campaign.quotas.count() == 7


def test_seed_003_meetings_become_meeting_records(world):
    draft = draft_of("003")
    assert len(draft["meetings"]) == 5
    draft["year"] = 2004  # the plan prints no year of its own: the office gives it on the draft page
    for p, (start, end) in zip(draft["phases"], [("2004-07-20", "2004-08-31"), ("2004-09-01", "2004-10-31")]):
        p["start"], p["end"] = start, end
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    meetings = list(Meeting.objects.filter(campaign=campaign).order_by("starts_at"))
    assert len(meetings) == 5
    first = meetings[0]
    assert first.organizer == world["city"] and first.kind == "mobilization"
    local = timezone.localtime(first.starts_at)
    assert local.date() == dt.date(2004, 7, 21) and local.hour == 14
    assert first.place == "市立医院七楼会议室" and "局机关全体职工" in first.attendees


def _plan(**extra) -> dict:
    plan = {"schema": SCHEMA, "title": "泽州县法治建设实施方案", "date": None, "text": "一、主要任务\n（一）健全制度\n（二）开展培训",
            "phases": [{"name": "实施阶段", "start": "--03-01", "end": "--11", "line": 9}],
            "quotas": [], "outline": [{"label": "一、", "heading": "主要任务", "text": "", "lines": [1, 3], "children": [
                {"label": "（一）", "heading": "健全制度", "text": "", "lines": [2, 2], "children": []},
                {"label": "（二）", "heading": "开展培训", "text": "", "lines": [3, 3], "children": []}]}]}
    plan.update(extra)
    return plan


def test_truncated_dates_take_the_campaign_year_and_the_draft_says_so():
    assert resolve_date("--05-02", year=2026) == dt.date(2026, 5, 2)
    assert resolve_date("--09", end=True, year=2026) == dt.date(2026, 9, 30)
    with pytest.raises(ValueError):
        resolve_date("--05-02")
    draft = build_draft(_plan(text="2026年工作\n一、主要任务\n（一）健全制度\n（二）开展培训"))
    assert draft["phases"][0]["start"] == "2026-03-01" and draft["phases"][0]["end"] == "2026-11-30"
    assert any("没有年份" in w and "2026" in w for w in draft["warnings"])


def test_recurring_deadlines_and_responsibilities_are_kept(world):
    hospital = UnitFactory(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=world["county"])
    plan = _plan(
        text="2026年\n一、主要任务\n（一）健全制度\n（二）开展培训",
        deadlines=[{"date": None, "recurring": "yearly", "what": "报送年度法治建设情况", "to": "市卫健委", "who": None, "line": 3},
                   {"date": "--06-30", "recurring": None, "what": "健全制度", "to": None, "who": None, "line": 3}],
        responsibilities=[{"task": "（一）健全制度", "lead": "政策法规科", "responsible": "泽州县人民医院、阳城县人民医院",
                           "due": "--10-31", "line": 5}])
    draft = build_draft(plan)
    assert draft["outline"][0]["children"][1]["due"] == "2026-06-30"
    assert draft["milestones"][0]["recurring"] == "yearly" and draft["milestones"][0]["date"] is None
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert Task.objects.get(campaign=campaign, label="（二）").due_date == dt.date(2026, 6, 30)
    recurring = Milestone.objects.get(campaign=campaign)
    assert recurring.date is None and recurring.recurring == "yearly"
    assignment = Assignment.objects.get(task__campaign=campaign)
    assert assignment.unit == hospital and assignment.task.label == "（一）" and assignment.due_date == dt.date(2026, 10, 31)
    from fazhi.campaigns.planimport.services import responsibility_warnings
    warnings = responsibility_warnings(issuer=world["city"], plan=draft)
    assert warnings == [str(m.RESPONSIBLE_UNMATCHED).format(name="阳城县人民医院", line=5)]


def test_draft_page_shows_what_will_be_kept(world, client):
    client.force_login(world["office"])
    page = client.post("/campaigns/import/", {"text": seed_text("002")}).content.decode()
    assert 'id="pi-rules"' in page and 'id="pi-milestones"' in page and "法治专题培训和专题讲座" in page
    assert "已作为创建指标导入" in page
    page = client.post("/campaigns/import/", {"text": seed_text("003")}).content.decode()
    assert 'id="pi-meetings"' in page and "查摆整改动员大会" in page


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=False)  # a Monday; the campaign runs through 2026
def test_api_path_import_activate_assign_report_review_close(world, client):
    city, county = world["city"], world["county"]
    hospital = UnitFactory(name="泽州县人民医院", kind=UnitKind.INSTITUTION, parent=county)
    cdc = UnitFactory(name="泽州县疾控中心", kind=UnitKind.INSTITUTION, parent=county)
    client.force_login(world["office"])
    response = client.post("/api/plan-imports/", {"text": seed_text("000")}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert Campaign.objects.get(pk=pk).status == CampaignStatus.DRAFT
    # 000 prints its phases with the year blanked (201*年11月): they come in with the year to be confirmed.
    assert any("年份被隐去或空缺" in w for w in body["warnings"])
    assert Phase.objects.filter(campaign_id=pk).count() == 3  # the year filled in, to be confirmed
    # The office completes what the plan leaves open, then starts it (the refusals: test_lifecycle.py).
    assert client.patch(f"/api/campaigns/{pk}/", {"start_date": "2026-01-01", "end_date": "2026-12-31"},
                        content_type="application/json").status_code == 200
    assert client.post("/api/phases/", {"campaign": pk, "name": "深入实施阶段", "start": "2026-01-01", "end": "2026-12-31",
                                        "opens": ["progress"]}, content_type="application/json").status_code == 201
    task = Task.objects.get(campaign_id=pk, label="(一)", heading="深入开展法制宣传教育活动")
    assert client.patch(f"/api/tasks/{task.pk}/", {"applies_to": ["institution"], "due_date": "2026-09-30"},
                        content_type="application/json").status_code == 200
    assert client.post(f"/api/campaigns/{pk}/activate/").json()["status"] == "active"
    response = client.post("/api/assignments/", {"task": task.pk, "under": county.pk, "kinds": ["institution"]},
                           content_type="application/json")
    assert response.status_code == 201 and {a["unit"] for a in response.json()["created"]} == {hospital.pk, cdc.pk}
    assignment = Assignment.objects.get(task=task, unit=hospital)
    client.force_login(world["liaison"])
    response = client.post("/api/progress-reports/", {"assignment": assignment.pk, "text": "已开展法制宣传月活动",
                                                      "progress": 100, "files": [SimpleUploadedFile("照片.png", PNG)]})
    assert response.status_code == 201, response.content
    report = response.json()["id"]
    client.force_login(world["office"])
    response = client.post(f"/api/progress-reports/{report}/review/", {"accept": True}, content_type="application/json")
    assert response.json()["status"] == "accepted"
    row = client.get(f"/api/assignments/{assignment.pk}/").json()
    assert row["status"] == AssignmentStatus.DONE and row["colour"] == Colour.GREEN
    assert client.post(f"/api/campaigns/{pk}/close/").json()["status"] == "closed"
    other = Assignment.objects.get(task=task, unit=cdc)
    client.force_login(world["liaison"])
    response = client.post("/api/progress-reports/", {"assignment": other.pk, "text": "补报", "progress": 50})
    assert response.status_code == 400 and "不在进行中" in response.json()["detail"]
    assert client.get(f"/api/campaigns/{pk}/").status_code == 200  # still readable

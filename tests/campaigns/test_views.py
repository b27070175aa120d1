import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.choices import AssignmentStatus, ReportStatus
from fazhi.campaigns.models import Assignment, Campaign, Evidence, Phase, ProgressReport
from fazhi.campaigns.models import PHASE_ENDS_BEFORE_START
from fazhi.core.files import FILE_TYPE_REFUSED
from fazhi.org.choices import Role, UnitKind
from tests.factories import (AssignmentFactory, CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, UserFactory,
                             person_with_role)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫生计生局", short_name="高平市", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = UnitFactory(name="泽州县人民医院", parent=county)
    window = UnitFactory(name="泽州县政务服务窗口", kind=UnitKind.WINDOW, parent=county)
    campaign = CampaignFactory(issuer=city, title="2018年法治建设规范年活动", doc_number="晋卫政法发〔2018〕3号")
    phase = PhaseFactory(campaign=campaign, name="组织实施")
    parent = TaskFactory(campaign=campaign, label="一、", heading="健全依法决策机制")
    task = TaskFactory(campaign=campaign, parent=parent, label="（一）", heading="制定重大行政决策程序规定", phase=phase)
    own = AssignmentFactory(task=task, unit=county)
    foreign = AssignmentFactory(task=task, unit=other)
    return dict(
        city=city, county=county, other=other, hospital=hospital, window=window, campaign=campaign, phase=phase,
        parent=parent, task=task, own=own, foreign=foreign,
        office=person_with_role(Role.OFFICE, city, "office").user,
        leader=person_with_role(Role.LEADER, city, "leader").user,
        liaison=person_with_role(Role.LIAISON, county, "liaison").user,
        other_liaison=person_with_role(Role.LIAISON, other, "gp").user,
    )


def login(client, user):
    client.force_login(user)
    return client


def submit(world, assignment=None, files=()):
    return services.progress_report_submit(actor=world["liaison"], assignment=assignment or world["own"],
                                           text="已制定方案", progress=100, files=files)


# --- access: anonymous, granted, out of scope -----------------------------------------

def _pages(world, evidence=None):
    pages = [reverse("home"), reverse("campaigns:list"), reverse("campaigns:detail", args=[world["campaign"].pk]),
             reverse("campaigns:assignments"), reverse("campaigns:assignments_export"),
             reverse("campaigns:unit", args=[world["county"].pk]), reverse("campaigns:assignment", args=[world["own"].pk])]
    if evidence:
        pages.append(reverse("campaigns:evidence", args=[evidence.pk]))
    return pages


def test_anonymous_is_sent_to_login(client, world):
    report = submit(world, files=[SimpleUploadedFile("方案.png", PNG)])
    for url in _pages(world, report.evidence.get()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["office", "leader", "liaison"])
def test_granted_users_open_every_page(client, world, who):
    report = submit(world, files=[SimpleUploadedFile("方案.png", PNG)])
    login(client, world[who])
    for url in _pages(world, report.evidence.get()):
        assert client.get(url).status_code == 200, url


def test_liaison_of_zezhou_gets_404_for_gaoping(client, world):
    other_report = services.progress_report_submit(actor=world["other_liaison"], assignment=world["foreign"], text="高平进展",
                                                   files=[SimpleUploadedFile("高平.png", PNG)])
    login(client, world["liaison"])
    for url in [reverse("campaigns:assignment", args=[world["foreign"].pk]),
                reverse("campaigns:unit", args=[world["other"].pk]),
                reverse("campaigns:evidence", args=[other_report.evidence.get().pk]),
                reverse("campaigns:assignment", args=[999999])]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("campaigns:assignments")).content.decode()
    assert "泽州县卫生计生局" in listing and "高平市卫生计生局" not in listing


def test_liaison_cannot_write_for_gaoping(client, world):
    login(client, world["liaison"])
    response = client.post(reverse("campaigns:report_submit", args=[world["foreign"].pk]), {"text": "x", "progress": 50})
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


# --- home ------------------------------------------------------------------------------

def test_home_per_role(client, world):
    world["own"].due_date = dt.date(2026, 1, 5)
    world["own"].save()
    submit(world, assignment=world["own"])
    office = login(client, world["office"]).get(reverse("home")).content.decode()
    assert "待我审核" in office and "制定重大行政决策程序规定" in office and 'id="home-chart"' in office
    assert "逾期的任务" in office and "dot-red" in office
    client.logout()
    liaison = login(client, world["liaison"]).get(reverse("home")).content.decode()
    assert "本单位待办的任务" in liaison and "待我审核" not in liaison
    client.logout()
    leader = login(client, world["leader"]).get(reverse("home")).content.decode()
    assert "待我审核" not in leader and "本单位待办的任务" not in leader and "各单位完成情况" in leader


def test_home_without_grant_explains(client, world):
    response = login(client, UserFactory()).get(reverse("home"))
    assert response.status_code == 200
    assert "尚未分配角色" in response.content.decode()


def test_home_shows_calendar_warning_for_unknown_year(client, world, monkeypatch):
    monkeypatch.setattr("fazhi.core.colours.local_today", lambda: dt.date(2031, 3, 2))
    response = login(client, world["office"]).get(reverse("home"))
    assert any("2031" in w for w in response.context["calendar_warnings"])


# --- campaigns -------------------------------------------------------------------------

def test_campaign_list_filters_and_paginates(client, world):
    for n in range(30):
        CampaignFactory(issuer=world["city"], title=f"作风建设{n}", year=2025)
    login(client, world["office"])
    first = client.get(reverse("campaigns:list"), {"q": "作风"})
    assert first.context["page"].paginator.count == 30 and len(first.context["page"].object_list) == 25
    assert client.get(reverse("campaigns:list"), {"year": 2026}).context["page"].paginator.count == 1
    empty = client.get(reverse("campaigns:list"), {"q": "不存在的活动"}).content.decode()
    assert "没有符合条件的活动" in empty


def test_campaign_page_shows_header_timeline_tree_and_office_forms(client, world):
    page = login(client, world["office"]).get(reverse("campaigns:detail", args=[world["campaign"].pk])).content.decode()
    for text in ["晋卫政法发〔2018〕3号", "组织实施", "当前阶段", "一、", "（一）", "制定重大行政决策程序规定", "0/2", 'id="office"']:
        assert text in page, text
    client.logout()
    liaison = login(client, world["liaison"]).get(reverse("campaigns:detail", args=[world["campaign"].pk])).content.decode()
    assert 'id="office"' not in liaison and "0/1" in liaison


def test_campaign_create_by_office_and_refused_to_liaison(client, world):
    login(client, world["office"])
    data = {"title": "2019年法治创建示范活动", "issuer": world["city"].pk, "year": 2019, "status": "draft",
            "start_date": "2019-03-01", "end_date": "2019-12-31"}
    response = client.post(reverse("campaigns:create"), data)
    created = Campaign.objects.get(title="2019年法治创建示范活动")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:detail", args=[created.pk])
    bad = client.post(reverse("campaigns:create"), dict(data, title="倒序", start_date="2019-12-31", end_date="2019-01-01"))
    assert bad.status_code == 400 and "活动的结束日期不能早于开始日期" in bad.content.decode()
    assert not Campaign.objects.filter(title="倒序").exists()
    client.logout()
    login(client, world["liaison"])
    refused = client.get(reverse("campaigns:create"))
    assert refused.status_code == 403 and str(m.NOT_OFFICE) in refused.content.decode()


def test_phase_ending_before_start_is_refused(client, world):
    login(client, world["office"])
    response = client.post(reverse("campaigns:phase_add", args=[world["campaign"].pk]),
                           {"name": "总结验收", "start": "2026-12-01", "end": "2026-11-01", "opens": ["progress"]})
    assert response.status_code == 400
    assert str(PHASE_ENDS_BEFORE_START) in response.content.decode()
    assert not Phase.objects.filter(name="总结验收").exists()
    ok = client.post(reverse("campaigns:phase_add", args=[world["campaign"].pk]),
                     {"name": "总结验收", "start": "2026-12-01", "end": "2026-12-20", "opens": ["self_assessment"]})
    assert ok.status_code == 302 and Phase.objects.get(name="总结验收").opens == ["self_assessment"]


def test_quota_and_task_forms(client, world):
    login(client, world["office"])
    url = reverse("campaigns:quota_add", args=[world["campaign"].pk])
    assert client.post(url, {"level": "demo_institution", "count": 0}).status_code == 400
    assert client.post(url, {"level": "demo_institution", "count": 1, "scope": world["city"].pk, "per_child": "on"}).status_code == 302
    task_url = reverse("campaigns:task_add", args=[world["campaign"].pk])
    bad = client.post(task_url, {"heading": "超期任务", "due_date": "2031-01-01"})
    assert bad.status_code == 400 and "2031年1月1日" in bad.content.decode()
    assert client.post(task_url, {"heading": "规范行政执法", "label": "（二）", "parent": world["parent"].pk,
                                  "applies_to": ["institution"], "order": 2}).status_code == 302
    assert world["campaign"].tasks.filter(heading="规范行政执法", parent=world["parent"]).exists()


def test_bulk_assignment_by_kind_reports_created_and_skipped(client, world):
    login(client, world["office"])
    url = reverse("campaigns:assign", args=[world["campaign"].pk])
    data = {"task": world["task"].pk, "mode": "kind", "under": world["county"].pk, "kinds": ["institution", "admin_dept"]}
    response = client.post(url, data, follow=True)
    assert str(m.ASSIGNMENTS_CREATED).format(created=1, skipped=1) in response.content.decode()
    assert Assignment.objects.filter(task=world["task"], unit=world["hospital"]).exists()
    assert not Assignment.objects.filter(unit=world["window"]).exists()


def test_bulk_assignment_bad_input_writes_nothing(client, world):
    login(client, world["office"])
    url = reverse("campaigns:assign", args=[world["campaign"].pk])
    before = Assignment.objects.count()
    none = client.post(url, {"task": world["task"].pk, "mode": "units"})
    assert none.status_code == 400 and str(m.NO_UNITS_SELECTED) in none.content.decode()
    late = client.post(url, {"task": world["task"].pk, "mode": "units", "units": [world["window"].pk], "due_date": "2030-01-01"})
    assert late.status_code == 400 and "2030年1月1日" in late.content.decode()
    assert Assignment.objects.count() == before


def test_county_office_cannot_assign_to_other_county(client, world):
    county_office = person_with_role(Role.OFFICE, world["county"]).user
    login(client, county_office)
    url = reverse("campaigns:assign", args=[world["campaign"].pk])
    response = client.post(url, {"task": world["task"].pk, "mode": "units", "units": [world["hospital"].pk]})
    # The campaign belongs to the city: the county office may not assign its tasks at all.
    assert response.status_code == 403 and str(m.NOT_OFFICE) in response.content.decode()


# --- assignments ---------------------------------------------------------------------

def test_assignment_list_filters_sorts_and_htmx_partial(client, world):
    login(client, world["office"])
    url = reverse("campaigns:assignments")
    assert client.get(url, {"unit": world["county"].pk}).context["page"].paginator.count == 1
    assert client.get(url, {"status": "done"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": "高平"}).context["page"].paginator.count == 1
    assert client.get(url, {"phase": world["phase"].pk}).context["page"].paginator.count == 2
    by_unit = client.get(url, {"ordering": "-unit"}).context["page"].object_list
    assert [a.unit.name for a in by_unit] == ["高平市卫生计生局", "泽州县卫生计生局"]
    partial = client.get(url, {"colour": "green"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "导出 Excel" in body and "泽州县卫生计生局" in body
    assert "HX-Request" in partial["Vary"]
    empty = client.get(url, {"q": "没有的任务"}).content.decode()
    assert "没有符合筛选条件的任务分工" in empty


def test_assignment_list_paginates_25(client, world):
    units = [UnitFactory(parent=world["county"]) for _ in range(30)]
    Assignment.objects.bulk_create([Assignment(task=world["task"], unit=u, due_date=dt.date(2026, 12, 31)) for u in units])
    page = login(client, world["office"]).get(reverse("campaigns:assignments"), {"page": 2}).context["page"]
    assert page.paginator.count == 32 and len(page.object_list) == 7


def test_excel_export(client, world):
    response = login(client, world["office"]).get(reverse("campaigns:assignments_export"), {"ordering": "unit"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "任务分工台账"
    assert [c.value for c in ws[2]][:5] == ["序号", "创建活动", "任务编号", "工作任务", "责任单位"]
    row = [c.value for c in ws[3]]
    assert row[0] == 1 and row[3] == "制定重大行政决策程序规定" and row[4] == "泽州县卫生计生局"
    assert row[6] == dt.datetime(2026, 12, 31) and row[7] == "未开始" and row[9] == "正常"
    assert ws.freeze_panes == "A3" and ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.max_row == 4


def test_export_is_scoped(client, world):
    response = login(client, world["liaison"]).get(reverse("campaigns:assignments_export"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 3 and ws["E3"].value == "泽州县卫生计生局"


def test_report_with_files_then_office_returns_then_accepts(client, world):
    login(client, world["liaison"])
    url = reverse("campaigns:report_submit", args=[world["own"].pk])
    files = [SimpleUploadedFile("会议纪要.png", PNG), SimpleUploadedFile("方案.png", PNG + b"1")]
    response = client.post(url, {"text": "已召开专题会议", "progress": 100, "files": files})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 2
    client.logout()
    login(client, world["office"])
    review = reverse("campaigns:report_review", args=[report.pk])
    no_reason = client.post(review, {f"r{report.pk}-decision": "return", f"r{report.pk}-comment": ""})
    assert no_reason.status_code == 400 and str(m.RETURN_REASON_REQUIRED) in no_reason.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(review, {f"r{report.pk}-decision": "return", f"r{report.pk}-comment": "缺少签到表"})
    page = client.get(reverse("campaigns:assignment", args=[world["own"].pk])).content.decode()
    assert "缺少签到表" in page and "会议纪要.png" in page
    client.logout()
    login(client, world["liaison"])
    client.post(url, {"text": "补充签到表", "progress": 100})
    second = ProgressReport.objects.get(status=ReportStatus.SUBMITTED)
    client.logout()
    login(client, world["office"])
    client.post(reverse("campaigns:report_review", args=[second.pk]), {f"r{second.pk}-decision": "accept"})
    world["own"].refresh_from_db()
    assert world["own"].status == AssignmentStatus.DONE


def test_report_bad_input_writes_nothing(client, world):
    login(client, world["liaison"])
    url = reverse("campaigns:report_submit", args=[world["own"].pk])
    empty = client.post(url, {"text": "  ", "progress": 50})
    assert empty.status_code == 400 and str(m.REPORT_TEXT_REQUIRED) in empty.content.decode()
    too_much = client.post(url, {"text": "进展", "progress": 150})
    assert too_much.status_code == 400 and str(m.PROGRESS_RANGE) in too_much.content.decode()
    exe = client.post(url, {"text": "进展", "progress": 50, "files": [SimpleUploadedFile("方案.pdf", b"MZ\x90\x00" + b"\x00" * 200)]})
    assert exe.status_code == 400 and str(FILE_TYPE_REFUSED).split("”")[1][:6] in exe.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    world["own"].refresh_from_db()
    assert world["own"].status == AssignmentStatus.NOT_STARTED


def test_report_outside_phase_is_refused_with_phase_named(client, world):
    world["phase"].start, world["phase"].end = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
    world["phase"].save()
    login(client, world["liaison"])
    page = client.get(reverse("campaigns:assignment", args=[world["own"].pk])).content.decode()
    assert "组织实施（2026年1月1日 至 2026年1月31日）" in page
    response = client.post(reverse("campaigns:report_submit", args=[world["own"].pk]), {"text": "进展", "progress": 50})
    assert response.status_code == 400 and not ProgressReport.objects.exists()


def test_office_cannot_report_and_liaison_cannot_review(client, world):
    login(client, world["office"])
    response = client.post(reverse("campaigns:report_submit", args=[world["own"].pk]), {"text": "代报", "progress": 50})
    assert response.status_code == 403 and str(m.NOT_LIAISON) in response.content.decode()
    client.logout()
    report = submit(world)
    login(client, world["liaison"])
    refused = client.post(reverse("campaigns:report_review", args=[report.pk]), {f"r{report.pk}-decision": "accept"})
    assert refused.status_code == 403 and str(m.NOT_OFFICE) in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_start_button(client, world):
    login(client, world["liaison"])
    page = client.get(reverse("campaigns:assignment", args=[world["own"].pk])).content.decode()
    assert "开始办理" in page and "提交报送" in page
    client.post(reverse("campaigns:assignment_start", args=[world["own"].pk]))
    world["own"].refresh_from_db()
    assert world["own"].status == AssignmentStatus.IN_PROGRESS


def test_evidence_download_headers(client, world):
    report = submit(world, files=[SimpleUploadedFile("会议纪要.png", PNG)])
    evidence = report.evidence.get()
    response = login(client, world["office"]).get(reverse("campaigns:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"] and "%E4%BC%9A%E8%AE%AE" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PNG


def test_unit_page_lists_subtree_assignments(client, world):
    AssignmentFactory(task=world["task"], unit=world["hospital"])
    response = login(client, world["liaison"]).get(reverse("campaigns:unit", args=[world["county"].pk]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    body = response.content.decode()
    assert "泽州县人民医院" in body and "高平市卫生计生局" not in body

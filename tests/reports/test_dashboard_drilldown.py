"""The dashboard's drill-downs: each bar of a chart opens a list page filtered so that it lists
exactly the rows the bar counted (progress by unit kind, intake by month, units by current grade,
enforcement cases by kind), the list's filter bar shows the filter with its value, and the API's
list takes the same parameter.

The assignments here are all due in 2026: the assignment list has no due-year filter, so an
assignment of another year of the same unit kind would be listed and not counted (as on the
county chart's drill-down).

The world, on Tuesday 15 December 2026, the dashboard of 2026:

某市卫生健康委员会 (office) ├ 甲县卫生健康局 ─ 甲县疾控中心 (institution)
                           └ 乙县卫生健康局 ─ 乙县人民医院 (institution), 乙县政务窗口 (window)
外市卫生健康委员会 (nothing of it is counted or listed)
"""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from fazhi.assessment.models import AssessmentRound, UnitGrade
from fazhi.campaigns.choices import AssignmentStatus
from fazhi.enforcement import services as enforcement
from fazhi.enforcement.choices import CaseKind, PartyKind
from fazhi.intake import services as intake
from fazhi.intake.choices import Source, SubmissionKind
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.reports.dashboard import compute
from tests.assessment.conftest import small_rubric
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, person_with_role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


def _local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def w():
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    a = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=1)
    b = Unit.objects.create(name="乙县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=2)
    cdc = Unit.objects.create(name="甲县疾控中心", kind=UnitKind.INSTITUTION, parent=a)
    hospital = Unit.objects.create(name="乙县人民医院", kind=UnitKind.INSTITUTION, parent=b)
    window = Unit.objects.create(name="乙县政务窗口", kind=UnitKind.WINDOW, parent=b)
    other = Unit.objects.create(name="外市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    office = person_with_role(Role.OFFICE, city, "office").user
    other_office = person_with_role(Role.OFFICE, other, "other-office").user
    w = dict(city=city, a=a, b=b, cdc=cdc, hospital=hospital, window=window, other=other, office=office)

    campaign = CampaignFactory(issuer=city, title="法治建设规范年")
    for unit, status in [(a, AssignmentStatus.DONE), (b, AssignmentStatus.IN_PROGRESS), (cdc, AssignmentStatus.DONE),
                         (hospital, AssignmentStatus.NOT_STARTED), (hospital, AssignmentStatus.DONE),
                         (window, AssignmentStatus.NOT_STARTED)]:
        AssignmentFactory(task=TaskFactory(campaign=campaign), unit=unit, due_date=dt.date(2026, 6, 30), status=status)
    AssignmentFactory(task=TaskFactory(campaign=CampaignFactory(issuer=other)), unit=other, due_date=dt.date(2026, 6, 30))

    # March: two, one of them late at night (still March in Beijing, already March in UTC too), one
    # received just after midnight on 1 April (31 March in UTC); March of last year; another city.
    for received_by, unit, at in [(city, a, _local(2026, 3, 2, 9)), (city, hospital, _local(2026, 3, 31, 23, 30)),
                                  (city, window, _local(2026, 4, 1, 0, 30)), (city, a, _local(2025, 3, 10, 9)),
                                  (b, hospital, _local(2026, 7, 8, 9))]:
        intake.submission_record(actor=office, kind=SubmissionKind.COMPLAINT, source=Source.PHONE, text="反映的问题",
                                 unit=unit, received_by=received_by, received_at=at)
    # About no unit in particular: counted where it was received, so listed under that office too.
    intake.submission_record(actor=office, kind=SubmissionKind.OPINION, source=Source.MAIL, text="建议公开办事指南",
                             received_by=city, received_at=_local(2026, 3, 20, 9))
    intake.submission_record(actor=other_office, kind=SubmissionKind.COMPLAINT, source=Source.PHONE, text="外市反映的问题",
                             unit=other, received_by=other, received_at=_local(2026, 3, 5, 9))

    rubric = small_rubric(code="drill", kind=UnitKind.INSTITUTION)
    rnd = AssessmentRound.objects.create(campaign=campaign, rubric=rubric, title="2025年考评", scope=city,
                                         unit_kind=UnitKind.INSTITUTION)
    later = AssessmentRound.objects.create(campaign=campaign, rubric=rubric, title="2026年考评", scope=city,
                                           unit_kind=UnitKind.INSTITUTION)
    # The hospital was B last year and is A now: it counts once, as A.
    for unit, round_, grade, label, current in [(hospital, rnd, "B", "良好", False), (hospital, later, "A", "优秀", True),
                                                (cdc, later, "A", "优秀", True), (window, later, "B", "良好", True),
                                                (a, later, "C", "合格", True)]:
        UnitGrade.objects.create(unit=unit, round=round_, grade=grade, label=label, is_current=current,
                                 graded_on=dt.date(2026, 11, 1) if round_ == later else dt.date(2025, 11, 1))

    for n, (unit, kind, opened) in enumerate([(a, CaseKind.PENALTY, dt.date(2026, 5, 6)),
                                              (hospital, CaseKind.PENALTY, dt.date(2026, 8, 1)),
                                              (b, CaseKind.INSPECTION, dt.date(2026, 9, 1)),
                                              (b, CaseKind.PENALTY, dt.date(2025, 9, 1))]):
        enforcement.case_create(actor=office, unit=unit, number=f"某卫罚〔2026〕{n + 1}号", kind=kind,
                                party_kind=PartyKind.ORGANISATION, party_name=f"某公司{n}", opened_on=opened)
    return w


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _listed(client, url) -> set[int]:
    """The pks of the rows a list page shows (one page holds them all here)."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page"]
    assert not page.has_next(), url
    return {obj.pk for obj in page.object_list}


def _param(url, name) -> str:
    return parse_qs(urlparse(url).query)[name][0]


def test_progress_by_unit_kind_opens_the_assignments_of_that_kind(w):
    from fazhi.campaigns.models import Assignment

    chart = compute(actor=w["office"], issuer=w["city"], year=2026, day=TODAY)["charts"]["progress_kind"]
    assert chart["categories"] == ["行政部门", "机构", "窗口"]
    counted = [done + rest for done, rest in zip(*(s["data"] for s in chart["series"]))]
    assert counted == [2, 3, 1]
    client = _client(w["office"])
    for kind, n, url in zip([UnitKind.ADMIN_DEPT, UnitKind.INSTITUTION, UnitKind.WINDOW], counted, chart["urls"]):
        assert _param(url, "unit_kind") == kind
        rows = _listed(client, url)
        assert rows == set(Assignment.objects.filter(unit__kind=kind, unit__path__startswith=w["city"].path)
                           .values_list("pk", flat=True)) and len(rows) == n
    # The filter bar shows the kind chosen; the API's list takes the same parameter.
    html = client.get(chart["urls"][1]).content.decode()
    assert re.search(r'<select name="unit_kind"[^>]*>.*?<option value="institution" selected>', html, re.S)
    api = client.get("/api/assignments/", {"unit_kind": "institution"}).json()
    assert api["count"] == 3 and {r["unit"] for r in api["results"]} == {w["cdc"].pk, w["hospital"].pk}


def test_intake_by_month_opens_the_inbox_of_that_month(w):
    chart = compute(actor=w["office"], issuer=w["city"], year=2026, day=TODAY)["charts"]["intake_months"]
    this_year = chart["series"][0]["data"]
    assert this_year[2] == 3 and this_year[3] == 1 and this_year[6] == 1 and sum(this_year) == 5
    assert chart["series"][1]["data"][2] == 1  # March of last year: on the grey line, not in March's list
    client = _client(w["office"])
    for m, n in [(3, 3), (4, 1), (7, 1), (5, 0)]:
        url = chart["urls"][m - 1]
        assert _param(url, "month") == f"2026-{m:02d}"
        rows = _listed(client, url)
        assert len(rows) == n, (m, rows)
    march = chart["urls"][2]
    html = client.get(march).content.decode()
    assert 'name="month"' in html and 'value="2026-03"' in html
    assert client.get("/api/submissions/", {"month": "2026-03"}).json()["count"] == 3
    assert client.get("/api/submissions/", {"month": "2026-03", "received_by": w["city"].pk}).json()["count"] == 3
    assert client.get("/api/submissions/", {"month": "2025-03"}).json()["count"] == 1
    assert client.get("/api/submissions/", {"month": "March"}).status_code == 400
    # A month the form cannot read shows the whole list, as every other stale filter does.
    assert len(_listed(client, "/intake/?month=2026-13")) == 6
    # 乙县's dashboard: the case 乙县 received, not the ones the city received about 乙县's units.
    county = compute(actor=w["office"], issuer=w["b"], year=2026, day=TODAY)["charts"]["intake_months"]
    assert county["series"][0]["data"][6] == 1 and sum(county["series"][0]["data"]) == 1
    assert len(_listed(client, county["urls"][6])) == 1 and len(_listed(client, county["urls"][2])) == 0
    # The time-limit chart opens the same rows: those received in the subtree.
    colours = compute(actor=w["office"], issuer=w["b"], year=2026, day=TODAY)["charts"]["intake_colours"]
    assert sum(colours["series"][0]["data"]) == 1
    assert sum(len(_listed(client, url)) for url in colours["urls"]) == 1
    assert all(_param(url, "received_by") == str(w["b"].pk) for url in colours["urls"])


def test_grades_open_the_unit_list_of_that_grade_with_the_grade_column(w):
    charts = compute(actor=w["office"], issuer=w["city"], year=2026, day=TODAY)["charts"]
    chart = charts["grades"]
    assert chart["categories"] == ["A 优秀", "B 良好", "C 合格"] and chart["series"][0]["data"] == [2, 1, 1]
    client = _client(w["office"])
    expected = [{w["hospital"].pk, w["cdc"].pk}, {w["window"].pk}, {w["a"].pk}]
    for url, units in zip(chart["urls"], expected):
        assert _listed(client, url) == units
    html = client.get(chart["urls"][0]).content.decode()
    assert "<th>当前等次</th>" in html and "<td>A 优秀</td>" in html and "<td>B 良好</td>" not in html
    assert re.search(r'<select name="grade"[^>]*>.*?<option value="A" selected>', html, re.S)
    # 乙县's dashboard: its own subtree only, the list likewise (under=).
    county = compute(actor=w["office"], issuer=w["b"], year=2026, day=TODAY)["charts"]["grades"]
    assert county["categories"] == ["A 优秀", "B 良好"] and county["series"][0]["data"] == [1, 1]
    assert _listed(client, county["urls"][0]) == {w["hospital"].pk}
    assert _param(county["urls"][0], "under") == str(w["b"].pk)
    api = client.get("/api/units/", {"grade": "A", "under": w["b"].pk}).json()
    assert [r["id"] for r in api["results"]] == [w["hospital"].pk]


def test_enforcement_cases_by_kind_open_the_case_list_of_that_kind(w):
    from fazhi.enforcement.models import EnforcementCase

    chart = compute(actor=w["office"], issuer=w["city"], year=2026, day=TODAY)["charts"]["enforcement"]
    assert chart["categories"][:2] == ["行政检查", "行政处罚"] and chart["series"][0]["data"][:2] == [1, 2]
    client = _client(w["office"])
    for kind, url in zip([CaseKind.INSPECTION, CaseKind.PENALTY], chart["urls"]):
        assert urlparse(url).path == "/enforcement/cases/" and _param(url, "year") == "2026"
        assert _listed(client, url) == set(EnforcementCase.objects.filter(kind=kind, opened_on__year=2026)
                                           .values_list("pk", flat=True))
    html = client.get(chart["urls"][1]).content.decode()
    assert re.search(r'<select name="kind"[^>]*>.*?<option value="penalty" selected>', html, re.S)
    assert client.get("/api/enforcement-cases/", {"kind": "penalty", "year": 2026}).json()["count"] == 2
    # 乙县's dashboard counts and lists 乙县 and its hospital only.
    county = compute(actor=w["office"], issuer=w["b"], year=2026, day=TODAY)["charts"]["enforcement"]
    penalty = county["categories"].index("行政处罚")
    assert county["series"][0]["data"][penalty] == 1
    assert _listed(client, county["urls"][penalty]) == set(
        EnforcementCase.objects.filter(unit=w["hospital"]).values_list("pk", flat=True))

"""The REST API: reads scoped like the pages, writes through the services, errors in Chinese."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fazhi.org.audit_api import OFFICE_ONLY
from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns.api import PHASE_OTHER_CAMPAIGN
from fazhi.campaigns.choices import AssignmentStatus, ReportStatus
from fazhi.campaigns.models import PHASE_ENDS_BEFORE_START, Assignment, Campaign, Evidence, Phase, ProgressReport
from fazhi.core.files import FILE_TYPE_REFUSED
from fazhi.org.choices import Role, UnitKind
from fazhi.org.scoping import NOT_FOUND
from tests.factories import (AssignmentFactory, CampaignFactory, PersonFactory, PhaseFactory, TaskFactory,
                             UnitFactory, person_with_role)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name="会议纪要.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def w():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    zz_hospital = UnitFactory(name="泽州县人民医院", parent=zezhou)
    gp_hospital = UnitFactory(name="高平市人民医院", parent=gaoping)
    campaign = CampaignFactory(issuer=city, title="2018年法治建设规范年")
    phase = PhaseFactory(campaign=campaign, name="组织实施")
    task = TaskFactory(campaign=campaign, heading="制定实施方案")
    return dict(
        city=city, zezhou=zezhou, gaoping=gaoping, zz_hospital=zz_hospital, gp_hospital=gp_hospital,
        campaign=campaign, phase=phase, task=task,
        zz=AssignmentFactory(task=task, unit=zezhou), gp=AssignmentFactory(task=task, unit=gaoping),
        office=person_with_role(Role.OFFICE, city, "office").user,
        leader=person_with_role(Role.LEADER, city, "leader").user,
        liaison=person_with_role(Role.LIAISON, zezhou, "liaison").user,
        gp_liaison=person_with_role(Role.LIAISON, gaoping, "gp-liaison").user,
    )


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def submit(client, assignment, text="已制定方案", files=()):
    return client.post("/api/progress-reports/", {"assignment": assignment.pk, "text": text, "progress": 100,
                                                  "files": list(files)}, format="multipart")


# --- reads -----------------------------------------------------------------------------------

def test_liaison_lists_and_reads_only_its_own_county(w):
    api = client_for(w["liaison"])
    assert ids(api.get("/api/assignments/")) == {w["zz"].pk}
    assert ids(api.get("/api/units/")) == {w["zezhou"].pk, w["zz_hospital"].pk}
    assert api.get(f"/api/assignments/{w['zz'].pk}/").json()["unit_name"] == "泽州县卫生计生局"
    response = api.get(f"/api/assignments/{w['gp'].pk}/")
    assert response.status_code == 404
    assert response.json()["detail"] == str(NOT_FOUND)
    assert api.get(f"/api/units/{w['gaoping'].pk}/").status_code == 404
    # The city's campaign is visible (the county works on it), its tasks too.
    assert ids(api.get("/api/campaigns/")) == {w["campaign"].pk}
    assert ids(api.get("/api/tasks/")) == {w["task"].pk}


def test_office_reads_the_whole_city_with_filters_and_ordering(w):
    overdue = AssignmentFactory(task=TaskFactory(campaign=w["campaign"]), unit=w["zz_hospital"],
                                due_date=timezone.localdate() - dt.timedelta(days=1))
    api = client_for(w["office"])
    assert ids(api.get("/api/assignments/")) == {w["zz"].pk, w["gp"].pk, overdue.pk}
    assert ids(api.get("/api/assignments/", {"under": w["zezhou"].pk})) == {w["zz"].pk, overdue.pk}
    assert ids(api.get("/api/assignments/", {"colour": "red"})) == {overdue.pk}
    assert ids(api.get("/api/assignments/", {"status": AssignmentStatus.DONE})) == set()
    rows = api.get("/api/assignments/", {"ordering": "due_date"}).json()["results"]
    assert rows[0]["id"] == overdue.pk and rows[0]["colour"] == "red" and rows[0]["status_display"] == "未开始"
    assert ids(api.get("/api/assignments/", {"search": "高平"})) == {w["gp"].pk}


def test_user_without_grant_sees_nothing(w):
    api = client_for(PersonFactory(unit=w["zezhou"]).user)
    for resource in ("units", "people", "grants", "campaigns", "phases", "tasks", "assignments", "progress-reports", "evidence"):
        assert ids(api.get(f"/api/{resource}/")) == set(), resource
    assert api.get(f"/api/assignments/{w['zz'].pk}/").status_code == 404


def test_anonymous_is_refused_and_token_auth_works(w):
    assert client_for().get("/api/assignments/").status_code in (401, 403)
    token = Token.objects.create(user=w["liaison"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    from django.contrib.sessions.models import Session

    sessions = Session.objects.count()
    assert ids(api.get("/api/assignments/")) == {w["zz"].pk}
    assert Session.objects.count() == sessions  # a token's requests open no session to keep alive
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/assignments/").status_code in (401, 403)


def test_list_costs_the_same_queries_for_few_and_many_rows(w):
    api = client_for(w["office"])

    def queries():
        # Each count from an empty cache: the rows added between the two counts (units, tasks) make some
        # cached roll-ups stale, not others (fazhi.core.rollups), which would be counted once only.
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/progress-reports/").status_code == 200
            assert api.get("/api/assignments/").status_code == 200
        return len(ctx)

    def add(n):
        for _ in range(n):
            a = AssignmentFactory(task=TaskFactory(campaign=w["campaign"]), unit=w["zz_hospital"])
            report = ProgressReport.objects.create(assignment=a, author=w["liaison"], text="进展")
            Evidence.objects.create(report=report, file="evidence/x", original_name="a.png", sha256="0" * 64,
                                    mime="image/png", size=1)

    add(2)
    few = queries()
    add(20)
    assert queries() == few


# --- writes ----------------------------------------------------------------------------------

def test_report_with_evidence_then_return_then_accept(w):
    liaison, office = client_for(w["liaison"]), client_for(w["office"])
    response = submit(liaison, w["zz"], files=[png()])
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["status"] == ReportStatus.SUBMITTED and report["author_name"]
    (evidence,) = report["evidence"]
    assert evidence["mime"] == "image/png" and evidence["original_name"] == "会议纪要.png"

    download = liaison.get(evidence["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]
    assert client_for(w["gp_liaison"]).get(evidence["download"]).status_code == 404
    assert client_for(w["gp_liaison"]).get(f"/api/evidence/{evidence['id']}/").status_code == 404

    review = f"/api/progress-reports/{report['id']}/review/"
    refused = office.post(review, {"accept": False}, format="json")
    assert refused.status_code == 400
    assert str(m.RETURN_REASON_REQUIRED) in refused.json()["detail"]
    assert ProgressReport.objects.get(pk=report["id"]).status == ReportStatus.SUBMITTED

    forbidden = liaison.post(review, {"accept": True}, format="json")
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == str(m.NOT_OFFICE)

    returned = office.post(review, {"accept": False, "comment": "缺少会议纪要"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == ReportStatus.RETURNED
    again = submit(liaison, w["zz"], text="补充会议纪要")
    assert again.status_code == 201
    accepted = office.post(f"/api/progress-reports/{again.json()['id']}/review/", {"accept": True}, format="json")
    assert accepted.status_code == 200
    detail = office.get(f"/api/assignments/{w['zz'].pk}/").json()
    assert detail["status"] == AssignmentStatus.DONE and detail["colour"] == "green"
    assert AuditEntry.objects.filter(action="progress_report.accept").exists()


def test_liaison_cannot_write_anything_of_another_county(w):
    liaison = client_for(w["liaison"])
    assert submit(liaison, w["gp"]).status_code == 404
    gp_report = ProgressReport.objects.create(assignment=w["gp"], author=w["gp_liaison"], text="进展")
    assert liaison.post(f"/api/progress-reports/{gp_report.pk}/review/", {"accept": True}, format="json").status_code == 404
    response = liaison.post("/api/assignments/", {"task": w["task"].pk, "units": [w["gp_hospital"].pk]}, format="json")
    assert response.status_code == 404
    assert ProgressReport.objects.filter(assignment=w["gp"]).count() == 1
    assert not Assignment.objects.filter(unit=w["gp_hospital"]).exists()


def test_refused_upload_writes_nothing(w):
    response = submit(client_for(w["liaison"]), w["zz"], files=[SimpleUploadedFile("方案.pdf", b"MZ\x90\x00" * 50)])
    assert response.status_code == 400
    assert str(FILE_TYPE_REFUSED).split("“")[0] in response.json()["detail"]
    assert not ProgressReport.objects.exists()
    w["zz"].refresh_from_db()
    assert w["zz"].status == AssignmentStatus.NOT_STARTED


def test_empty_report_text_gets_the_service_message(w):
    response = submit(client_for(w["liaison"]), w["zz"], text="  ")
    assert response.status_code == 400
    assert response.json()["text"] == [str(m.REPORT_TEXT_REQUIRED)]


def test_bulk_assignment_under_a_county_by_kind(w):
    api = client_for(w["office"])
    task = TaskFactory(campaign=w["campaign"])
    payload = {"task": task.pk, "under": w["zezhou"].pk, "kinds": [UnitKind.INSTITUTION]}
    response = api.post("/api/assignments/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [row["unit"] for row in body["created"]] == [w["zz_hospital"].pk] and body["skipped"] == 0
    assert body["created"][0]["colour"] in {"green", "amber", "red"}
    again = api.post("/api/assignments/", payload, format="json").json()
    assert again["created"] == [] and again["skipped"] == 1
    assert again["detail"] == str(m.ASSIGNMENTS_CREATED).format(created=0, skipped=1)


def test_assignment_refusals(w):
    office, leader = client_for(w["office"]), client_for(w["leader"])
    task = TaskFactory(campaign=w["campaign"])
    late = office.post("/api/assignments/", {"task": task.pk, "units": [w["zezhou"].pk], "due_date": "2030-01-01"},
                       format="json")
    assert late.status_code == 400 and "2030年1月1日" in late.json()["due_date"][0]
    empty = office.post("/api/assignments/", {"task": task.pk}, format="json")
    assert empty.status_code == 400 and empty.json()["detail"] == str(m.NO_UNITS_SELECTED)
    denied = leader.post("/api/assignments/", {"task": task.pk, "units": [w["zezhou"].pk]}, format="json")
    assert denied.status_code == 403 and denied.json()["detail"] == str(m.NOT_OFFICE)
    assert not Assignment.objects.filter(task=task).exists()


def test_campaign_phase_quota_task_creation(w):
    office = client_for(w["office"])
    response = office.post("/api/campaigns/", {"issuer": w["city"].pk, "title": "效能建设年", "year": 2026,
                                               "start_date": "2026-01-01", "end_date": "2026-12-31", "status": "active"},
                           format="json")
    assert response.status_code == 201, response.content
    campaign = Campaign.objects.get(pk=response.json()["id"])
    phase = office.post("/api/phases/", {"campaign": campaign.pk, "name": "动员部署", "start": "2026-03-01",
                                         "end": "2026-03-31", "opens": ["progress"]}, format="json")
    assert phase.status_code == 201 and phase.json()["opens"] == ["progress"]
    quota = office.post("/api/quotas/", {"campaign": campaign.pk, "level": "demo_institution", "count": 2,
                                         "scope": w["zezhou"].pk}, format="json")
    assert quota.status_code == 201 and quota.json()["level_display"] == "示范机构"
    task = office.post("/api/tasks/", {"campaign": campaign.pk, "label": "一、", "heading": "加强组织领导",
                                       "phase": phase.json()["id"], "applies_to": ["admin_dept"]}, format="json")
    assert task.status_code == 201, task.content
    child = office.post("/api/tasks/", {"campaign": campaign.pk, "parent": task.json()["id"], "label": "（一）",
                                        "heading": "成立领导小组"}, format="json")
    assert child.status_code == 201 and child.json()["level"] == 2


def test_creation_refusals(w):
    office, liaison = client_for(w["office"]), client_for(w["liaison"])
    backwards = office.post("/api/phases/", {"campaign": w["campaign"].pk, "name": "总结验收", "start": "2026-12-01",
                                             "end": "2026-11-01"}, format="json")
    assert backwards.status_code == 400 and str(PHASE_ENDS_BEFORE_START) in backwards.json()["detail"]
    other = CampaignFactory(issuer=w["city"])
    wrong_phase = office.post("/api/tasks/", {"campaign": other.pk, "heading": "任务", "phase": w["phase"].pk},
                              format="json")
    assert wrong_phase.status_code == 400 and wrong_phase.json()["phase"] == [str(PHASE_OTHER_CAMPAIGN)]
    own_issuer = liaison.post("/api/campaigns/", {"issuer": w["zezhou"].pk, "title": "县活动", "year": 2026}, format="json")
    assert own_issuer.status_code == 403
    foreign_issuer = liaison.post("/api/campaigns/", {"issuer": w["gaoping"].pk, "title": "县活动", "year": 2026},
                                  format="json")
    assert foreign_issuer.status_code == 404
    assert Phase.objects.count() == 1 and Campaign.objects.count() == 2


def test_grants_are_written_by_the_office_only(w):
    person = PersonFactory(unit=w["zz_hospital"])
    payload = {"person": person.pk, "role": Role.LIAISON, "unit": w["zz_hospital"].pk}
    assert client_for(w["liaison"]).post("/api/grants/", payload, format="json").status_code == 403
    created = client_for(w["office"]).post("/api/grants/", payload, format="json")
    assert created.status_code == 201 and created.json()["role_display"] == "单位联络员"
    assert client_for(w["leader"]).delete(f"/api/grants/{created.json()['id']}/").status_code == 403
    assert client_for(w["office"]).delete(f"/api/grants/{created.json()['id']}/").status_code == 204
    assert AuditEntry.objects.filter(action="grant.revoke").exists()


def test_audit_entries_are_for_the_office(w):
    submit(client_for(w["liaison"]), w["zz"])
    refused = client_for(w["liaison"]).get("/api/audit-entries/")
    assert refused.status_code == 403 and refused.json()["detail"] == str(OFFICE_ONLY)
    rows = client_for(w["office"]).get("/api/audit-entries/", {"action": "progress_report.submit"}).json()["results"]
    assert len(rows) == 1 and rows[0]["after"]["text"] == "已制定方案"
    assert client_for(w["office"]).delete(f"/api/audit-entries/{rows[0]['id']}/").status_code == 405


def test_statutory_days_are_readable(w):
    from fazhi.core.models import StatutoryDay

    StatutoryDay.objects.create(date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
    rows = client_for(w["liaison"]).get("/api/statutory-days/", {"year": 2027}).json()["results"]
    assert rows == [{"id": rows[0]["id"], "date": "2027-01-01", "kind": "holiday", "kind_display": "放假", "name": "元旦"}]


# --- schema and docs -----------------------------------------------------------------------------

def test_schema_lists_every_resource(w):
    response = client_for(w["liaison"]).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ("units", "people", "grants", "campaigns", "phases", "quotas", "tasks", "assignments",
                     "progress-reports", "evidence", "audit-entries", "statutory-days"):
        assert f"/api/{resource}/" in paths and f"/api/{resource}/{{id}}/" in paths, resource
    assert "/api/progress-reports/{id}/review/" in paths and "/api/evidence/{id}/download/" in paths


def test_schema_is_generated_once_per_language(w, monkeypatch):
    from fazhi.api_urls import SchemaView

    made = []

    class Counting(SchemaView.generator_class):
        def get_schema(self, *args, **kwargs):
            made.append(1)
            return super().get_schema(*args, **kwargs)

    monkeypatch.setattr(SchemaView, "generator_class", Counting)
    monkeypatch.setattr(SchemaView, "_generated", {})
    client = client_for(w["liaison"])
    texts = {}
    for lang in ("zh-hans", "en", "zh-hans", "en"):
        client.cookies["django_language"] = lang
        response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        assert response.status_code == 200
        texts.setdefault(lang, set()).add(response.content)
    assert len(made) == 2  # once per language, not per request
    assert len(texts["zh-hans"]) == 1 and len(texts["en"]) == 1 and texts["zh-hans"] != texts["en"]
    assert "单位".encode() in next(iter(texts["zh-hans"])) and b"Unit" in next(iter(texts["en"]))


def test_docs_page_loads_nothing_from_outside(w):
    response = client_for(w["liaison"]).get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "/static/drf_spectacular_sidecar/" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    # --fail-on-warn turns any unresolved type or enum clash into a failure here, not a surprise in the docs.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/progress-reports/{id}/review/" in (tmp_path / "schema.yml").read_text()


def test_a_choice_label_follows_the_language_and_is_the_models_own():
    """LabelField maps values to labels once per process, translated as each response is written."""
    from django.utils import translation

    from fazhi.core.api import StatutoryDaySerializer
    from fazhi.core.models import StatutoryDay

    holiday = StatutoryDay(date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
    workday = StatutoryDay(date=dt.date(2027, 2, 14), kind="workday", name="春节调休")
    with translation.override("en"):
        english = [row["kind_display"] for row in StatutoryDaySerializer([holiday, workday], many=True).data]
        assert english == [holiday.get_kind_display(), workday.get_kind_display()]
    with translation.override("zh-hans"):
        chinese = [row["kind_display"] for row in StatutoryDaySerializer([holiday, workday], many=True).data]
    assert chinese == ["放假", "调休上班"] and english[0] != chinese[0] and english[1] != chinese[1]
    workday.kind = "not-a-kind"  # a value outside the choices is shown as it is, as Django's display does
    assert StatutoryDaySerializer(workday).data["kind_display"] == "not-a-kind" == workday.get_kind_display()

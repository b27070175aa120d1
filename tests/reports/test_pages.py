"""Report pages and API at a fixed day (2026-11-20): draft, edit a section, the sign-off through
the pages, the Word file, scope, and the same path through the API."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from docx import Document

from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.reports.choices import DocumentStatus
from fazhi.reports.models import OutgoingDocument
from tests.factories import CampaignFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def w():
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    county = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = Unit.objects.create(name="外市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    users = {"drafter": person_with_role(Role.OFFICE, city, "drafter").user,
             "checker": person_with_role(Role.OFFICE, city, "checker").user,
             "leader": person_with_role(Role.LEADER, city, "leader").user,
             "liaison": person_with_role(Role.LIAISON, county, "liaison").user,
             "outsider": person_with_role(Role.OFFICE, other, "outsider").user}
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return dict(city=city, county=county, c=clients, campaign=CampaignFactory(issuer=city))


def test_draft_edit_check_and_sign_through_the_pages(w):
    c = w["c"]
    resp = c["drafter"].post("/reports/new/", {"kind": "annual_report", "issuer": w["city"].pk, "year": 2026,
                                               "prefix": "某卫法发"})
    doc = OutgoingDocument.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/reports/{doc.pk}/"
    page = c["drafter"].get(f"/reports/{doc.pk}/").content.decode()
    assert "一、2026年法治政府建设主要举措和成效" in page and "{problems_closed_rate}" in page  # the source table
    resp = c["drafter"].post(f"/reports/{doc.pk}/sections/1/", {"s1-heading": "二、存在的不足和原因",
                                                                "s1-text": "基层法治力量薄弱，共查找问题{problems}个。"})
    assert resp.status_code == 302
    assert "基层法治力量薄弱，共查找问题0个。" in c["drafter"].get(f"/reports/{doc.pk}/").content.decode()
    c["drafter"].post(f"/reports/{doc.pk}/steps/submit/")
    assert c["drafter"].get(f"/reports/{doc.pk}/").content.decode().count("核稿通过") == 0  # not the drafter's to check
    c["checker"].post(f"/reports/{doc.pk}/steps/approve/")
    assert c["liaison"].post(f"/reports/{doc.pk}/steps/sign/").status_code == 403  # not a page a liaison uses
    c["leader"].post(f"/reports/{doc.pk}/steps/sign/")
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.ISSUED and doc.doc_number == "某卫法发〔2026〕1号"
    resp = c["leader"].get(f"/reports/{doc.pk}/document.docx")
    assert resp.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "基层法治力量薄弱，共查找问题0个。" in text and "某卫法发〔2026〕1号" in text


def test_a_liaison_may_not_draft_and_others_do_not_see(w):
    assert w["c"]["liaison"].get("/reports/new/").status_code == 403
    w["c"]["drafter"].post("/reports/new/", {"kind": "annual_report", "issuer": w["city"].pk, "year": 2026})
    doc = OutgoingDocument.objects.get()
    assert w["c"]["outsider"].get(f"/reports/{doc.pk}/").status_code == 404
    assert w["c"]["outsider"].get(f"/reports/{doc.pk}/document.docx").status_code == 404
    assert "暂无" not in w["c"]["drafter"].get("/reports/").content.decode()


def test_a_circular_needs_its_campaign(w):
    resp = w["c"]["drafter"].post("/reports/new/", {"kind": "circular", "issuer": w["city"].pk, "year": 2026})
    assert resp.status_code == 200 and "活动总结和情况通报须选择活动" in resp.content.decode()
    assert OutgoingDocument.objects.count() == 0


def test_the_same_path_through_the_api(w):
    c = w["c"]
    resp = c["drafter"].post("/api/circulars/", {"issuer": w["city"].pk, "year": 2026, "prefix": "某卫法发",
                                                 "campaign": w["campaign"].pk}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["kind"] == "circular" and resp.json()["status"] == "drafting"
    assert c["drafter"].patch(f"/api/circulars/{pk}/", {"cc": "市政府"}, content_type="application/json").json()["cc"] == "市政府"
    early = c["drafter"].post(f"/api/circulars/{pk}/sign/")  # 签发 before 核稿
    assert early.status_code == 400 and "拟稿" in early.json()["detail"]
    c["drafter"].post(f"/api/circulars/{pk}/submit/")
    assert c["drafter"].post(f"/api/circulars/{pk}/check/", {"approve": True}, content_type="application/json").status_code == 403
    c["checker"].post(f"/api/circulars/{pk}/check/", {"approve": True}, content_type="application/json")
    resp = c["leader"].post(f"/api/circulars/{pk}/sign/")
    assert resp.status_code == 200 and resp.json()["doc_number"] == "某卫法发〔2026〕1号"
    docx = c["leader"].get(f"/api/circulars/{pk}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert c["leader"].get(f"/api/annual-reports/{pk}/").status_code == 404  # a circular is not an annual report

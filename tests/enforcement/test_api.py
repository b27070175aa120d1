"""The API: the glossary's paths, scoped lists, the life cycle by its actions, the service's
Chinese message on bad input with nothing written."""

import pytest
from rest_framework.test import APIClient

from fazhi.enforcement.models import ApprovalItem, EnforcementCase, MajorDecision, RandomDraw

from .conftest import ASPECTS, d

pytestmark = pytest.mark.django_db

PATHS = ["normative-documents", "major-decisions", "enforcement-cases", "legal-reviews", "discretion-standards",
         "approval-items", "approval-cases", "powers", "legal-advisers", "random-draws"]


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize("path", PATHS)
def test_every_resource_answers(w, path):
    assert api(w.office).get(f"/api/{path}/").status_code == 200
    assert APIClient().get(f"/api/{path}/").status_code in (401, 403)


def test_document_life_cycle_by_the_api(w):
    office, reviewer = api(w.office), api(w.reviewer)
    doc = office.post("/api/normative-documents/", {"unit": w.city.pk, "title": "依法执业管理办法", "drafted_on": d(-40)},
                      format="json").json()
    r = office.post(f"/api/normative-documents/{doc['id']}/file/", {"filed_with": "市司法局"}, format="json")
    assert r.status_code == 400 and "未完成合法性审查" in r.json()["detail"]
    office.post(f"/api/normative-documents/{doc['id']}/request-review/", {"on": d(-30)}, format="json")
    review = reviewer.get("/api/legal-reviews/?status=pending").json()["results"][0]
    r = reviewer.post(f"/api/legal-reviews/{review['id']}/record/", {**ASPECTS, "opinion": "approve", "reviewed_on": d(-25)},
                      format="json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    office.post(f"/api/normative-documents/{doc['id']}/fair-review/", {"note": "无排除竞争内容", "on": d(-20)}, format="json")
    office.post(f"/api/normative-documents/{doc['id']}/decide/", {"meeting": "委务会", "on": d(-15)}, format="json")
    office.post(f"/api/normative-documents/{doc['id']}/publish/", {"number": "晋卫发〔2026〕1号", "on": d(-10)}, format="json")
    r = office.post(f"/api/normative-documents/{doc['id']}/file/", {"filed_with": "市司法局", "on": d(-5)}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_force" and r.json()["status_display"] == "有效"


def test_issuing_a_decision_without_review_by_the_api(w):
    office = api(w.office)
    dec = office.post("/api/major-decisions/", {"unit": w.city.pk, "year": 2026, "title": "区域卫生规划"}, format="json").json()
    r = office.post(f"/api/major-decisions/{dec['id']}/issue/", {}, format="json")
    assert r.status_code == 400 and r.json()["detail"] == "该决策尚未通过合法性审查，不能集体讨论决定或公布实施。"
    assert MajorDecision.objects.get(pk=dec["id"]).issued_on is None


def test_bad_input_by_the_api_writes_nothing(w):
    office = api(w.office)
    r = office.post("/api/approval-items/", {"unit": w.city.pk, "code": "A1", "name": "执业登记", "statutory_days": 20,
                                             "promised_days": 30}, format="json")
    assert r.status_code == 400 and "不能长于法定时限" in r.json()["detail"] and not ApprovalItem.objects.exists()
    std = office.post("/api/discretion-standards/", {"unit": w.city.pk, "code": "S1", "violation": "擅自执业",
                                                      "circumstance": "一般", "min_amount": "100", "max_amount": "500"},
                      format="json").json()
    r = office.post("/api/enforcement-cases/", {"unit": w.station.pk, "number": "案1", "kind": "penalty",
                                                 "party_kind": "organisation", "party_name": "某诊所", "standard": std["id"],
                                                 "penalty_amount": "900"}, format="json")
    assert r.status_code == 400 and "须说明理由" in r.json()["detail"] and not EnforcementCase.objects.exists()
    r = office.post("/api/random-draws/", {"unit": w.city.pk, "title": "抽查", "object_count": 1}, format="json")
    assert r.status_code == 400 and "少于要抽取的 1 个" in r.json()["detail"] and not RandomDraw.objects.exists()
    r = api(w.other_office).get(f"/api/discretion-standards/{std['id']}/")
    assert r.status_code == 404

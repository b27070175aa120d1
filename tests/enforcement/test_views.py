"""Pages: lists with search, filters and pagination; a step posted through the page; bad input
answered on the page with the service's message and nothing written; the reviewer's inbox."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.enforcement import services
from fazhi.enforcement.models import ApprovalItem, CaseStep, EnforcementCase, LegalReview, NormativeDocument

from .conftest import ASPECTS, PNG, d

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def data(w):
    doc = services.document_create(actor=w.office, unit=w.city, title="医疗机构依法执业管理办法", drafted_on=d(-30))
    review = services.document_request_review(actor=w.office, document=doc, on=d(-20))
    std = services.standard_create(actor=w.office, unit=w.city, code="YZ-01", violation="擅自执业", circumstance="一般",
                                   min_amount=1000, max_amount=5000)
    case = services.case_create(actor=w.liaison, unit=w.station, number="泽卫罚〔2026〕1号", kind="penalty",
                                party_kind="organisation", party_name="泽州县康宁诊所", standard=std, penalty_amount=2000,
                                opened_on=d(-10))
    return {"doc": doc, "review": review, "standard": std, "case": case}


@pytest.mark.parametrize("key", ["documents", "decisions", "cases", "reviews", "standards", "approval-items",
                                 "approval-cases", "powers", "advisers", "draws"])
def test_every_list_renders_with_filters(w, data, key):
    r = client(w.office).get(reverse("enforcement:list", args=[key]), {"q": "x", "year": "2026", "page": "1"})
    assert r.status_code == 200
    assert client(w.office).get(reverse("enforcement:list", args=[key])).status_code == 200


def test_search_and_status_filter(w, data):
    c = client(w.office)
    page = c.get(reverse("enforcement:list", args=["cases"]), {"q": "康宁"}).content.decode()
    assert "泽卫罚〔2026〕1号" in page
    page = c.get(reverse("enforcement:list", args=["cases"]), {"q": "不存在的当事人"}).content.decode()
    assert "泽卫罚〔2026〕1号" not in page
    page = c.get(reverse("enforcement:list", args=["documents"]), {"status": "in_force"}).content.decode()
    assert "医疗机构依法执业管理办法" not in page


def test_reviewer_inbox_and_recording_through_the_page(w, data):
    c = client(w.reviewer)
    inbox = c.get(reverse("enforcement:inbox")).content.decode()
    assert "医疗机构依法执业管理办法" in inbox
    url = reverse("enforcement:step", args=["reviews", data["review"].pk, "record"])
    bad = c.post(url, {**{f"record-{k}": v for k, v in ASPECTS.items()}, "record-opinion": "reject", "record-reasons": ""})
    assert bad.status_code == 400 and "须说明理由" in bad.content.decode()
    assert LegalReview.objects.get(pk=data["review"].pk).status == "pending"
    ok = c.post(url, {**{f"record-{k}": v for k, v in ASPECTS.items()}, "record-opinion": "approve"})
    assert ok.status_code == 302
    assert NormativeDocument.objects.get(pk=data["doc"].pk).status == "legality_reviewed"
    assert "医疗机构依法执业管理办法" not in c.get(reverse("enforcement:inbox")).content.decode()


def test_office_cannot_record_a_review(w, data):
    url = reverse("enforcement:step", args=["reviews", data["review"].pk, "record"])
    r = client(w.office).post(url, {**{f"record-{k}": v for k, v in ASPECTS.items()}, "record-opinion": "approve"})
    assert r.status_code == 403 and "法制审核人员" in r.content.decode()
    assert LegalReview.objects.get(pk=data["review"].pk).status == "pending"


def test_case_step_with_file_and_download(w, data):
    c = client(w.liaison)
    url = reverse("enforcement:step", args=["cases", data["case"].pk, "step"])
    r = c.post(url, {"step-kind": "investigation", "step-note": "现场检查", "step-on": d(-5).isoformat(),
                     "step-files": [SimpleUploadedFile("笔录.png", PNG)]})
    assert r.status_code == 302
    step = CaseStep.objects.get(case=data["case"], kind="investigation")
    att = step.attachments.get()
    got = c.get(reverse("enforcement:attachment", args=[att.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert client(w.other_office).get(reverse("enforcement:attachment", args=[att.pk])).status_code == 404


def test_disclosure_before_decision_refused_on_the_page(w, data):
    c = client(w.liaison)
    c.post(reverse("enforcement:step", args=["cases", data["case"].pk, "decide"]), {"decide-on": d(-3).isoformat()})
    r = c.post(reverse("enforcement:step", args=["cases", data["case"].pk, "disclose"]), {"disclose-on": d(-4).isoformat()})
    assert r.status_code == 400 and "不能早于决定日期" in r.content.decode()
    assert EnforcementCase.objects.get(pk=data["case"].pk).disclosed_on is None


def test_create_pages(w, data):
    c = client(w.office)
    assert c.get(reverse("enforcement:create", args=["cases"])).status_code == 200
    r = c.post(reverse("enforcement:create", args=["approval-items"]),
               {"unit": w.city.pk, "code": "A1", "name": "执业登记", "statutory_days": 20, "promised_days": 30})
    assert r.status_code == 400 and "承诺时限（30 个工作日）不能长于法定时限（20 个工作日）" in r.content.decode()
    assert not ApprovalItem.objects.exists()
    r = c.post(reverse("enforcement:create", args=["cases"]),
               {"unit": w.station.pk, "number": "泽卫罚〔2026〕9号", "kind": "penalty", "party_kind": "person",
                "party_name": "张三", "standard": data["standard"].pk, "penalty_amount": "9000"})
    assert r.status_code == 400 and "须说明理由" in r.content.decode()
    assert not EnforcementCase.objects.filter(number="泽卫罚〔2026〕9号").exists()
    search = c.get(reverse("enforcement:standard_search"), {"q": "擅自"}).content.decode()
    assert "YZ-01" in search and f'data-standard="{data["standard"].pk}"' in search


def test_figures_page(w, data):
    r = client(w.office).get(reverse("enforcement:figures"), {"year": "2026"})
    assert r.status_code == 200 and "审批时限压缩比" in r.content.decode()


def test_menu_entries(w, data):
    def menu(user):
        return client(user).get(reverse("home")).content.decode().split("<main")[0]

    assert reverse("enforcement:inbox") in menu(w.reviewer) and reverse("enforcement:figures") in menu(w.reviewer)
    assert reverse("enforcement:inbox") not in menu(w.leader) and reverse("enforcement:figures") in menu(w.leader)

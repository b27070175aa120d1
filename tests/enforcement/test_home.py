"""The reviewer's workbench lists the legal reviews waiting for them (法制审核): major
enforcement decisions and normative documents, read through the enforcement selectors."""

import pytest
from django.urls import reverse

from fazhi.enforcement import services

from .conftest import d
from .test_cases import register, standard  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _panel(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    panels = {p.key: p for s in response.context["sections"] for p in s["panels"]}
    return panels, response.content.decode()


def test_reviewer_home_lists_cases_and_documents_awaiting_review(client, w, standard):  # noqa: F811
    panels, _html = _panel(client, w.reviewer)
    assert panels["legal_review"].count == 0 and panels["legal_review"].items == []
    case = register(w, standard, is_major=True)
    services.case_request_review(actor=w.liaison, case=case, on=d(-5))
    doc = services.document_create(actor=w.office, unit=w.city, title="晋城市卫生健康行政处罚裁量基准适用规则", drafted_on=d(-10))
    services.document_request_review(actor=w.office, document=doc, on=d(-2))
    panels, html = _panel(client, w.reviewer)
    p = panels["legal_review"]
    assert p.count == 2
    assert p.items[1].text == "晋城市卫生健康行政处罚裁量基准适用规则"  # oldest first
    assert "重大执法决定" in p.items[0].meta and "已送审 5 天" in p.items[0].meta
    assert "规范性文件 1 件" in p.note and "重大执法决定 1 件" in p.note
    assert "晋城市卫生健康行政处罚裁量基准适用规则" in html and "目前没有送审" not in html
    assert p.more_url == reverse("enforcement:inbox")


def test_reviewed_items_leave_the_panel_and_other_roles_have_no_such_panel(client, w, standard):  # noqa: F811
    from .conftest import ASPECTS

    doc = services.document_create(actor=w.office, unit=w.city, title="规则甲", drafted_on=d(-10))
    review = services.document_request_review(actor=w.office, document=doc, on=d(-2))
    services.legal_review_record(actor=w.reviewer, review=review, opinion="approve", reviewed_on=d(-1), **ASPECTS)
    panels, _html = _panel(client, w.reviewer)
    assert panels["legal_review"].count == 0
    panels, _html = _panel(client, w.office)
    assert "legal_review" not in panels

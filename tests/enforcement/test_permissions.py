"""The permission suite of administrative law: every new model × every role (and no grant,
and anonymous) × page and API × read and write, on its own unit (泽州县), on a sibling county
(高平市) and on another city (长治县 under 长治市). Self-contained and table-driven.

Outcomes: OK — allowed (and the write happened); DENIED — 403, nothing written; HIDDEN — 404
and absent from lists, nothing written; LOGIN — anonymous: the login page for pages, 401/403
for the API, nothing written. Each probe runs in a savepoint that is rolled back, so that one
world serves every probe of a model.

The policy: every role granted on a unit reads the unit's subtree (the liaison of 泽州县 sees
only 泽州县). Writes: the office for documents, decisions, standards, approval items, powers,
advisers and draws; the office and the unit's liaison (its enforcement staff) for enforcement
cases and approval cases; the reviewer alone records a legal review.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.enforcement import services
from fazhi.enforcement.models import (ApprovalCase, ApprovalItem, CaseStep, DiscretionStandard, LegalReview, MajorDecision,
                                      Power, RandomDraw)
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.conftest import session_of, signed_in
from tests.factories import PersonFactory, person_with_role

from .conftest import ASPECTS, d

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN, LOGIN = "ok", "denied", "hidden", "login"
TARGETS = ("own", "sibling", "foreign")
ROLES = list(Role.values) + ["no grant", "anonymous"]
OFFICE, HANDLERS, REVIEWER = {Role.OFFICE}, {Role.OFFICE, Role.LIAISON}, {Role.REVIEWER}


def expected(role: str, target: str, op: str, writers: set) -> str:
    if role == "anonymous":
        return LOGIN
    sees = role != "no grant" and target != "foreign" and (role != Role.LIAISON or target == "own")
    if not sees:
        return HIDDEN
    return OK if op == "read" or role in writers else DENIED


@dataclass
class Target:
    unit: Unit
    objs: dict


@dataclass
class Spec:
    page_key: str
    api: str
    writers: set
    obj: str  # key of the object in Target.objs
    page_write: Callable  # (client, target) -> response
    api_write: Callable
    written: Callable  # (target) -> bool


def step(key, obj, name, data):
    def probe(c, t):
        return c.post(reverse("enforcement:step", args=[key, t.objs[obj].pk, name]), {f"{name}-{k}": v for k, v in data.items()})
    return probe


def action(api, obj, name, data):
    def probe(c, t):
        return c.post(f"/api/{api}/{t.objs[obj].pk}/{name}/", data, format="json")
    return probe


def create_page(key, data):
    def probe(c, t):
        return c.post(reverse("enforcement:create", args=[key]), {"unit": t.unit.pk, **data})
    return probe


def create_api(api, data):
    def probe(c, t):
        return c.post(f"/api/{api}/", {"unit": t.unit.pk, **data}, format="json")
    return probe


REVIEW = {**ASPECTS, "opinion": "approve"}
SPECS = {
    "normative-document": Spec("documents", "normative-documents", OFFICE, "doc",
                               step("documents", "doc", "request-review", {}), action("normative-documents", "doc", "request-review", {}),
                               lambda t: LegalReview.objects.filter(document=t.objs["doc"]).exists()),
    "legal-review": Spec("reviews", "legal-reviews", REVIEWER, "review",
                         step("reviews", "review", "record", REVIEW), action("legal-reviews", "review", "record", REVIEW),
                         lambda t: LegalReview.objects.get(pk=t.objs["review"].pk).status == "done"),
    "major-decision": Spec("decisions", "major-decisions", OFFICE, "decision",
                           step("decisions", "decision", "participation", {"date_from": d(-10), "date_to": d(-1)}),
                           action("major-decisions", "decision", "participation", {"date_from": d(-10), "date_to": d(-1)}),
                           lambda t: MajorDecision.objects.get(pk=t.objs["decision"].pk).participation_meeting_id is not None),
    "enforcement-case": Spec("cases", "enforcement-cases", HANDLERS, "case",
                             step("cases", "case", "step", {"kind": "investigation", "note": "现场检查"}),
                             lambda c, t: c.post(f"/api/enforcement-cases/{t.objs['case'].pk}/steps/",
                                                 {"kind": "investigation", "note": "现场检查"}, format="multipart"),
                             lambda t: CaseStep.objects.filter(case=t.objs["case"]).count() > 1),
    "discretion-standard": Spec("standards", "discretion-standards", OFFICE, "standard",
                                create_page("standards", {"code": "NEW", "violation": "擅自执业", "circumstance": "严重",
                                                          "min_amount": "1", "max_amount": "2"}),
                                create_api("discretion-standards", {"code": "NEW", "violation": "擅自执业",
                                                                    "circumstance": "严重", "min_amount": "1", "max_amount": "2"}),
                                lambda t: DiscretionStandard.objects.filter(unit=t.unit, code="NEW").exists()),
    "approval-item": Spec("approval-items", "approval-items", OFFICE, "item",
                          create_page("approval-items", {"code": "NEW", "name": "执业登记", "statutory_days": 20, "promised_days": 1}),
                          create_api("approval-items", {"code": "NEW", "name": "执业登记", "statutory_days": 20, "promised_days": 1}),
                          lambda t: ApprovalItem.objects.filter(unit=t.unit, code="NEW").exists()),
    "approval-case": Spec("approval-cases", "approval-cases", HANDLERS, "approval",
                          step("approval-cases", "approval", "complete", {}), action("approval-cases", "approval", "complete", {}),
                          lambda t: ApprovalCase.objects.get(pk=t.objs["approval"].pk).completed_on is not None),
    "power": Spec("powers", "powers", OFFICE, "power",
                  step("powers", "power", "revoke", {"reason": "机构改革"}), action("powers", "power", "revoke", {"reason": "机构改革"}),
                  lambda t: Power.objects.get(pk=t.objs["power"].pk).status == "revoked"),
    "legal-adviser": Spec("advisers", "legal-advisers", OFFICE, "adviser",
                          step("advisers", "adviser", "matter", {"kind": "contract", "title": "采购合同", "opinion": "无风险"}),
                          action("legal-advisers", "adviser", "matters", {"kind": "contract", "title": "采购合同", "opinion": "无风险"}),
                          lambda t: t.objs["adviser"].matters.exists()),
    "random-draw": Spec("draws", "random-draws", OFFICE, "draw",
                        step("draws", "draw", "publish", {"results": "未发现问题"}),
                        action("random-draws", "draw", "publish", {"results": "未发现问题"}),
                        lambda t: RandomDraw.objects.get(pk=t.objs["draw"].pk).status == "published"),
}


def _target(office, unit: Unit, reviewer) -> Target:
    s = services
    doc = s.document_create(actor=office, unit=unit, title=f"{unit.name}规范性文件", drafted_on=d(-30))
    reviewed = s.document_create(actor=office, unit=unit, title=f"{unit.name}送审文件", drafted_on=d(-30))
    review = s.document_request_review(actor=office, document=reviewed, on=d(-20))
    item = s.approval_item_create(actor=office, unit=unit, code="A1", name="医疗机构执业登记", statutory_days=20, promised_days=5)
    hospital = Unit.objects.create(name=f"{unit.name}人民医院", kind=UnitKind.INSTITUTION, parent=unit)
    s.inspection_object_create(actor=office, unit=unit, name=hospital.name, belongs_to=hospital)
    s.inspector_create(actor=office, unit=unit, name="检查员甲", home_unit=unit)
    return Target(unit=unit, objs={
        "doc": doc, "review": review,
        "decision": s.decision_create(actor=office, unit=unit, year=2026, title=f"{unit.name}重大决策"),
        "case": s.case_create(actor=office, unit=unit, number=f"案{unit.pk}", kind="penalty", party_kind="organisation",
                              party_name="某诊所", opened_on=d(-10)),
        "standard": s.standard_create(actor=office, unit=unit, code="S1", violation="擅自执业", circumstance="一般",
                                      min_amount=1, max_amount=2),
        "item": ApprovalItem.objects.get(pk=item.pk),
        "approval": s.approval_case_record(actor=office, item=item, number=f"SP{unit.pk}", applicant="某诊所", received_on=d(-3)),
        "power": s.power_create(actor=office, unit=unit, code="P1", name="执业登记", kind="licensing", basis="条例第十五条"),
        "adviser": s.adviser_create(actor=office, unit=unit, kind="adviser", name="刘律师", term_start=d(-100), term_end=d(300)),
        "draw": s.draw_make(actor=office, unit=unit, title="抽查", object_count=1, inspectors_per_object=1, seed="s"),
    })


@pytest.fixture
def world(db):
    city = Unit.objects.create(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = Unit.objects.create(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = Unit.objects.create(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other_city = Unit.objects.create(name="长治市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    other_county = Unit.objects.create(name="长治县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=other_city)
    users = {role: person_with_role(role, zezhou if role == Role.LIAISON else city, role).user for role in Role.values}
    users["no grant"] = PersonFactory(unit=zezhou, user__username="nogrant").user
    users["anonymous"] = None
    other_office = person_with_role(Role.OFFICE, other_city, "other_office").user
    targets = {"own": _target(users[Role.OFFICE], zezhou, users[Role.REVIEWER]),
               "sibling": _target(users[Role.OFFICE], gaoping, users[Role.REVIEWER]),
               "foreign": _target(other_office, other_county, None)}
    return users, targets


def _statuses(*responses) -> list[int]:
    for r in responses:
        if getattr(r, "streaming", False):
            b"".join(r.streaming_content)
    return [r.status_code for r in responses]


def read(channel: str, spec: Spec, c, t: Target):
    obj = t.objs[spec.obj]
    if channel == "page":
        detail = c.get(reverse("enforcement:detail", args=[spec.page_key, obj.pk]))
        listing = c.get(reverse("enforcement:list", args=[spec.page_key]))
        listed = reverse("enforcement:detail", args=[spec.page_key, obj.pk]) in listing.content.decode() \
            if listing.status_code == 200 else None
        return _statuses(detail), listed, detail
    detail = c.get(f"/api/{spec.api}/{obj.pk}/")
    listing = c.get(f"/api/{spec.api}/")
    listed = any(r["id"] == obj.pk for r in listing.json()["results"]) if listing.status_code == 200 else None
    return _statuses(detail), listed, detail


def check(outcome, channel, op, statuses, listed, written, location) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    if outcome == OK:
        if op == "read":
            return statuses == [200] and listed is True
        return statuses[0] in (200, 201, 302) and written and not location.startswith(login)
    if outcome == DENIED:
        return statuses[0] == 403 and not written
    if outcome == HIDDEN:
        return statuses == [404] and not written and (op != "read" or listed is False)
    if channel == "page":
        return statuses == [302] and location.startswith(login) and not written
    return statuses[0] in (401, 403) and not written


@pytest.mark.parametrize("model", list(SPECS))
def test_permissions(world, model):
    users, targets = world
    spec = SPECS[model]
    failures, probes = [], 0
    sessions = {role: session_of(user) for role, user in users.items() if user is not None}
    for role in ROLES:
        for channel in ("page", "api"):
            for op in ("read", "write"):
                for target in TARGETS:
                    t = targets[target]
                    client = Client() if channel == "page" else APIClient()
                    if users[role] is not None:
                        signed_in(client, sessions[role])
                    with transaction.atomic():
                        if op == "read":
                            statuses, listed, response = read(channel, spec, client, t)
                            written = False
                        else:
                            response = (spec.page_write if channel == "page" else spec.api_write)(client, t)
                            statuses, listed = _statuses(response), None
                            written = spec.written(t)
                        transaction.set_rollback(True)
                    outcome = expected(role, target, op, spec.writers)
                    probes += 1
                    if not check(outcome, channel, op, statuses, listed, written, response.get("Location", "") or ""):
                        body = response.content[:300].decode("utf-8", "ignore") if not getattr(response, "streaming", False) else ""
                        failures.append(f"{role} {channel} {op} {target}: expected {outcome}, saw {statuses} listed={listed} "
                                        f"written={written} {body}")
    assert probes == len(ROLES) * 2 * 2 * len(TARGETS)
    assert not failures, "\n".join(failures)


def test_the_table_covers_every_model_and_role():
    from fazhi.enforcement import models

    assert set(Role.values) | {"no grant", "anonymous"} == set(ROLES)
    resources = {"NormativeDocument", "LegalReview", "MajorDecision", "EnforcementCase", "DiscretionStandard", "ApprovalItem",
                 "ApprovalCase", "Power", "LegalAdviser", "RandomDraw"}
    assert resources <= set(models.__all__) and len(SPECS) == len(resources)

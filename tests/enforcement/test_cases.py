"""Enforcement cases: the discretion range, the full-process record with checked files, the
legal review of a major decision, the decision and its disclosure within N working days."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.enforcement import messages as m
from fazhi.enforcement import selectors, services
from fazhi.enforcement.choices import CaseStatus as S, StepKind
from fazhi.enforcement.figures import enforcement_figures
from fazhi.enforcement.models import CaseAttachment, CaseStep, EnforcementCase, EnforcementRule

from .conftest import ASPECTS, PNG, d

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(w):
    return services.standard_create(actor=w.office, unit=w.city, code="YZ-01", violation="未取得医疗机构执业许可证擅自执业",
                                     circumstance="一般", min_amount=10000, max_amount=30000, basis="《基本医疗卫生与健康促进法》第九十九条")


def register(w, standard, n="泽卫罚〔2026〕1号", amount=20000, **kw):
    return services.case_create(actor=w.liaison, unit=w.station, number=n, kind="penalty", party_kind="person",
                                party_name="张三丰", party_id_number="140502199001011234", legal_basis=standard.basis,
                                standard=standard, penalty_amount=amount, opened_on=d(-20), **kw)


def test_penalty_outside_the_range_needs_a_reason_and_is_flagged(w, standard):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        register(w, standard, amount=50000)
    assert "超出裁量基准" in e.value.messages[0] and "须说明理由" in e.value.messages[0]
    assert not EnforcementCase.objects.exists() and AuditEntry.objects.count() == before
    case = register(w, standard, amount=50000, out_of_range_reason="多次违法，情节严重")
    assert case.out_of_range is True
    assert list(selectors.case_list(actor=w.office, filters={"out_of_range": True})) == [case]
    inside = register(w, standard, n="泽卫罚〔2026〕2号", amount=Decimal("10000"))
    assert inside.out_of_range is False


def test_full_process_record_with_checked_files(w, standard):
    case = register(w, standard)
    services.case_step_add(actor=w.liaison, case=case, kind=StepKind.INVESTIGATION, note="现场检查笔录", on=d(-18),
                           files=[SimpleUploadedFile("笔录.png", PNG)])
    with pytest.raises(ValidationError):
        services.case_step_add(actor=w.liaison, case=case, kind=StepKind.NOTICE, on=d(-17),
                               files=[SimpleUploadedFile("告知书.pdf", b"MZ\x90\x00 not a pdf")])
    assert [s.kind for s in CaseStep.objects.filter(case=case)] == ["filing", "investigation"]
    assert CaseAttachment.objects.get().mime == "image/png"


def test_major_decision_waits_for_the_reviewer(w, standard):
    case = register(w, standard, is_major=True)
    with pytest.raises(ValidationError) as e:
        services.case_decide(actor=w.liaison, case=case, on=d(-10))
    assert e.value.messages == [str(m.CASE_MAJOR_NO_REVIEW)]
    review = services.case_request_review(actor=w.liaison, case=case, on=d(-12))
    with pytest.raises(ValidationError):
        services.case_decide(actor=w.liaison, case=case, on=d(-10))
    services.legal_review_record(actor=w.reviewer, review=review, opinion="approve", reviewed_on=d(-11), **ASPECTS)
    case = services.case_decide(actor=w.liaison, case=case, on=d(-10))
    assert case.status == S.DECIDED and case.decided_on == d(-10)


def test_rejected_review_keeps_the_decision_back(w, standard):
    case = register(w, standard, is_major=True)
    review = services.case_request_review(actor=w.liaison, case=case)
    services.legal_review_record(actor=w.reviewer, review=review, opinion="reject", reasons="证据不足", **ASPECTS)
    with pytest.raises(ValidationError):
        services.case_decide(actor=w.liaison, case=case)
    assert EnforcementCase.objects.get(pk=case.pk).decided_on is None


def test_disclosure_due_in_seven_working_days_and_never_before_the_decision(w, standard):
    case = register(w, standard)
    with pytest.raises(ValidationError) as e:
        services.case_disclose(actor=w.liaison, case=case)
    assert m.CASE_NOT_DECIDED in e.value.messages
    # Decided on Friday 29 May 2026: seven working days, across the Dragon Boat Festival (19 June is later) → 9 June.
    case = services.case_decide(actor=w.liaison, case=case, on=dt.date(2026, 5, 29))
    assert case.disclosure_due == dt.date(2026, 6, 9)
    with pytest.raises(ValidationError) as e:
        services.case_disclose(actor=w.liaison, case=case, on=dt.date(2026, 5, 28))
    assert "不能早于决定日期" in e.value.messages[0]
    assert EnforcementCase.objects.get(pk=case.pk).disclosed_on is None
    assert list(selectors.case_list(actor=w.office, filters={"overdue": True})) == [case]
    services.case_disclose(actor=w.liaison, case=case, on=dt.date(2026, 6, 10))
    figures = enforcement_figures(actor=w.office, year=2026)["cases"]
    assert figures["disclosure_counted"] == 1 and figures["disclosed_on_time"] == 0
    assert figures["timely_disclosure_rate"] == 0.0 and figures["overdue"] == 0


def test_disclosure_days_are_configurable(w, standard):
    EnforcementRule.objects.create(disclosure_days=3)
    case = services.case_decide(actor=w.liaison, case=register(w, standard), on=dt.date(2026, 6, 12))
    assert case.disclosure_due == dt.date(2026, 6, 17)


def test_public_decisions_mask_the_person(w, standard):
    case = services.case_decide(actor=w.liaison, case=register(w, standard), on=d(-3))
    assert list(selectors.public_decisions()) == []
    services.case_disclose(actor=w.liaison, case=case, on=d(-2))
    assert list(selectors.public_decisions()) == [case]
    assert selectors.mask_name("张三丰") == "张**"


def test_standard_search_while_recording(w, standard):
    assert selectors.standard_search(actor=w.liaison, q="擅自执业") == [standard]
    assert selectors.standard_search(actor=w.other_office, q="擅自执业") == []

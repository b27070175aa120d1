"""Every gate of a major decision; nothing is issued without a passed legality review; public
participation goes through the portal's opinion collection (an intake meeting)."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.enforcement import messages as m
from fazhi.enforcement import selectors, services
from fazhi.enforcement.choices import DecisionStatus as S
from fazhi.enforcement.models import LegalReview, MajorDecision
from fazhi.intake import selectors as intake_selectors

from .conftest import ASPECTS, d

pytestmark = pytest.mark.django_db


def catalogued(w):
    return services.decision_create(actor=w.office, unit=w.city, year=2026, title="全市基层医疗卫生机构布局规划")


def fresh(dec):
    return MajorDecision.objects.get(pk=dec.pk)


def to_risk(w):
    dec = catalogued(w)
    services.decision_participation(actor=w.office, decision=dec, date_from=d(-60), date_to=d(-45), summary="采纳 5 条")
    services.decision_argue(actor=w.office, decision=dec, experts="张教授、李研究员", note="方案可行", on=d(-40))
    services.decision_assess_risk(actor=w.office, decision=dec, level="medium", note="风险可控", on=d(-35))
    return fresh(dec)


def test_the_whole_life_cycle(w):
    dec = to_risk(w)
    meeting = intake_selectors.meeting_get(actor=w.office, pk=dec.participation_meeting_id)
    assert dec.title in meeting.title
    assert selectors.participation_opinions(dec, actor=w.office) == 0
    review = services.decision_request_review(actor=w.office, decision=dec, on=d(-30))
    services.legal_review_record(actor=w.reviewer, review=review, opinion="amend", reasons="补充过渡期条款",
                                 reviewed_on=d(-25), **ASPECTS)
    assert fresh(dec).status == S.LEGALITY_REVIEWED
    services.decision_decide(actor=w.office, decision=dec, meeting="委党组会", on=d(-20))
    services.decision_issue(actor=w.office, decision=dec, on=d(-15))
    services.decision_evaluate(actor=w.office, decision=dec, text="实施效果良好", on=d(-1))
    assert fresh(dec).status == S.EVALUATED


@pytest.mark.parametrize("step, message", [
    ("argue", m.DECISION_NO_PARTICIPATION), ("risk", m.DECISION_NO_ARGUMENT), ("review", m.DECISION_NO_RISK),
    ("decide", m.DECISION_NO_LEGAL_REVIEW), ("issue", m.DECISION_NO_LEGAL_REVIEW), ("evaluate", m.DECISION_NOT_ISSUED)])
def test_each_step_refuses_to_be_skipped(w, step, message):
    dec = catalogued(w)
    calls = {
        "argue": lambda: services.decision_argue(actor=w.office, decision=dec, experts="张教授", note="可行"),
        "risk": lambda: services.decision_assess_risk(actor=w.office, decision=dec, level="low", note="可控"),
        "review": lambda: services.decision_request_review(actor=w.office, decision=dec),
        "decide": lambda: services.decision_decide(actor=w.office, decision=dec, meeting="委务会"),
        "issue": lambda: services.decision_issue(actor=w.office, decision=dec),
        "evaluate": lambda: services.decision_evaluate(actor=w.office, decision=dec, text="良好"),
    }
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        calls[step]()
    assert str(message) in e.value.messages
    assert fresh(dec).status == S.CATALOGUED and AuditEntry.objects.count() == before


def test_issuing_without_a_legal_review_is_refused_even_when_forced_to_decided(w):
    dec = to_risk(w)
    MajorDecision.objects.filter(pk=dec.pk).update(status=S.DECIDED, decided_on=d(-2))
    with pytest.raises(ValidationError) as e:
        services.decision_issue(actor=w.office, decision=dec)
    assert e.value.messages == [str(m.DECISION_NO_LEGAL_REVIEW)]
    assert fresh(dec).issued_on is None


def test_rejected_review_keeps_it_from_the_collective_decision(w):
    dec = to_risk(w)
    review = services.decision_request_review(actor=w.office, decision=dec, on=d(-30))
    services.legal_review_record(actor=w.reviewer, review=review, opinion="reject", reasons="缺乏上位法依据", **ASPECTS)
    assert fresh(dec).status == S.RISK_ASSESSED
    with pytest.raises(ValidationError):
        services.decision_decide(actor=w.office, decision=dec, meeting="委务会")
    # it may be sent again
    services.decision_request_review(actor=w.office, decision=dec)
    assert LegalReview.objects.filter(decision=dec).count() == 2


def test_participation_period_order(w):
    dec = catalogued(w)
    with pytest.raises(ValidationError) as e:
        services.decision_participation(actor=w.office, decision=dec, date_from=d(-1), date_to=d(-5))
    assert m.PARTICIPATION_PERIOD in e.value.messages
    assert fresh(dec).participation_meeting_id is None

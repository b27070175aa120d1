"""问责: a problem not rectified by its deadline after a red notice is referred for accountability
by the office, and the outcome recorded. Dates are fixed and passed in; the page test travels to
a fixed day."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.ledger import accountability as acc
from fazhi.ledger import services
from fazhi.ledger.choices import AccountabilityOutcome, Tier
from fazhi.ledger.models import AccountabilityReferral

pytestmark = pytest.mark.django_db
AFTER = dt.date(2026, 10, 12)  # the deadline below is 30 September


def test_referral_needs_a_red_notice_and_a_passed_deadline(tree, make_problem):
    problem = make_problem(found_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 9, 30))
    with pytest.raises(ValidationError) as err:
        acc.accountability_refer(actor=tree.office, problem=problem, reason="逾期未改", referred_to="纪检监察组", day=AFTER)
    assert err.value.messages == [str(acc.NOT_AFTER_RED)]
    services.notice_issue(actor=tree.office, problem=problem, tier=Tier.YELLOW, reason="加快", day=dt.date(2026, 10, 1))
    assert acc.referable_reason(problem, AFTER) == str(acc.NOT_AFTER_RED)
    services.notice_issue(actor=tree.office, problem=problem, tier=Tier.RED, reason="仍未整改", day=dt.date(2026, 10, 8))
    assert "尚未届满" in acc.referable_reason(problem, dt.date(2026, 9, 20))
    with pytest.raises(PermissionDenied):
        acc.accountability_refer(actor=tree.liaison, problem=problem, reason="x", referred_to="y", day=AFTER)
    with pytest.raises(ValidationError):
        acc.accountability_refer(actor=tree.office, problem=problem, reason=" ", referred_to="纪检监察组", day=AFTER)
    assert not AccountabilityReferral.objects.exists()

    referral = acc.accountability_refer(actor=tree.office, problem=problem, reason="红色督办后仍逾期未整改",
                                        referred_to="驻委纪检监察组", day=AFTER)
    assert referral.notice.tier == Tier.RED and referral.outcome == AccountabilityOutcome.PENDING
    assert AuditEntry.objects.filter(action="accountability_referral.refer").count() == 1
    with pytest.raises(ValidationError):  # one pending referral per problem
        acc.accountability_refer(actor=tree.office, problem=problem, reason="再次", referred_to="组织科", day=AFTER)

    acc.accountability_decide(actor=tree.office, referral=referral, outcome=AccountabilityOutcome.CRITICISM,
                              note="对分管院长通报批评。", day=dt.date(2026, 10, 20))
    referral.refresh_from_db()
    assert (referral.outcome, referral.decided_on) == (AccountabilityOutcome.CRITICISM, dt.date(2026, 10, 20))
    with pytest.raises(ValidationError):
        acc.accountability_decide(actor=tree.office, referral=referral, outcome=AccountabilityOutcome.EXEMPT)
    assert "通报批评" in problem.events.last().text


def test_referral_from_the_problem_page(client, tree, make_problem):
    problem = make_problem(found_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 9, 30))
    services.notice_issue(actor=tree.office, problem=problem, tier=Tier.RED, reason="仍未整改", day=dt.date(2026, 10, 8))
    client.force_login(tree.office)
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, 0), tick=False):
        html = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
        assert 'id="accountability"' in html and "移交问责" in html
        client.post(reverse("ledger:accountability", args=[problem.pk]), {"reason": "逾期未整改", "referred_to": "纪检监察组"})
        referral = AccountabilityReferral.objects.get()
        client.post(reverse("ledger:accountability", args=[problem.pk]),
                    {"referral": referral.pk, "outcome": AccountabilityOutcome.TALK, "note": "诫勉谈话"})
    referral.refresh_from_db()
    assert referral.outcome == AccountabilityOutcome.TALK
    client.force_login(tree.liaison)
    r = client.post(reverse("ledger:accountability", args=[problem.pk]), {"reason": "x", "referred_to": "y"})
    assert r.status_code == 403

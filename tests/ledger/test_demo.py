import io

import pytest

from fazhi.ledger.choices import NoticeStatus, ProblemStatus, Tier
from fazhi.ledger.demo import load_demo
from fazhi.ledger.models import Problem, RectificationPlan, SupervisionNotice

pytestmark = pytest.mark.django_db


def test_demo_covers_every_status_and_tier_and_is_idempotent(demo):
    first, _printed = demo.loaded["fazhi.ledger.demo"]
    assert first["created"] >= 12
    assert set(Problem.objects.values_list("status", flat=True)) == set(ProblemStatus.values)
    active = set(SupervisionNotice.objects.filter(status=NoticeStatus.ACTIVE).values_list("tier", flat=True))
    assert active == set(Tier.values)
    assert Problem.objects.filter(four_nots=True).count() == 1
    assert set(RectificationPlan.objects.values_list("kind", flat=True)) == {"overall", "special", "institution"}
    from fazhi.ledger.models import AccountabilityReferral

    # The demo ledger is its campaign's; a public complaint turned into a problem comes without one.
    assert not Problem.objects.filter(campaign__isnull=True).exclude(source_type="intake.submission").exists()
    assert AccountabilityReferral.objects.filter(notice__tier=Tier.RED).count() >= 1
    # Seed 004's ledger: the 群众路线 campaign's, of the three entry types, its plans reviewed.
    from fazhi.campaigns.models import Campaign
    from fazhi.ledger.choices import EntryType, PlanReview
    from fazhi.ledger.demo import SEED_004_TITLE

    c004 = Campaign.objects.get(title=SEED_004_TITLE)
    ledger = Problem.objects.filter(campaign=c004)
    assert set(ledger.values_list("entry_type", flat=True)) == set(EntryType.values)
    assert set(ledger.values_list("status", flat=True)) == set(ProblemStatus.values)
    special = ledger.filter(entry_type=EntryType.CAMPAIGN)
    assert special.exclude(lead_department="").exists() and special.filter(checked_on__isnull=False, evaluation="").exists()
    assert special.filter(status=ProblemStatus.CLOSED).exclude(evaluation="").exists()
    assert ledger.filter(status=ProblemStatus.EXPLAINED).exclude(explanation="").count() >= 2
    assert ledger.filter(is_published=True, status=ProblemStatus.EXPLAINED).exists()
    assert ledger.filter(is_published=True).exclude(status=ProblemStatus.EXPLAINED).count() >= 3
    filed = RectificationPlan.objects.filter(filed_at__isnull=False)
    assert set(filed.values_list("review_status", flat=True)) == set(PlanReview.values)
    assert RectificationPlan.objects.filter(filed_at__isnull=True).exists()  # a draft not yet filed
    assert RectificationPlan.objects.filter(review_status=PlanReview.PENDING, revision=2).exclude(review_reason="").exists()
    # nothing reported done under a plan the office has not approved
    assert not Problem.objects.filter(plan__isnull=False, status__in=["reported", "accepted", "closed"]).exclude(
        plan__review_status=PlanReview.APPROVED).exists()
    # the found dates are the days before the demo was loaded
    from fazhi.core.workdays import today as local_today

    assert not ledger.filter(found_on__gt=local_today()).exists()
    counts = (Problem.objects.count(), SupervisionNotice.objects.count(), RectificationPlan.objects.count())
    again = load_demo(stdout=io.StringIO())
    assert again["created"] == 0
    assert counts == (Problem.objects.count(), SupervisionNotice.objects.count(), RectificationPlan.objects.count())

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
    counts = (Problem.objects.count(), SupervisionNotice.objects.count(), RectificationPlan.objects.count())
    again = load_demo(stdout=io.StringIO())
    assert again["created"] == 0
    assert counts == (Problem.objects.count(), SupervisionNotice.objects.count(), RectificationPlan.objects.count())

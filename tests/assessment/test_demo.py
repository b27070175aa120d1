"""The demo round on the demo campaign: every stage filled, nominations within quotas, published."""

import io

import pytest

from fazhi.assessment import demo as assessment_demo, quotas
from fazhi.assessment.choices import AssessmentStatus, NominationStatus, RoundStatus
from fazhi.assessment.models import AssessmentRound, ItemScore, Nomination, Rubric
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo):
    """The assessment demo's first load (in the run's shared demo) and what it printed."""
    return demo.loaded["fazhi.assessment.demo"]


def test_every_stage_is_filled_and_the_round_is_published(loaded):
    first, text = loaded
    assert first.created and "考评演示数据" in text
    rnd = AssessmentRound.objects.get(pk=first.round_id)
    assert rnd.status == RoundStatus.PUBLISHED and rnd.circular_number
    assert [s.name for s in rnd.stages.all()] == ["自评", "县级初评", "市级复评"]
    assert rnd.assessments.count() == 3 * 19
    assert not rnd.assessments.exclude(status=AssessmentStatus.SUBMITTED).exists()
    assert ItemScore.objects.filter(assessment__round=rnd).count() > 19 * 15 * 4
    assert rnd.assessments.filter(vetoed=True).count() == 1
    assert Rubric.objects.filter(code__in=["demo-admin-dept", "demo-institution", "demo-window"]).count() == 3


def test_nominations_within_quotas_and_selection_within_the_system_quota(loaded):
    rnd = AssessmentRound.objects.get(pk=loaded[0].round_id)
    # At most the system quota of 10 windows; fewer since the pass mark is enforced on nomination and
    # the demo's scores come from the rubrics read through the reader.
    assert 1 <= Nomination.objects.filter(round=rnd, status=NominationStatus.SELECTED).count() <= 10
    assert Nomination.objects.filter(round=rnd, status=NominationStatus.DECLINED).exists()
    overview = quotas.quota_overview(rnd)
    # The county quota of seed 002 (各县（市、区）2 windows) is one row on the commission counted for each
    # of its six county bureaus (not its 科室, window or directly affiliated units); the caps hold for
    # each of them, and the minimum (委直单位至少1个) is reached.
    counted = {use.scope for use in overview if use.quota.per_child}
    assert counted == set(Unit.objects.filter(parent=rnd.campaign.issuer, kind=UnitKind.ADMIN_DEPT))
    assert len(counted) == 6
    for use in overview:
        if use.quota.caps:
            assert use.used <= use.quota.count, use.describe()
        else:
            assert use.used >= use.quota.count and not use.short, use.describe()


def test_loading_twice_duplicates_nothing(loaded):
    again = assessment_demo.load_demo(stdout=io.StringIO())
    assert not again.created and again.round_id == loaded[0].round_id
    # One round on the demo campaign (the three-year campaign of seed 000 has its yearly rounds besides).
    campaign = AssessmentRound.objects.get(pk=loaded[0].round_id).campaign
    assert AssessmentRound.objects.filter(campaign=campaign).count() == 1
    assert Rubric.objects.count() == 3


def test_the_three_rubrics_of_seed_002_are_read_through_the_rubric_reader(loaded):
    from decimal import Decimal

    from fazhi.assessment.choices import ItemKind
    from fazhi.audit.models import AuditEntry

    for code, categories in (("demo-admin-dept", 9), ("demo-institution", 7), ("demo-window", 5)):
        rubric = Rubric.objects.get(code=code)
        items = list(rubric.items.all())
        top = [i for i in items if i.parent_id is None]
        # the standards' ①–⑨ / ①–⑦ / ①–⑤, then the bonus and the veto sections
        assert len(top) == categories + 2
        assert sum(i.max_points for i in top if i.label) == Decimal("100")
        assert rubric.bonus_cap == Decimal("5")
        assert all(i.rules for i in items if i.kind != ItemKind.CATEGORY)
        assert sum(1 for i in items if i.kind == ItemKind.VETO) == 1
        assert AuditEntry.objects.filter(action="rubric.import", object_id=str(rubric.pk)).exclude(actor=None).exists()
    rnd = AssessmentRound.objects.get(pk=loaded[0].round_id)
    assert ItemScore.objects.filter(assessment__round=rnd).exclude(counts={}).exists()

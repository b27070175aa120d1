"""Rubrics, rounds, assessments, item scores and nominations in the permission suite.

Each target county runs a round of its own (self-assessment, then an inspection) over its
institutions; the target's object is the hospital's. The inspection is not published: until
it is, only the office, the leaders and the inspectors read its assessments and scores."""

import datetime as dt
from decimal import Decimal

import pytest

from django.urls import reverse

from fazhi.assessment import quotas, services, targets
from fazhi.assessment.choices import AssessmentKind
from fazhi.assessment.models import Assessment, DemoTarget, ItemScore, Nomination, UnitGrade
from fazhi.assessment.selectors import SEE_HIDDEN
from fazhi.assessment.services import ScoreEntry, StageData
from fazhi.campaigns.choices import DemoLevel
from fazhi.campaigns.models import Quota
from fazhi.org.choices import Role, UnitKind
from tests.assessment.conftest import ALL_WORK, small_rubric
from tests.factories import CampaignFactory, PhaseFactory, UnitFactory, person_with_role
from tests.permissions.common import (ACTORS, NOT_ALLOWED, TARGETS, Probe, Resource, _seen, api_action,  # noqa: F401
                                      api_create, api_read, check_case, page_post, page_read, perm_world,
                                      permission_cases)

pytestmark = pytest.mark.django_db


def _round(world, target):
    """The round of the target's county, open, with its quota; cached on the world."""
    key = ("round", target)
    if key not in world.objects:
        county = world.counties[target]
        world.objects["spare", target] = UnitFactory(name=f"{county.name[:3]}中医院", kind=UnitKind.INSTITUTION, parent=county)
        campaign = CampaignFactory(issuer=county, year=2026)
        PhaseFactory(campaign=campaign, name="全程", start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), opens=ALL_WORK)
        rubric = small_rubric(code=f"perm-{target}", kind=UnitKind.INSTITUTION)
        rubric.owner = county
        rubric.save()
        rnd = services.round_create(actor=world.makers[target], campaign=campaign, rubric=rubric, title=f"考评-{target}",
                                    scope=county, stages=[StageData("自评", AssessmentKind.SELF),
                                                          StageData("县级初评", AssessmentKind.INSPECTION)])
        # The small rubric has 10 points: its pass mark (the floor above 限期整改) must lie within reach.
        rnd.grade_bands = [{"min": 8, "grade": "B", "label": "合格"}, {"min": 0, "grade": "C", "label": "限期整改"}]
        rnd.save(update_fields=["grade_bands"])
        services.round_open(actor=world.makers[target], rnd=rnd)
        Quota.objects.create(campaign=campaign, level=DemoLevel.INSTITUTION, count=5, note="各县")
        world.objects[key] = rnd
    return world.objects[key]


def _inspection(world, target, unit=None) -> Assessment:
    return Assessment.objects.get(round=_round(world, target), unit=unit or world.hospitals[target], kind=AssessmentKind.INSPECTION)


def _score(world, target, unit=None):
    assessment = _inspection(world, target, unit)
    inspector = person_with_role(Role.INSPECTOR, world.counties[target], f"perm-scorer-{target}-{assessment.unit_id}").user
    item = assessment.round.rubric.items.get(title="标志")
    (score,) = services.item_scores_save(actor=inspector, assessment=assessment,
                                         entries=[ScoreEntry(item_id=item.pk, points=Decimal("8"), reason="褪色")])
    return score


def _nomination(world, target):
    rnd = _round(world, target)
    nomination = quotas.nomination_create(actor=world.makers[target], rnd=rnd, unit=world.hospitals[target])
    nomination.spare = world.objects["spare", target]  # in the round too, scored, not nominated yet
    _score(world, target, nomination.spare)
    return nomination


def _grade(world, target) -> UnitGrade:
    """A round of its own, scored, closed and published: the hospital's grade in the register."""
    county = world.counties[target]
    campaign = CampaignFactory(issuer=county, year=2026, title=f"分级-{target}")
    PhaseFactory(campaign=campaign, name="全程", start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), opens=ALL_WORK)
    rubric = small_rubric(code=f"perm-grade-{target}", kind=UnitKind.INSTITUTION)
    rnd = services.round_create(actor=world.makers[target], campaign=campaign, rubric=rubric, title=f"分级考评-{target}",
                                scope=county, stages=[StageData("县级初评", AssessmentKind.INSPECTION)])
    services.round_open(actor=world.makers[target], rnd=rnd)
    assessment = Assessment.objects.get(round=rnd, unit=world.hospitals[target])
    inspector = person_with_role(Role.INSPECTOR, county, f"perm-grader-{target}").user
    services.item_scores_save(actor=inspector, assessment=assessment, entries=[
        ScoreEntry(item_id=i.pk, points=i.max_points if i.kind == "standard" else Decimal("0"))
        for i in rubric.items.exclude(kind="category")])
    services.round_close(actor=world.makers[target], rnd=rnd)
    services.round_publish(actor=world.makers[target], rnd=rnd)
    return UnitGrade.objects.get(round=rnd, unit=world.hospitals[target])


def _target(world, target) -> DemoTarget:
    rnd = _round(world, target)
    t = targets.demo_target_create(actor=world.makers[target], campaign=rnd.campaign, unit=world.hospitals[target],
                                   level=DemoLevel.INSTITUTION)
    t.spare = world.objects["spare", target]
    return t


def _rubric_write(client, obj, world, unit):
    """Rubrics are installed and imported through pages; the API has no write method."""
    return _seen(client.post("/api/rubrics/", {"code": "x", "title": "x"}, format="json"))


ANYONE_SIGNED_IN = [a for a in ACTORS if a != "anonymous"]

RESOURCES = [
    Resource("rubrics", make=lambda w, t: _round(w, t).rubric, probes=[
        page_read("assessment:rubric", "assessment:rubrics"),
        api_read("rubrics"),
        Probe("api", "write", _rubric_write, written=lambda w, obj, unit: False),
    ], deviations={(a, "api", "write", t): NOT_ALLOWED for a in ANYONE_SIGNED_IN for t in TARGETS}),
    Resource("rounds", make=_round, probes=[
        page_read("assessment:round", "assessment:rounds"),
        api_read("assessment-rounds"),
    ]),
    Resource("assessments", make=_inspection, probes=[
        page_read("assessment:assessment"),
        api_read("assessments"),
    ], readers=set(SEE_HIDDEN)),
    Resource("item-scores", make=_score, probes=[
        api_read("item-scores"),
        api_create("item-scores", lambda w, obj, unit: {"assessment": obj.assessment_id, "item": obj.item_id, "points": "7",
                                                       "reason": "缺失"},
                   written=lambda w, obj, unit: ItemScore.objects.filter(assessment=obj.assessment, points=Decimal("7")).exists()),
    ], readers=set(SEE_HIDDEN), writers={Role.INSPECTOR}),
    # Written only by publishing a round (tests/assessment/test_grading.py); read on the unit page and the API.
    Resource("unit-grades", make=_grade, probes=[
        page_read("campaigns:unit", arg=lambda obj: obj.unit_id),
        api_read("unit-grades"),
    ]),
    Resource("demo-targets", make=_target, probes=[
        api_read("demo-targets"),
        api_create("demo-targets", lambda w, obj, unit: {"campaign": obj.campaign_id, "unit": obj.spare.pk,
                                                         "level": DemoLevel.INSTITUTION},
                   written=lambda w, obj, unit: DemoTarget.objects.filter(unit=obj.spare).exists()),
        api_action(lambda obj: f"/api/demo-targets/{obj.pk}/withdraw/", lambda w, obj, unit: {},
                   written=lambda w, obj, unit: DemoTarget.objects.filter(pk=obj.pk, withdrawn_at__isnull=False).exists(),
                   op="withdraw"),
        page_post(lambda obj, unit: reverse("assessment:target_withdraw", args=[obj.pk]), lambda w, obj, unit: {},
                  written=lambda w, obj, unit: DemoTarget.objects.filter(pk=obj.pk, withdrawn_at__isnull=False).exists(),
                  op="withdraw"),
    ]),
    Resource("nominations", make=_nomination, probes=[
        api_read("nominations"),
        api_create("nominations", lambda w, obj, unit: {"round": obj.round_id, "unit": obj.spare.pk, "note": "推荐"},
                   written=lambda w, obj, unit: Nomination.objects.filter(round=obj.round, unit=obj.spare).exists()),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

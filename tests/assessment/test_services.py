"""Scoring services: bad input refused with its message and nothing written; phases; freezing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.assessment import messages as m
from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentStatus, RoundStatus
from fazhi.assessment.models import ItemScore
from fazhi.assessment.services import ScoreEntry
from fazhi.assessment.signals import shortfall_found
from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as cm

from .conftest import assessment, full_marks

pytestmark = pytest.mark.django_db


def _msg(err) -> str:
    return " ".join(err.value.messages)


def _entry(w, title, **kw):
    return ScoreEntry(item_id=w.items[title].pk, **kw)


def test_inspector_scores_and_totals_follow(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    services.item_scores_save(actor=w.inspector, assessment=a, entries=full_marks(
        w, 标志={"points": None, "shortfalls": 1, "reason": "标志褪色"}, 推广={"points": 5}))
    a.refresh_from_db()
    # 6 + 50 + 40, bonus 5 capped at 3
    assert (a.base, a.bonus, a.total, a.lost_items, a.vetoed) == (D("96"), D("3"), D("99"), 1, False)
    assert ItemScore.objects.get(assessment=a, item=w.items["标志"]).shortfalls == 1


@pytest.mark.parametrize("entry, message", [
    ({"points": "11"}, m.SCORE_ABOVE_MAX),
    ({"points": "-1"}, m.SCORE_NEGATIVE),
    ({"points": "abc"}, m.SCORE_NOT_NUMBER),
    ({"points": "8"}, m.REASON_REQUIRED),
    ({"points": None}, m.SCORE_REQUIRED),
])
def test_bad_scores_are_refused_and_nothing_is_written(world, entry, message):
    w = world
    a = assessment(w, 1, w.windows[0])
    before = AuditEntry.objects.count()
    good = _entry(w, "宣传栏", points="50")
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[good, _entry(w, "标志", **entry)])
    assert _msg(err) == str(message).format(item=w.items["标志"], points="11", max="10", value=entry.get("points"), lost="2")
    assert not ItemScore.objects.exists()
    assert AuditEntry.objects.count() == before


def test_messages_name_the_item_and_the_limit(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[_entry(w, "标志", points="12")])
    assert _msg(err) == str(m.SCORE_ABOVE_MAX).format(item=w.items["标志"], points="12", max="10")
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[_entry(w, "标志", points="7.5")])
    assert _msg(err) == str(m.REASON_REQUIRED).format(item=w.items["标志"], lost="2.5")


def test_veto_needs_a_reason_and_fails_the_unit(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[_entry(w, "红包", vetoed=True)])
    assert _msg(err) == str(m.VETO_REASON_REQUIRED).format(item=w.items["红包"])
    services.item_scores_save(actor=w.inspector, assessment=a, entries=full_marks(
        w, 红包={"vetoed": True, "reason": "查实收受红包"}))
    a.refresh_from_db()
    assert a.total == D("100") and a.vetoed


def test_team_mean_and_leader(world):
    w = world
    a = assessment(w, 2, w.windows[0])
    services.item_scores_save(actor=w.inspector, assessment=a, entries=[_entry(w, "标志", points="6", reason="褪色")])
    services.item_scores_save(actor=w.inspector2, assessment=a, entries=[_entry(w, "标志", points="10")])
    services.item_scores_save(actor=w.inspector3, assessment=a, entries=[_entry(w, "标志", points="9", reason="偏小")])
    a.refresh_from_db()
    assert a.item_finals[str(w.items["标志"].pk)]["p"] == "8.3"
    a.stage.method = "leader"
    a.stage.save()
    services.assessment_team_set(actor=w.office, assessment=a, leader=w.inspector, team=[w.inspector2, w.inspector3])
    services.item_scores_save(actor=w.inspector2, assessment=a, entries=[_entry(w, "宣传栏", points="50")])
    a.refresh_from_db()
    assert a.item_finals[str(w.items["标志"].pk)]["p"] == "6.0"


def test_team_members_only_once_a_team_is_set(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    services.assessment_team_set(actor=w.office, assessment=a, leader=w.inspector, team=[w.inspector2])
    with pytest.raises(PermissionDenied):
        services.item_scores_save(actor=w.inspector3, assessment=a, entries=[_entry(w, "宣传栏", points="50")])


def test_self_assessment_by_the_units_liaison_only(world):
    w = world
    own, foreign = assessment(w, 0, w.windows[0]), assessment(w, 0, w.windows[3])
    services.item_scores_save(actor=w.liaison, assessment=own, entries=full_marks(w))
    with pytest.raises(PermissionDenied):
        services.item_scores_save(actor=w.liaison, assessment=foreign, entries=full_marks(w))
    with pytest.raises(PermissionDenied):  # an inspector does not self-assess, a liaison does not inspect
        services.item_scores_save(actor=w.inspector, assessment=own, entries=full_marks(w))
    with pytest.raises(PermissionDenied):
        services.item_scores_save(actor=w.liaison, assessment=assessment(w, 1, w.windows[0]), entries=full_marks(w))


def test_a_unit_outside_the_round_is_refused_by_name(world):
    w = world
    with pytest.raises(ValidationError) as err:
        services.assessment_for(rnd=w.round, stage=w.stages[1], unit=w.outside)
    assert _msg(err) == str(m.NOT_IN_ROUND).format(unit=w.outside.name)


def test_an_item_of_another_rubric_is_refused(world):
    from .conftest import small_rubric
    w = world
    other = small_rubric("other").items.exclude(kind="category").first()
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, w.windows[0]),
                                  entries=[ScoreEntry(item_id=other.pk, points="1")])
    assert _msg(err) == str(m.ITEM_NOT_IN_RUBRIC)


def test_submit_needs_every_item_then_freezes_the_assessment(world):
    w = world
    a = assessment(w, 0, w.windows[0])
    services.item_scores_save(actor=w.liaison, assessment=a, entries=full_marks(w)[:2])
    with pytest.raises(ValidationError) as err:
        services.assessment_submit(actor=w.liaison, assessment=a)
    assert _msg(err) == str(m.ASSESSMENT_INCOMPLETE).format(n=3)
    services.item_scores_save(actor=w.liaison, assessment=a, entries=full_marks(w))
    assert services.assessment_submit(actor=w.liaison, assessment=a).status == AssessmentStatus.SUBMITTED
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.liaison, assessment=a, entries=full_marks(w))
    assert _msg(err) == str(m.ASSESSMENT_SUBMITTED)


def test_nothing_changes_after_the_round_is_closed(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    services.round_close(actor=w.office, rnd=w.round)
    for call in (lambda: services.item_scores_save(actor=w.inspector, assessment=a, entries=full_marks(w)),
                 lambda: services.round_open(actor=w.office, rnd=w.round),
                 lambda: services.assessment_team_set(actor=w.office, assessment=a, leader=w.inspector)):
        with pytest.raises(ValidationError) as err:
            call()
        assert _msg(err) == str(m.ROUND_FROZEN)
    assert not ItemScore.objects.exists()
    assert services.round_publish(actor=w.office, rnd=w.round).status == RoundStatus.PUBLISHED


def test_publish_needs_the_round_closed(world):
    with pytest.raises(ValidationError) as err:
        services.round_publish(actor=world.office, rnd=world.round)
    assert _msg(err) == str(m.PUBLISH_NEEDS_CLOSE)


def test_inspection_outside_its_phase_is_refused_with_the_phase_named(world):
    w = world
    phase = w.campaign.phases.get()
    phase.opens = ["self_assessment"]
    phase.save()
    from fazhi.campaigns.models import Phase
    Phase.objects.create(campaign=w.campaign, name="总结完善阶段", start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30),
                         opens=["inspection"])
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, w.windows[0]), entries=full_marks(w),
                                  day=dt.date(2026, 6, 1))
    assert _msg(err) == str(cm.WORK_CLOSED).format(work="督查考评", phases="总结完善阶段（2026年10月1日 至 2026年11月30日）",
                                                   today="2026年6月1日") + str(cm.WORK_OPENS_ON).format(date="2026年10月1日")
    services.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, w.windows[0]), entries=full_marks(w),
                              day=dt.date(2026, 10, 8))


def test_a_shortfall_is_raised_through_the_hook(world):
    w = world
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)
        return "problem-1"

    shortfall_found.connect(receiver)
    try:
        a = assessment(w, 1, w.windows[0])
        with pytest.raises(ValidationError):
            services.shortfall_raise(actor=w.inspector, assessment=a, item=w.items["标志"], description=" ")
        # The problem ledger answers the same signal with the Problem it registered.
        answers = services.shortfall_raise(actor=w.inspector, assessment=a, item=w.items["标志"],
                                           description="未张挂示范窗口标志")
        assert "problem-1" in answers
        assert any(getattr(x, "description", None) == "未张挂示范窗口标志" for x in answers)
    finally:
        shortfall_found.disconnect(receiver)
    assert received[0]["item"] == w.items["标志"] and received[0]["assessment"] == a
    assert received[0]["description"] == "未张挂示范窗口标志"

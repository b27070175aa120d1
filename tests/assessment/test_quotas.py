"""Nomination up to each county's quota, selection within the system-wide quota."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.assessment import messages as m
from fazhi.assessment import quotas, services
from fazhi.assessment.choices import NominationStatus
from fazhi.assessment.models import Nomination

from .conftest import assessment, full_marks

pytestmark = pytest.mark.django_db


def _score_all(w, stage=1, **over):
    for unit in w.windows:
        services.item_scores_save(actor=w.inspector, assessment=assessment(w, stage, unit), entries=full_marks(w, **over))


def _msg(err):
    return " ".join(err.value.messages)


def test_a_county_nominates_up_to_its_quota_and_is_told_by_how_much(world):
    w = world
    _score_all(w)
    county = w.counties[0]
    a, b, c = w.windows[:3]
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=a)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=b)
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=c)
    assert _msg(err) == str(m.QUOTA_EXCEEDED).format(quota=f"“{county.name}”示范窗口", count=2, used=2, adding=1, over=1,
                                                      verb="推荐")
    assert Nomination.objects.count() == 2
    # the other county's quota is its own
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[3])


def test_a_declined_nomination_frees_its_place(world):
    w = world
    _score_all(w)
    n1 = quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[1])
    quotas.nomination_decline(actor=w.office, nomination=n1)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[2])


def test_selection_within_the_system_quota_all_or_nothing(world):
    w = world
    _score_all(w)
    noms = [quotas.nomination_create(actor=w.office, rnd=w.round, unit=u) for u in
            (w.windows[0], w.windows[1], w.windows[3], w.windows[4])]
    with pytest.raises(ValidationError) as err:
        quotas.nominations_select(actor=w.office, nominations=noms)
    assert _msg(err) == str(m.QUOTA_EXCEEDED).format(quota="全系统示范窗口", count=3, used=0, adding=4, over=1, verb="评选")
    assert not Nomination.objects.filter(status=NominationStatus.SELECTED).exists()
    selected = quotas.nominations_select(actor=w.office, nominations=noms[:2])
    assert {n.title for n in selected} == {"2026年度法治创建示范窗口"} and selected[0].year == 2026
    with pytest.raises(ValidationError) as err:
        quotas.nominations_select(actor=w.office, nominations=noms[2:])
    assert _msg(err) == str(m.QUOTA_EXCEEDED).format(quota="全系统示范窗口", count=3, used=2, adding=2, over=1, verb="评选")
    quotas.nominations_select(actor=w.office, nominations=noms[2:3])
    with pytest.raises(ValidationError) as err:
        quotas.nominations_select(actor=w.office, nominations=noms[:1])
    assert _msg(err) == str(m.NOMINATION_NOT_PENDING).format(unit=noms[0].unit.name)


def test_vetoed_or_unscored_units_cannot_be_nominated(world):
    w = world
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    assert _msg(err) == str(m.NOMINATION_NO_RESULT).format(unit=w.windows[0].name)
    services.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, w.windows[0]),
                              entries=full_marks(w, 红包={"vetoed": True, "reason": "查实"}))
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    assert _msg(err) == str(m.NOMINATION_VETOED).format(unit=w.windows[0].name)
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.counties[0])
    assert _msg(err) == str(m.NOT_IN_ROUND).format(unit=w.counties[0].name)


def test_only_the_office_nominates_and_selects(world):
    w = world
    _score_all(w)
    with pytest.raises(PermissionDenied):
        quotas.nomination_create(actor=w.liaison, rnd=w.round, unit=w.windows[0])
    n = quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    with pytest.raises(PermissionDenied):
        quotas.nominations_select(actor=w.inspector, nominations=[n])


def test_no_nomination_once_the_round_is_closed(world):
    w = world
    _score_all(w)
    n = quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    services.round_close(actor=w.office, rnd=w.round)
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[1])
    assert _msg(err) == str(m.ROUND_FROZEN)
    with pytest.raises(ValidationError):
        quotas.nominations_select(actor=w.office, nominations=[n])


def test_quota_overview(world):
    w = world
    _score_all(w)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    uses = quotas.quota_overview(w.round)
    assert [(u.describe(), u.quota.count, u.used) for u in uses] == [
        ("全系统示范窗口", 3, 0), (f"“{w.counties[0].name}”示范窗口", 2, 1), (f"“{w.counties[1].name}”示范窗口", 2, 0)]


def test_per_child_quota_counts_each_child_separately(world):
    from fazhi.campaigns.choices import DemoLevel
    from fazhi.campaigns.models import Quota

    w = world
    Quota.objects.filter(scope__isnull=False).delete()
    Quota.objects.create(campaign=w.campaign, level=DemoLevel.WINDOW, scope=w.city, per_child=True, count=1)
    _score_all(w)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[3])
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[1])
    assert "超出 1 个" in _msg(err) and w.counties[0].name in _msg(err)


def test_nomination_service_enforces_the_pass_mark(world):
    """「推荐考评合格的」: a unit graded in the lowest band (限期整改) cannot be nominated."""
    from fazhi.assessment import messages as am
    from fazhi.assessment import quotas as q
    from tests.assessment.conftest import assessment, full_marks
    from fazhi.assessment import services as s

    w = world
    assert q.pass_mark(w.round) == 80  # default bands: 优秀 90, 良好 80, 限期整改 0
    weak, strong = w.windows[0], w.windows[1]
    s.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, weak), entries=full_marks(w, 宣传栏={"points": "20", "reason": "缺失"}))
    s.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, strong), entries=full_marks(w))
    with pytest.raises(ValidationError) as err:
        q.nomination_create(actor=w.office, rnd=w.round, unit=weak)
    assert err.value.messages == [str(am.NOMINATION_BELOW_PASS).format(unit=weak.name, total="70.0", mark=80)]
    assert q.nomination_create(actor=w.office, rnd=w.round, unit=strong).unit == strong

"""Quotas as the seed writes them: 「至少1个」 a minimum a scope must reach (shown short, in the
deadline colours, never refusing), 「1个」 / 「不超过」 a cap (refusing), an exact number both;
progress shown as 「推荐 2 / 至少 1」 on the round, nominations and campaign pages; the pass
mark enforced by the nomination service; 争创示范 targets recorded on units."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.assessment import messages as m
from fazhi.assessment import quotas, selectors, targets
from fazhi.assessment.models import DemoTarget, Nomination
from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import DemoLevel, QuotaKind
from fazhi.campaigns.models import Quota
from fazhi.core.colours import AMBER, GREEN, RED

from tests.factories import CampaignFactory

from .conftest import assessment, full_marks
from .test_quotas import _msg, _score_all

pytestmark = pytest.mark.django_db


def _county_quota(w, i=0):
    return Quota.objects.get(campaign=w.campaign, scope=w.counties[i])


def test_a_minimum_refuses_nothing_a_cap_and_an_exact_number_refuse(world):
    w = world
    _score_all(w)
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    for unit in w.windows[:3]:  # 至少 1: a county may nominate more than one
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=unit)
    Quota.objects.filter(pk=_county_quota(w, 1).pk).update(kind=QuotaKind.EXACT, count=1)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[3])
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[4])
    assert _msg(err) == str(m.QUOTA_EXCEEDED).format(quota=f"“{w.counties[1].name}”示范窗口", count=1, used=1, adding=1,
                                                      over=1, verb="推荐")
    assert Nomination.objects.count() == 4


def test_a_system_wide_minimum_does_not_cap_the_selection(world):
    w = world
    _score_all(w)
    Quota.objects.filter(scope__isnull=True).update(kind=QuotaKind.MINIMUM, count=1)
    noms = [quotas.nomination_create(actor=w.office, rnd=w.round, unit=u) for u in (w.windows[0], w.windows[3])]
    assert len(quotas.nominations_select(actor=w.office, nominations=noms)) == 2


def test_progress_reads_as_the_seed_writes_it(world):
    w = world
    _score_all(w)
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    Quota.objects.filter(pk=_county_quota(w, 1).pk).update(count=1)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[1])
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[3])
    uses = {u.describe(): u for u in quotas.quota_overview(w.round)}
    assert uses[f"“{w.counties[0].name}”示范窗口"].progress == "推荐 2 / 至少 1"
    assert uses[f"“{w.counties[1].name}”示范窗口"].progress == "推荐 1 / 上限 1"
    assert uses["全系统示范窗口"].progress == "评选 0 / 上限 3"
    assert {u.colour for u in uses.values()} == {GREEN}


@pytest.mark.parametrize("end, colour", [(dt.date(2026, 12, 3), AMBER), (dt.date(2026, 12, 1), RED),
                                         (dt.date(2027, 3, 1), AMBER)])
def test_a_minimum_not_reached_is_amber_while_nominations_are_open_and_red_past_them(world, end, colour):
    """Today is 2026-12-02: a shortfall is never green; red once the last day of nomination work has passed."""
    w = world
    w.campaign.phases.update(end=end)
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    (use,) = [u for u in quotas.quota_overview(w.round) if u.scope == w.counties[0]]
    assert (use.used, use.short, use.colour) == (0, 1, colour)


def test_round_and_nominations_pages_show_the_shortfall_in_colour(client, world):
    w = world
    w.campaign.phases.update(end=dt.date(2026, 12, 1))  # nomination work is over: a minimum not reached is red
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    client.force_login(w.office)
    for name in ("assessment:round", "assessment:nominations"):
        html = client.get(reverse(name, args=[w.round.pk])).content.decode()
        assert '<span class="badge colour-red quota-progress">推荐 0 / 至少 1</span>' in html, name
        assert "差 1 个" in html and "推荐 0 / 上限 2" in html


def test_campaign_page_shows_progress_and_the_units_striving(client, world):
    w = world
    w.campaign.phases.update(end=dt.date(2026, 12, 3))
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=w.windows[2], level=DemoLevel.WINDOW)
    client.force_login(w.office)
    html = client.get(reverse("campaigns:detail", args=[w.campaign.pk])).content.decode()
    assert '<span class="badge colour-amber quota-progress">推荐 0 / 至少 1</span>' in html
    assert 'id="demo-targets"' in html and w.windows[2].name in html and "争创中" in html


def test_the_pass_mark_is_enforced_by_the_service_nothing_written(world):
    w = world
    weak = w.windows[0]
    from fazhi.assessment import services
    services.item_scores_save(actor=w.inspector, assessment=assessment(w, 1, weak),
                              entries=full_marks(w, 宣传栏={"points": "20", "reason": "缺失"}))
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        quotas.nomination_create(actor=w.office, rnd=w.round, unit=weak)
    assert _msg(err) == str(m.NOMINATION_BELOW_PASS).format(unit=weak.name, total="70.0", mark=80)
    assert "低于合格线" in _msg(err)
    assert Nomination.objects.count() == 0 and AuditEntry.objects.count() == audits


# --- 争创示范 ------------------------------------------------------------------------------------

def test_a_unit_strives_and_its_outcome_follows_the_nominations(world):
    w = world
    _score_all(w)
    unit = w.windows[0]
    t = targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=unit, level=DemoLevel.WINDOW, note="重点培养")
    assert AuditEntry.objects.filter(action="demo_target.create", object_id=str(t.pk)).exists()
    row = selectors.demo_target_list(actor=w.office, filters={"unit": unit}).get()
    assert (row.nominated, row.selected) == (False, False)
    n = quotas.nomination_create(actor=w.office, rnd=w.round, unit=unit)
    quotas.nominations_select(actor=w.office, nominations=[n])
    row = selectors.demo_target_list(actor=w.office, filters={"unit": unit}).get()
    assert (row.nominated, row.selected) == (True, True)


def test_bad_targets_are_refused_in_chinese_nothing_written(world):
    w = world
    unit = w.windows[0]
    with pytest.raises(ValidationError) as err:
        targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=unit, level=DemoLevel.INSTITUTION)
    assert _msg(err) == str(m.TARGET_LEVEL_MISMATCH).format(unit=unit.name, kind="窗口", level="示范机构")
    county_campaign = CampaignFactory(issuer=w.counties[1], title="县级活动")
    with pytest.raises(ValidationError) as err:
        targets.demo_target_create(actor=w.office, campaign=county_campaign, unit=unit, level=DemoLevel.WINDOW)
    assert _msg(err) == str(m.TARGET_OUTSIDE_CAMPAIGN).format(unit=unit.name, title="县级活动")
    with pytest.raises(PermissionDenied):
        targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=w.outside, level=DemoLevel.WINDOW)
    with pytest.raises(PermissionDenied):
        targets.demo_target_create(actor=w.liaison, campaign=w.campaign, unit=unit, level=DemoLevel.WINDOW)
    assert not DemoTarget.objects.exists()
    t = targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=unit, level=DemoLevel.WINDOW)
    with pytest.raises(ValidationError) as err:
        targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=unit, level=DemoLevel.WINDOW)
    assert _msg(err) == str(m.TARGET_DUPLICATE).format(unit=unit.name, level="示范窗口")
    targets.demo_target_withdraw(actor=w.office, target=t)
    with pytest.raises(ValidationError):
        targets.demo_target_withdraw(actor=w.office, target=t)
    targets.demo_target_create(actor=w.office, campaign=w.campaign, unit=unit, level=DemoLevel.WINDOW)  # again, after withdrawal
    assert DemoTarget.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_unit_page_records_and_shows_a_target(client, world):
    w = world
    unit = w.windows[0]
    client.force_login(w.office)
    html = client.get(reverse("campaigns:unit", args=[unit.pk])).content.decode()
    assert 'id="unit-targets"' in html and "未登记争创目标" in html and "登记争创示范窗口" in html
    response = client.post(reverse("assessment:target_create"), {"unit": unit.pk, "campaign": w.campaign.pk,
                                                                 "level": DemoLevel.WINDOW})
    assert response.status_code == 302
    html = client.get(reverse("campaigns:unit", args=[unit.pk])).content.decode()
    assert "争创示范窗口" in html and "争创中" in html and w.campaign.title in html


# --- API ----------------------------------------------------------------------------------------

def test_api_carries_kinds_progress_and_targets(client, world):
    w = world
    w.campaign.phases.update(end=dt.date(2026, 12, 1))
    Quota.objects.filter(pk=_county_quota(w).pk).update(kind=QuotaKind.MINIMUM, count=1)
    client.force_login(w.office)
    rows = client.get("/api/quotas/", {"campaign": w.campaign.pk}).json()["results"]
    assert {r["kind"] for r in rows} == {"minimum", "cap"} and {r["kind_display"] for r in rows} == {"至少", "上限"}
    uses = client.get("/api/quota-uses/", {"campaign": w.campaign.pk}).json()
    county = next(u for u in uses if u["scope"] == w.counties[0].pk)
    assert (county["kind"], county["used"], county["short"], county["colour"], county["progress"]) == (
        "minimum", 0, 1, "red", "推荐 0 / 至少 1")
    assert client.get("/api/quota-uses/").status_code == 400
    created = client.post("/api/demo-targets/", {"campaign": w.campaign.pk, "unit": w.windows[0].pk,
                                                 "level": DemoLevel.WINDOW}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["selected"] is False
    bad = client.post("/api/demo-targets/", {"campaign": w.campaign.pk, "unit": w.windows[0].pk,
                                             "level": DemoLevel.INSTITUTION}, content_type="application/json")
    assert bad.status_code == 400 and "不能争创" in bad.content.decode()
    done = client.post(f"/api/demo-targets/{created.json()['id']}/withdraw/")
    assert done.status_code == 200 and done.json()["withdrawn_at"]
    quota = client.patch(f"/api/quotas/{_county_quota(w).pk}/", {"kind": "exact"}, content_type="application/json")
    assert quota.status_code == 200 and quota.json()["kind"] == "exact"

"""A per-child quota (「各县（市、区）重点培养…」) counts the administrations below its scope, not the
scope's own 科室, windows or directly run institutions; without administrations below, every
child but a 科室 counts."""

import pytest

from fazhi.assessment import quotas
from fazhi.campaigns.choices import DemoLevel
from fazhi.campaigns.models import Quota
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _unit(name, kind, parent=None):
    return Unit.objects.create(name=name, kind=kind, parent=parent)


@pytest.fixture
def city():
    city = _unit("某市卫生健康委", UnitKind.ADMIN_DEPT)
    tree = {
        "office": _unit("政策法规科", UnitKind.OFFICE, city),
        "window": _unit("市政务大厅卫健窗口", UnitKind.WINDOW, city),
        "hospital": _unit("市人民医院", UnitKind.INSTITUTION, city),
        "a": _unit("甲县卫生健康局", UnitKind.ADMIN_DEPT, city),
        "b": _unit("乙县卫生健康局", UnitKind.ADMIN_DEPT, city),
    }
    tree["a_hospital"] = _unit("甲县人民医院", UnitKind.INSTITUTION, tree["a"])
    tree["a_office"] = _unit("甲县局办公室", UnitKind.OFFICE, tree["a"])
    tree["a_window"] = _unit("甲县政务窗口", UnitKind.WINDOW, tree["a"])
    tree["hospital_window"] = _unit("市人民医院门诊窗口", UnitKind.WINDOW, tree["hospital"])
    tree["city"] = city
    return tree


def test_a_per_child_quota_on_the_city_counts_its_counties_only(city):
    campaign = CampaignFactory(issuer=city["city"])
    quota = Quota.objects.create(campaign=campaign, level=DemoLevel.WINDOW, count=2, scope=city["city"], per_child=True)
    rows = quotas.campaign_quota_overview(campaign)
    assert [(u.quota, u.scope) for u in rows] == [(quota, city["a"]), (quota, city["b"])]
    by_path = {u.path: u for u in Unit.objects.all()}
    assert quotas._scope_for(quota, city["a_window"], by_path) == city["a"]
    # A window of the city's own hospital is the city's, not a county's: this quota does not apply.
    assert quotas._scope_for(quota, city["hospital_window"], by_path) is False
    assert quotas._scope_for(quota, city["window"], by_path) is False


def test_the_issuer_wide_per_child_quota_follows_the_same_rule(city):
    campaign = CampaignFactory(issuer=city["city"])
    quota = Quota.objects.create(campaign=campaign, level=DemoLevel.WINDOW, count=2, scope=None, per_child=True)
    assert [u.scope for u in quotas.campaign_quota_overview(campaign)] == [city["a"], city["b"]]
    by_path = {u.path: u for u in Unit.objects.all()}
    assert quotas._scope_for(quota, city["hospital_window"], by_path) is False


def test_without_administrations_below_every_child_but_a_section_counts(city):
    campaign = CampaignFactory(issuer=city["city"])
    Quota.objects.create(campaign=campaign, level=DemoLevel.WINDOW, count=1, scope=city["a"], per_child=True)
    assert {u.scope for u in quotas.campaign_quota_overview(campaign)} == {city["a_hospital"], city["a_window"]}

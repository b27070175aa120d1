"""The plan importer reads how a quota binds from its wording: 至少 / 不少于 → a minimum,
不超过 / 最多 / 限 → a cap, a bare number → a cap, named members → exact; the kind reaches the
draft, the campaign's Quota rows and the quota form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.campaigns.choices import DemoLevel, QuotaKind
from fazhi.campaigns.models import Campaign, Quota
from fazhi.campaigns.planimport import messages as m
from fazhi.campaigns.planimport.draft import build_draft
from fazhi.campaigns.planimport.services import plan_import_create
from fazhi.planparse import parse_text
from fazhi.planparse.extract.quotas import extract_quotas
from fazhi.seeds import seed_text

from .test_planimport import seed_draft, world  # noqa: F401  (fixture)


def test_seed_002_quotas_have_the_kinds_its_words_give():
    quotas = parse_text(seed_text("002")).quotas
    got = sorted((q.what, q.count, q.per_unit, q.scope.startswith("委直"), q.kind) for q in quotas)
    assert got == sorted([
        ("示范行政部门", 1, False, False, "cap"), ("示范机构", 3, False, False, "cap"), ("示范窗口", 10, False, False, "cap"),
        ("示范行政部门", 1, True, False, "cap"), ("示范机构", 1, True, False, "cap"), ("示范窗口", 2, True, False, "cap"),
        ("示范窗口", 1, False, True, "minimum"),  # 委直…至少创建1个法治创建示范窗口
    ])


@pytest.mark.parametrize("sentence, what, count, scope, kind", [
    ("各县（市、区）卫生计生局至少推荐1个法治创建示范窗口参评。", "示范窗口", 1, "各县（市、区）卫生计生局", "minimum"),
    ("各县区至少创建1个示范窗口、2个示范机构。", "示范机构", 2, "各县区", "minimum"),
    ("每个县区推荐示范窗口不超过2个。", "示范窗口", 2, "每个县区", "cap"),
    ("各县区推荐不超过2个示范窗口。", "示范窗口", 2, "各县区", "cap"),
    ("各县区最多推荐2个示范机构。", "示范机构", 2, "各县区", "cap"),
    ("各县区限推荐1个示范行政部门。", "示范行政部门", 1, "各县区", "cap"),
    ("各县区重点培养1个示范行政部门。", "示范行政部门", 1, "各县区", "cap"),
    ("示范窗口不少于3个。", "示范窗口", 3, "全系统", "minimum"),
    ("全市创建3个以上示范窗口。", "示范窗口", 3, "全市", "minimum"),
    ("遴选甲区、乙县、丙县等3个县（区）作为首批试点。", "首批试点", 3, "全系统", "exact"),
])
def test_other_wordings_of_the_same_shape(sentence, what, count, scope, kind):
    found = [q for q in extract_quotas([sentence]) if q.what == what]
    assert [(q.count, q.scope, q.kind) for q in found][-1:] == [(count, scope, kind)]


@pytest.mark.django_db
def test_import_sets_the_kind_on_each_quota(world):  # noqa: F811
    draft = seed_draft()
    assert {q["kind"] for q in draft["quotas"]} == {"cap", "minimum"}
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    rows = sorted((q.level, q.count, q.per_child, q.kind) for q in campaign.quotas.all())
    assert (DemoLevel.WINDOW, 1, False, QuotaKind.MINIMUM) in rows
    assert (DemoLevel.WINDOW, 2, True, QuotaKind.CAP) in rows and (DemoLevel.WINDOW, 10, False, QuotaKind.CAP) in rows
    assert sum(1 for r in rows if r[3] == QuotaKind.MINIMUM) == 1


@pytest.mark.django_db
def test_a_draft_with_an_unknown_kind_is_refused_nothing_written(world):  # noqa: F811
    draft = seed_draft()
    draft["quotas"][0]["kind"] = "maybe"
    with pytest.raises(ValidationError) as err:
        plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert err.value.messages == [str(m.QUOTA_KIND_INVALID).format(n=1)]
    assert not Campaign.objects.exists() and not Quota.objects.exists()
    draft["quotas"][0].pop("kind")  # a draft from before kinds existed: a cap
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert campaign.quotas.filter(kind=QuotaKind.CAP).exists()


@pytest.mark.django_db
def test_the_quota_form_takes_a_kind_and_the_draft_carries_it(world, client):  # noqa: F811
    client.force_login(world["office"])
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=seed_draft())
    response = client.post(reverse("campaigns:quota_add", args=[campaign.pk]),
                           {"level": DemoLevel.INSTITUTION, "kind": QuotaKind.MINIMUM, "count": 2})
    assert response.status_code == 302
    assert Quota.objects.filter(campaign=campaign, level=DemoLevel.INSTITUTION, count=2, kind=QuotaKind.MINIMUM).exists()
    assert build_draft(parse_text("各县区至少推荐1个示范窗口。").to_dict())["quotas"][0]["kind"] == "minimum"

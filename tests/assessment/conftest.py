import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentKind, ItemKind, TeamMethod
from fazhi.assessment.models import Assessment
from fazhi.assessment.services import ItemData, StageData
from fazhi.campaigns.choices import DemoLevel, WorkKind
from fazhi.campaigns.models import Quota
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, UnitFactory, person_with_role

ALL_WORK = [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION]


def small_rubric(code="small", kind=UnitKind.WINDOW, bonus_cap=Decimal("3")):
    """Two categories (60 + 40), a bonus of 5 capped at 3, one veto."""
    items = [
        ItemData(ItemKind.CATEGORY, "宣传", label="①", children=[
            ItemData(ItemKind.STANDARD, "标志", max_points=Decimal("10"), deduction=Decimal("4")),
            ItemData(ItemKind.STANDARD, "宣传栏", max_points=Decimal("50"), deduction=Decimal("5")),
        ]),
        ItemData(ItemKind.CATEGORY, "学习", label="②", children=[
            ItemData(ItemKind.STANDARD, "制度", max_points=Decimal("40")),
        ]),
        ItemData(ItemKind.BONUS, "推广", max_points=Decimal("5")),
        ItemData(ItemKind.VETO, "红包"),
    ]
    # An installation-wide rubric: written by an administrator (the service refuses anyone else).
    admin, _ = get_user_model().objects.get_or_create(username="rubric-admin", defaults={"is_superuser": True})
    return services.rubric_import(actor=admin, code=code, title=f"细则{code}", unit_kind=kind, items=items,
                                  bonus_cap=bonus_cap)


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.city = UnitFactory(name="市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    w.counties = [UnitFactory(name=f"县局{i}", kind=UnitKind.ADMIN_DEPT, parent=w.city) for i in range(2)]
    w.windows = [UnitFactory(name=f"县{c}窗口{j}", kind=UnitKind.WINDOW, parent=county)
                 for c, county in enumerate(w.counties) for j in range(3)]
    w.outside = UnitFactory(name="外市窗口", kind=UnitKind.WINDOW)
    w.campaign = CampaignFactory(issuer=w.city, year=2026)
    PhaseFactory(campaign=w.campaign, name="全程", start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31), opens=ALL_WORK)
    w.office = person_with_role(Role.OFFICE, w.city, "office-t").user
    w.inspector = person_with_role(Role.INSPECTOR, w.city, "insp-a").user
    w.inspector2 = person_with_role(Role.INSPECTOR, w.city, "insp-b").user
    w.inspector3 = person_with_role(Role.INSPECTOR, w.city, "insp-c").user
    w.liaison = person_with_role(Role.LIAISON, w.counties[0], "lly-t").user
    w.other_liaison = person_with_role(Role.LIAISON, w.counties[1], "lly-o").user
    w.rubric = small_rubric()
    w.items = {i.title: i for i in w.rubric.items.all()}
    w.round = services.round_create(actor=w.office, campaign=w.campaign, rubric=w.rubric, title="示范窗口考评",
                                    scope=w.city, stages=[StageData("自评", AssessmentKind.SELF),
                                                          StageData("县级初评", AssessmentKind.INSPECTION),
                                                          StageData("市级复评", AssessmentKind.INSPECTION, TeamMethod.MEAN)])
    services.round_open(actor=w.office, rnd=w.round)
    w.stages = list(w.round.stages.order_by("order"))
    Quota.objects.create(campaign=w.campaign, level=DemoLevel.WINDOW, count=3, note="全系统")
    for county in w.counties:
        Quota.objects.create(campaign=w.campaign, level=DemoLevel.WINDOW, scope=county, count=2, note="各县")
    return w


def assessment(w, stage_index, unit):
    return Assessment.objects.get(stage=w.stages[stage_index], unit=unit)


def full_marks(w, **over):
    """ScoreEntries giving every item its full points (bonus 0), overridden by title."""
    entries = []
    for title, item in w.items.items():
        if item.kind == ItemKind.CATEGORY:
            continue
        e = services.ScoreEntry(item_id=item.pk, points=item.max_points if item.kind == ItemKind.STANDARD else 0)
        if title in over:
            for k, v in over[title].items():
                setattr(e, k, v)
        entries.append(e)
    return entries

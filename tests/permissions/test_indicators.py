"""The importer's numeric rules waiting for the office's decision (campaigns.PlanRule, decided
as indicators.RuleReview) in the permission suite: the confirmation page is the office's."""

from decimal import Decimal

import pytest

from fazhi.campaigns.models import PlanRule
from fazhi.indicators.models import RuleReview
from fazhi.org.choices import Role
from tests.factories import CampaignFactory
from tests.permissions.common import Resource, check_case, page_list, page_post, perm_world, permission_cases  # noqa: F401

pytestmark = pytest.mark.django_db


def _rule(world, target):
    campaign = CampaignFactory(issuer=world.counties[target], title=f"法治建设活动-{target}")
    return PlanRule.objects.create(campaign=campaign, subject=f"法治专题培训-{target}", op=">=", value=Decimal(2),
                                   unit="期", per="year", text="每年至少举办两期法治专题培训。", line=64)


RESOURCES = [
    Resource("plan-rules", make=_rule, readers={Role.OFFICE}, gate={Role.OFFICE}, probes=[
        page_list("indicators:rules", marker=lambda obj: f'id="rule-{obj.pk}"'),
        page_post(lambda obj, unit: f"/indicators/rules/{obj.pk}/dismiss/",
                  lambda w, obj, unit: {f"d{obj.pk}-reason": "数据无法检查"},
                  written=lambda w, obj, unit: RuleReview.objects.filter(rule=obj).exists(), op="dismiss"),
        page_post(lambda obj, unit: f"/indicators/rules/{obj.pk}/confirm/",
                  lambda w, obj, unit: {f"r{obj.pk}-title": "每年至少两期", f"r{obj.pk}-measure": "learning.trainings",
                                        f"r{obj.pk}-op": ">=", f"r{obj.pk}-threshold": "2", f"r{obj.pk}-period": "year"},
                  written=lambda w, obj, unit: RuleReview.objects.filter(rule=obj).exists(), op="confirm"),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

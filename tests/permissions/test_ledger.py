"""Problems, rectifications and supervision notices in the permission suite."""

import datetime as dt

import pytest

from fazhi.ledger import services
from fazhi.ledger.choices import Tier
from fazhi.ledger.models import Problem, Rectification, SupervisionNotice
from fazhi.org.choices import Role
from tests.permissions.common import (Resource, api_action, api_create, api_read, check_case, page_read, perm_world,  # noqa: F401
                                      permission_cases)

pytestmark = pytest.mark.django_db


def _problem(world, target, text="挂号窗口排长队，群众等候时间过长。"):
    return services.problem_create(actor=world.makers[target], unit=world.hospitals[target], description=text,
                                   found_on=dt.date(2026, 11, 2), measures="增开窗口。", responsible_person="王院长",
                                   deadline=dt.date(2026, 12, 31))


def _notice(world, target):
    problem = _problem(world, target, "门诊收费不透明，价格未公示。")
    return services.notice_issue(actor=world.makers[target], problem=problem, tier=Tier.BLUE, reason="请加快整改。")


RESOURCES = [
    Resource("problems", make=_problem, probes=[
        page_read("ledger:detail", "ledger:list"),
        api_read("problems"),
        api_create("problems", lambda w, obj, unit: {"unit": unit.pk, "description": "候诊区座椅不足，老人久站。"},
                   written=lambda w, obj, unit: Problem.objects.filter(unit=unit, description="候诊区座椅不足，老人久站。").exists()),
    ], writers={Role.OFFICE, Role.INSPECTOR, Role.LIAISON, Role.INTAKE}),  # services.RECORDERS
    Resource("rectifications", make=lambda w, t: _problem(w, t, "药房取药排队时间长。").rectification, probes=[
        api_read("rectifications"),
        api_action(lambda obj: f"/api/problems/{obj.problem_id}/rectification/",
                   lambda w, obj, unit: {"measures": "增设取药窗口。", "responsible_person": "李主任", "deadline": "2026-12-30"},
                   written=lambda w, obj, unit: Rectification.objects.get(pk=obj.pk).measures == "增设取药窗口。", op="set"),
    ], writers={Role.LIAISON, Role.OFFICE}),  # services.HANDLERS
    Resource("notices", make=_notice, probes=[
        api_read("supervision-notices"),
        api_create("supervision-notices", lambda w, obj, unit: {"problem": obj.problem_id, "tier": Tier.YELLOW, "reason": "进度滞后。"},
                   written=lambda w, obj, unit: SupervisionNotice.objects.filter(problem=obj.problem, tier=Tier.YELLOW).exists()),
    ], writers={Role.OFFICE, Role.INSPECTOR}),  # services.SUPERVISORS
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

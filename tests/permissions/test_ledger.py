"""Problems, rectifications, supervision notices and rectification plans in the permission suite,
with the ledger's seed-004 actions: plan review, 已解释说明, 上墙公开, 专项整治 check and evaluation."""

import datetime as dt

import pytest

from fazhi.ledger import services
from django.urls import reverse

from fazhi.ledger.choices import EntryType, Tier
from fazhi.ledger.models import Problem, Rectification, RectificationPlan, SupervisionNotice
from fazhi.org.choices import Role
from tests.permissions.common import (Resource, api_action, api_create, api_read, check_case, page_post, page_read,  # noqa: F401
                                      perm_world, permission_cases)

pytestmark = pytest.mark.django_db


def _problem(world, target, text="挂号窗口排长队，群众等候时间过长。"):
    return services.problem_create(actor=world.makers[target], unit=world.hospitals[target], description=text,
                                   found_on=dt.date(2026, 11, 2), measures="增开窗口。", responsible_person="王院长",
                                   deadline=dt.date(2026, 12, 31))


def _notice(world, target):
    problem = _problem(world, target, "门诊收费不透明，价格未公示。")
    return services.notice_issue(actor=world.makers[target], problem=problem, tier=Tier.BLUE, reason="请加快整改。")


def _plan(world, target):
    plan = services.plan_create(actor=world.makers[target], unit=world.hospitals[target], kind="special",
                                title=f"{world.hospitals[target].name}专项整治方案", text="增开窗口。")
    return services.plan_file(actor=world.makers[target], plan=plan)


def _special(world, target, checked=False):
    problem = services.problem_create(actor=world.makers[target], unit=world.hospitals[target], description="开单提成。",
                                      found_on=dt.date(2026, 11, 2), entry_type=EntryType.CAMPAIGN, measures="取消提成。",
                                      responsible_person="院长", deadline=dt.date(2026, 12, 31))
    if checked:
        services.special_check(actor=world.makers[target], problem=problem, note="已检查。")
    return problem


def _approved(world, obj, unit):
    return RectificationPlan.objects.get(pk=obj.pk).review_status == "approved"


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
    # Reviewed by the office above the plan's unit: the county's office for its hospital.
    Resource("rectification-plans", make=_plan, probes=[
        page_read("ledger:plan", "ledger:plans"),
        api_read("rectification-plans"),
        api_action(lambda obj: f"/api/rectification-plans/{obj.pk}/approve/", lambda w, obj, unit: {"reason": "同意。"},
                   written=_approved, op="approve"),
        page_post(lambda obj, unit: reverse("ledger:plan", args=[obj.pk]), lambda w, obj, unit: {"action": "approve"},
                  written=_approved, op="approve"),
    ]),
    Resource("problem-explanations", make=lambda w, t: _problem(w, t, "要求夜间门诊。"), probes=[
        api_read("problems"),
        api_action(lambda obj: f"/api/problems/{obj.pk}/explain/", lambda w, obj, unit: {"explanation": "条件不许可。"},
                   written=lambda w, obj, unit: Problem.objects.get(pk=obj.pk).status == "explained", op="explain"),
    ]),
    Resource("problem-publications", make=lambda w, t: _problem(w, t, "收费不透明。"), probes=[
        api_read("problems"),
        api_action(lambda obj: f"/api/problems/{obj.pk}/publish/", lambda w, obj, unit: {},
                   written=lambda w, obj, unit: Problem.objects.get(pk=obj.pk).is_published, op="publish"),
        page_post(lambda obj, unit: reverse("ledger:publish", args=[obj.pk]), lambda w, obj, unit: {"action": "publish"},
                  written=lambda w, obj, unit: Problem.objects.get(pk=obj.pk).is_published, op="publish"),
    ], writers={Role.LIAISON, Role.OFFICE}),  # services.HANDLERS: the unit chooses what it publishes
    Resource("special-checks", make=_special, probes=[
        api_read("problems"),
        api_action(lambda obj: f"/api/problems/{obj.pk}/special-check/", lambda w, obj, unit: {"note": "现场检查。"},
                   written=lambda w, obj, unit: Problem.objects.get(pk=obj.pk).check_note == "现场检查。", op="check"),
    ], writers={Role.OFFICE, Role.INSPECTOR}),  # services.SUPERVISORS
    Resource("special-evaluations", make=lambda w, t: _special(w, t, checked=True), probes=[
        api_read("problems"),
        api_action(lambda obj: f"/api/problems/{obj.pk}/special-evaluate/", lambda w, obj, unit: {"evaluation": "good"},
                   written=lambda w, obj, unit: Problem.objects.get(pk=obj.pk).evaluation == "good", op="evaluate"),
    ]),
]
CASES = permission_cases(RESOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_permissions(perm_world, case):
    check_case(perm_world, case)

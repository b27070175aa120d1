"""专项整治: 「牵头部门、具体责任人、检查评估」, and no close-out before the evaluation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import EntryType, Evaluation, ProblemStatus

pytestmark = pytest.mark.django_db


def _done(tree, problem):
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整治。")
    services.completion_report_verify(actor=tree.office, report=problem.reports.get(), accept=True)


def test_lead_check_evaluate_then_close(tree, make_problem):
    problem = make_problem(entry_type=EntryType.CAMPAIGN, lead_department="医务科", lead_person="王院长")
    assert problem.lead_department == "医务科" and problem.is_special
    with pytest.raises(ValidationError) as e:
        services.special_lead_set(actor=tree.liaison, problem=problem, lead_department="", lead_person="李")
    assert str(m.LEAD_REQUIRED) in e.value.messages
    services.special_lead_set(actor=tree.liaison, problem=problem, lead_department="院纪委", lead_person="周书记")
    with pytest.raises(ValidationError) as e:
        services.special_evaluate(actor=tree.office, problem=problem, evaluation=Evaluation.GOOD)
    assert str(m.EVALUATE_BEFORE_CHECK) in e.value.messages
    with pytest.raises(PermissionDenied):
        services.special_check(actor=tree.liaison, problem=problem, note="自查。")
    services.special_check(actor=tree.inspector, problem=problem, note="抽查 6 个科室，已无开单提成。")
    with pytest.raises(PermissionDenied):
        services.special_evaluate(actor=tree.inspector, problem=problem, evaluation=Evaluation.GOOD)
    _done(tree, problem)
    with pytest.raises(ValidationError) as e:
        services.problem_close(actor=tree.office, problem=problem)
    assert str(m.CLOSE_SPECIAL_NOT_EVALUATED) in e.value.messages
    with pytest.raises(ValidationError):
        services.special_evaluate(actor=tree.office, problem=problem, evaluation="excellent")
    services.special_evaluate(actor=tree.office, problem=problem, evaluation=Evaluation.GOOD, note="长效机制已建立。")
    services.problem_close(actor=tree.office, problem=problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.lead_person == "周书记" and problem.checked_by == tree.inspector
    assert problem.evaluation == Evaluation.GOOD and problem.evaluated_by == tree.office
    actions = set(AuditEntry.objects.filter(object_id=str(problem.pk), object_type="ledger.problem").values_list("action", flat=True))
    assert {"problem.special_lead", "problem.special_check", "problem.special_evaluate"} <= actions


def test_only_special_entries_have_them(tree, make_problem):
    problem = make_problem()
    for call in (lambda: services.special_lead_set(actor=tree.office, problem=problem, lead_department="科", lead_person="人"),
                 lambda: services.special_check(actor=tree.office, problem=problem, note="查。")):
        with pytest.raises(ValidationError) as e:
            call()
        assert str(m.NOT_SPECIAL) in e.value.messages
    with pytest.raises(ValidationError):
        make_problem(description="制度缺失。", entry_type=EntryType.SYSTEM, lead_department="办公室")
    # a specific problem closes without any evaluation, as before
    _done(tree, problem)
    services.problem_close(actor=tree.office, problem=problem)


def test_special_pages_and_api(client, tree, make_problem):
    problem = make_problem(entry_type=EntryType.CAMPAIGN)
    client.force_login(tree.inspector)
    assert client.post(reverse("ledger:special_check", args=[problem.pk]), {"check-note": ""}).status_code == 400
    assert client.post(reverse("ledger:special_check", args=[problem.pk]), {"check-note": "现场检查。"}).status_code == 302
    client.force_login(tree.liaison)
    assert client.post(reverse("ledger:special_lead", args=[problem.pk]),
                       {"lead-lead_department": "医务科", "lead-lead_person": "王"}).status_code == 302
    assert client.post(reverse("ledger:special_evaluate", args=[problem.pk]), {"evaluate-evaluation": "good"}).status_code == 403
    page = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert '<dd class="col-sm-4">医务科</dd>' in page and "现场检查。" in page and "尚未评估" in page
    api = APIClient()
    api.force_authenticate(tree.office)
    body = api.post(f"/api/problems/{problem.pk}/special-evaluate/", {"evaluation": "fair", "note": "基本达标"}, format="json").json()
    assert body["evaluation"] == "fair" and body["lead_department"] == "医务科"
    assert api.get("/api/problems/?entry_type=campaign").json()["count"] == 1

"""「因政策不允许或条件不许可的要作好解释说明」: a problem ends 已解释说明, and the explanation
goes back to whoever raised it: the portal's submitter in their case, anyone else in the inbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.intake import services as intake
from fazhi.intake.choices import ReplyStatus
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import ProblemStatus, Tier
from fazhi.ledger.models import Problem
from fazhi.notices.models import Notification

TEXT = "新农合报销目录由省级统一制定，县级无权增补；已将意见上报。"


@pytest.mark.django_db
def test_explain_ends_the_problem_and_tells_the_recorder(tree, django_capture_on_commit_callbacks):
    problem = services.problem_create(actor=tree.inspector, unit=tree.hospital, description="要求将自费药纳入报销。")
    services.notice_issue(actor=tree.office, problem=problem, tier=Tier.BLUE, reason="请尽快答复。")
    with pytest.raises(PermissionDenied):
        services.problem_explain(actor=tree.liaison, problem=problem, explanation=TEXT)
    with pytest.raises(ValidationError) as e:
        services.problem_explain(actor=tree.office, problem=problem, explanation=" ")
    assert str(m.EXPLANATION_REQUIRED) in e.value.messages
    assert Problem.objects.get(pk=problem.pk).status == ProblemStatus.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_explain(actor=tree.office, problem=problem, explanation=TEXT)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.EXPLAINED and problem.explanation == TEXT and problem.explained_by == tree.office
    assert problem.is_finished and not problem.notices.filter(status="active").exists()
    assert Notification.objects.filter(recipient=tree.inspector, text__contains=TEXT[:20]).exists()
    assert AuditEntry.objects.filter(action="problem.explain", object_id=str(problem.pk), actor=tree.office).exists()
    # a finished problem: no more notices, no second explanation; the office may reopen it
    with pytest.raises(ValidationError):
        services.notice_issue(actor=tree.office, problem=problem, tier=Tier.BLUE, reason="再督办。")
    with pytest.raises(ValidationError):
        services.problem_explain(actor=tree.office, problem=problem, explanation=TEXT)
    services.problem_reopen(actor=tree.office, problem=problem, reason="政策调整，可以整改。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING and problem.explanation == ""


@pytest.mark.django_db(transaction=True)  # the portal's reply is written on commit
def test_explanation_reaches_the_portal_submitter(client, tree):
    sub, password = intake.submission_submit(kind="opinion", text="希望村卫生室开设夜间门诊。", unit=tree.hospital, anonymous=True)
    intake.submission_to_problem(actor=tree.office, submission=sub)
    sub.refresh_from_db()
    problem = Problem.objects.get(pk=sub.problem_id)
    services.problem_explain(actor=tree.office, problem=problem, explanation="乡村医生编制有限，暂不具备夜间开诊条件。")
    reply = sub.replies.get()
    assert reply.status == ReplyStatus.PUBLISHED and "暂不具备夜间开诊条件" in reply.text
    assert "政策不允许或条件不许可" in reply.text
    # the submitter sees it when looking up the case
    found = intake.submission_lookup(case_number=sub.case_number, password=password)
    assert found is not None and found.replies.filter(text__contains="暂不具备夜间开诊条件").exists()


@pytest.mark.django_db
def test_explain_page_and_api(client, tree, make_problem):
    problem = make_problem()
    url = reverse("ledger:detail", args=[problem.pk])
    client.force_login(tree.liaison)
    assert "不能整改：作解释说明" not in client.get(url).content.decode()
    assert client.post(reverse("ledger:explain", args=[problem.pk]), {"explain-explanation": TEXT}).status_code == 403
    client.force_login(tree.office)
    assert "不能整改：作解释说明" in client.get(url).content.decode()
    response = client.post(reverse("ledger:explain", args=[problem.pk]), {"explain-explanation": ""})
    assert response.status_code == 400
    assert client.post(reverse("ledger:explain", args=[problem.pk]), {"explain-explanation": TEXT}).status_code == 302
    page = client.get(url).content.decode()
    assert "已解释说明" in page and TEXT in page
    assert reverse("ledger:notice", args=[problem.pk]) not in page  # finished: nothing more to supervise
    other = make_problem(description="另一个问题。")
    api = APIClient()
    api.force_authenticate(tree.office)
    body = api.post(f"/api/problems/{other.pk}/explain/", {"explanation": TEXT}, format="json").json()
    assert body["status"] == "explained" and body["explanation"] == TEXT
    assert api.get("/api/problems/?status=explained").json()["count"] == 2

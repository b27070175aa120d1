"""「严把整改方案质量关」: the office above a unit approves its filed plan or returns it with a
reason; the unit revises and files it again; work under a plan not approved is not reported done."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.audit.models import AuditEntry
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import PlanReview, ProblemStatus
from fazhi.ledger.models import RectificationPlan
from fazhi.notices.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tree, make_problem):
    problem = make_problem()
    return services.plan_create(actor=tree.liaison, unit=tree.zezhou, kind="special", title="看病难专项整治方案",
                                text="增设窗口。", problems=[problem])


def test_return_revise_refile_approve(tree, plan, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as e:
        services.plan_approve(actor=tree.office, plan=plan)
    assert str(m.PLAN_NOT_FILED) in e.value.messages
    services.plan_file(actor=tree.liaison, plan=plan)
    with pytest.raises(ValidationError) as e:
        services.plan_return(actor=tree.office, plan=plan, reason="  ")
    assert str(m.PLAN_RETURN_REASON_REQUIRED) in e.value.messages
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_return(actor=tree.office, plan=plan, reason="措施不具体，请写明时限。")
    plan.refresh_from_db()
    assert plan.review_status == PlanReview.RETURNED and plan.reviewed_by == tree.office
    assert plan.review_reason == "措施不具体，请写明时限。"
    assert Notification.objects.filter(recipient=tree.liaison, text__contains="措施不具体").exists()
    # returned twice? no: a returned plan is not pending any more
    with pytest.raises(ValidationError):
        services.plan_approve(actor=tree.office, plan=plan)

    services.plan_revise(actor=tree.liaison, plan=plan, title="看病难专项整治方案（修订稿）", text="一个月内增设 2 个窗口。")
    services.plan_file(actor=tree.liaison, plan=plan)
    plan.refresh_from_db()
    assert plan.review_status == PlanReview.PENDING and plan.revision == 2
    with pytest.raises(ValidationError) as e:
        services.plan_revise(actor=tree.liaison, plan=plan, title="再改", text="")
    assert str(m.PLAN_UNDER_REVIEW) in e.value.messages
    services.plan_approve(actor=tree.office, plan=plan, note="同意。")
    plan.refresh_from_db()
    assert plan.is_approved
    with pytest.raises(ValidationError) as e:
        services.plan_revise(actor=tree.liaison, plan=plan, title="再改", text="")
    assert str(m.PLAN_APPROVED_LOCKED) in e.value.messages
    actions = list(AuditEntry.objects.filter(object_type="ledger.rectificationplan", object_id=str(plan.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["rectification_plan.create", "rectification_plan.file", "rectification_plan.return",
                       "rectification_plan.revise", "rectification_plan.file", "rectification_plan.approve"]


def test_only_the_office_above_reviews(tree, plan, make_problem):
    services.plan_file(actor=tree.liaison, plan=plan)
    from fazhi.org.choices import Role
    from tests.factories import person_with_role

    county_office = person_with_role(Role.OFFICE, tree.zezhou, "county-office").user
    for user in (tree.liaison, tree.inspector, tree.outsider, county_office):
        with pytest.raises(PermissionDenied):
            services.plan_approve(actor=user, plan=plan)
    assert RectificationPlan.objects.get(pk=plan.pk).review_status == PlanReview.PENDING
    assert not AuditEntry.objects.filter(action="rectification_plan.approve").exists()
    # the county's office reviews the plans of the units under it
    hospital_plan = services.plan_create(actor=tree.liaison, unit=tree.hospital, kind="overall", title="医院整改方案")
    services.plan_file(actor=tree.liaison, plan=hospital_plan)
    services.plan_approve(actor=county_office, plan=hospital_plan)
    assert RectificationPlan.objects.get(pk=hospital_plan.pk).is_approved


def test_no_completion_report_under_a_plan_not_approved(tree, plan):
    problem = plan.problems.get()
    with pytest.raises(ValidationError) as e:
        services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改。")
    assert "尚未审核通过" in " ".join(e.value.messages)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING and not problem.reports.exists()
    services.plan_file(actor=tree.liaison, plan=plan)
    services.plan_approve(actor=tree.office, plan=plan)
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REPORTED


def test_plan_page_review_and_revise(client, tree, plan):
    url = reverse("ledger:plan", args=[plan.pk])
    client.force_login(tree.liaison)
    assert client.post(url, {"action": "file"}).status_code == 302
    page = client.get(url).content.decode()
    assert "待审核" in page and 'value="approve"' not in page  # the unit does not review its own plan
    assert client.post(url, {"action": "approve"}).status_code == 403
    client.force_login(tree.office)
    page = client.get(url).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    response = client.post(url, {"action": "return", "reason": ""})
    assert response.status_code == 400 and str(m.PLAN_RETURN_REASON_REQUIRED) in response.content.decode()
    assert client.post(url, {"action": "return", "reason": "请补充时限。"}).status_code == 302
    client.force_login(tree.liaison)
    page = client.get(url).content.decode()
    assert "请补充时限。" in page and "修改后重新报送" in page
    assert client.post(url, {"action": "revise", "title": "修订稿", "text": "补充了时限。"}).status_code == 302
    assert client.post(url, {"action": "file"}).status_code == 302
    client.force_login(tree.office)
    assert client.post(url, {"action": "approve", "reason": "同意。"}).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "修订稿" and plan.is_approved and plan.revision == 2
    assert "已通过" in client.get(reverse("ledger:plans")).content.decode()


def test_plan_api(tree, plan):
    api = APIClient()
    api.force_authenticate(tree.liaison)
    assert api.post(f"/api/rectification-plans/{plan.pk}/file/").status_code == 200
    assert api.post(f"/api/rectification-plans/{plan.pk}/approve/").status_code == 403
    api.force_authenticate(tree.office)
    response = api.post(f"/api/rectification-plans/{plan.pk}/return/", {"reason": ""}, format="json")
    assert response.status_code == 400
    response = api.post(f"/api/rectification-plans/{plan.pk}/return/", {"reason": "请细化。"}, format="json")
    assert response.status_code == 200 and response.json()["review_status"] == "returned"
    api.force_authenticate(tree.liaison)
    assert api.post(f"/api/rectification-plans/{plan.pk}/revise/", {"title": "修订稿", "text": "细化"}, format="json").status_code == 200
    assert api.post(f"/api/rectification-plans/{plan.pk}/file/").json()["review_status"] == "pending"
    api.force_authenticate(tree.office)
    body = api.post(f"/api/rectification-plans/{plan.pk}/approve/", {"reason": "同意"}, format="json").json()
    assert body["review_status"] == "approved" and body["revision"] == 2
    assert [p["id"] for p in api.get("/api/rectification-plans/?review_status=approved").json()["results"]] == [plan.pk]
    api.force_authenticate(tree.liaison_gp)
    assert api.get(f"/api/rectification-plans/{plan.pk}/").status_code == 404

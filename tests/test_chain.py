"""The whole chain on the demo data, through the services, as the demo users:
assign → report with evidence → return → report again → accept → green."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import selectors, services
from fazhi.campaigns.choices import AssignmentStatus, Colour, ReportStatus
from fazhi.campaigns.colours import colour_of
from fazhi.campaigns.models import Assignment, Campaign, Task
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.demo import TITLE
from fazhi.demo.files import pdf_bytes, png_bytes
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db


def test_chain_on_demo_data(demo):
    office, liaison = demo["office"], demo["liaison"]
    campaign = Campaign.objects.get(title=TITLE)
    # 机构 list, 7、规范学法普法工作, given to the 泽州县 window that has no assignment yet.
    task = Task.objects.get(campaign=campaign, parent__label="（二）", label="7、")
    window = Unit.objects.get(name="泽州县政务大厅卫计窗口")
    assert not Assignment.objects.filter(unit=window).exists()
    due = WorkCalendar().add_working_days(local_today(), 2)

    # assign
    (assignment,), skipped = services.assignments_create(actor=office, task=task, units=[window], due_date=due)
    assert skipped == 0 and assignment.status == AssignmentStatus.NOT_STARTED
    assert colour_of(assignment) == Colour.AMBER
    assert assignment in selectors.assignment_list(actor=liaison, filters={"colour": Colour.AMBER})

    # report with evidence
    first = services.progress_report_submit(
        actor=liaison, assignment=assignment, text="已组织窗口人员集中学习《行政许可法》，建立学法台账。", progress=100,
        files=[SimpleUploadedFile("学法签到表.png", png_bytes(90001), content_type="image/png")])
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING_REVIEW
    assert [(e.original_name, e.mime) for e in first.evidence.all()] == [("学法签到表.png", "image/png")]

    # the liaison cannot review its own report; the office must give a reason to return it
    with pytest.raises(PermissionDenied):
        services.progress_report_review(actor=liaison, report=first, accept=True)
    with pytest.raises(ValidationError) as err:
        services.progress_report_review(actor=office, report=first, accept=False)
    assert str(m.RETURN_REASON_REQUIRED) in str(err.value)

    # return
    services.progress_report_review(actor=office, report=first, accept=False, comment="请补充考核试卷和成绩登记表。")
    assignment.refresh_from_db()
    first.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert (first.status, first.review_comment) == (ReportStatus.RETURNED, "请补充考核试卷和成绩登记表。")

    # report again
    second = services.progress_report_submit(
        actor=liaison, assignment=assignment, text="已补充考核试卷和成绩登记表。", progress=100,
        files=[SimpleUploadedFile("考核成绩登记表.pdf", pdf_bytes(90002), content_type="application/pdf")])
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING_REVIEW

    # accept → green
    services.progress_report_review(actor=office, report=second, accept=True)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE and assignment.progress == 100
    assert assignment.completed_at is not None
    assert colour_of(assignment) == Colour.GREEN
    assert selectors.assignment_list(actor=office, filters={"colour": Colour.GREEN}).filter(pk=assignment.pk).exists()

    actions = list(AuditEntry.objects.filter(object_type="campaigns.assignment", object_id=str(assignment.pk))
                   .order_by("id").values_list("action", "actor__username"))
    assert actions == [
        ("assignment.create", "office"),
        ("assignment.report", "liaison"),
        ("assignment.review", "office"),
        ("assignment.report", "liaison"),
        ("assignment.review", "office"),
    ]


def test_chain_refuses_what_the_demo_users_may_not_do(demo):
    liaison = demo["liaison"]
    gaoping = Assignment.objects.filter(unit__name__startswith="高平市", status=AssignmentStatus.NOT_STARTED).first()
    with pytest.raises(PermissionDenied):
        services.progress_report_submit(actor=liaison, assignment=gaoping, text="越权报送")
    with pytest.raises(PermissionDenied):
        services.assignments_create(actor=liaison, task=gaoping.task, units=[Unit.objects.get(name="泽州县政务大厅卫计窗口")])
    with pytest.raises(PermissionDenied):
        services.assignments_create(actor=demo["leader"], task=gaoping.task, units=[Unit.objects.get(name="泽州县政务大厅卫计窗口")])
    pending = Assignment.objects.filter(unit__name__startswith="泽州县", status=AssignmentStatus.PENDING_REVIEW).first()
    with pytest.raises(ValidationError) as err:
        services.progress_report_submit(actor=liaison, assignment=pending, text="重复报送")
    assert "待审核" in str(err.value)
    bad = SimpleUploadedFile("伪装成图片.png", b"MZ\x90\x00" + b"\x00" * 200)
    returned = Assignment.objects.filter(unit__name__startswith="泽州县", status=AssignmentStatus.RETURNED).first()
    before = returned.reports.count()
    with pytest.raises(ValidationError):
        services.progress_report_submit(actor=liaison, assignment=returned, text="补充材料", files=[bad])
    assert returned.reports.count() == before
    returned.refresh_from_db()
    assert returned.status == AssignmentStatus.RETURNED

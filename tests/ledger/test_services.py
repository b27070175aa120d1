"""The life cycle of a problem, and the bad input the issue names."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import EventKind, FourNots, ProblemSource, ProblemStatus, ReportStatus
from fazhi.ledger.models import CompletionReport, Problem, ProblemEvent, Rectification
from fazhi.notices.models import Notification
from fazhi.ledger.signals import problem_closed

pytestmark = pytest.mark.django_db


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_life_cycle_with_send_back_and_reopen(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        problem = services.problem_create(actor=tree.inspector, unit=tree.hospital, source=ProblemSource.INSPECTION,
                                          category="行风", description="挂号窗口排长队，群众等候时间过长。",
                                          found_on=dt.date(2026, 9, 1))
    assert problem.status == ProblemStatus.OPEN and problem.number == "2026-0001"
    # The county's liaison hears of it.
    assert Notification.objects.filter(recipient=tree.liaison, object_type="ledger.problem", object_id=str(problem.pk)).exists()

    services.rectification_set(actor=tree.liaison, problem=problem, measures="增设自助挂号机，高峰时段增开窗口。",
                               responsible_person="李主任", deadline_days=10)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING
    # 10 working days from Tuesday 1 September 2026 (no holiday in between): 15 September.
    assert problem.rectification.deadline == dt.date(2026, 9, 15)

    services.progress_add(actor=tree.liaison, problem=problem, text="已采购自助挂号机 4 台。")
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="自助挂号机已投入使用，高峰时段增开 2 个窗口。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REPORTED

    # Sent back with a reason.
    report = problem.reports.get()
    with pytest.raises(ValidationError) as e:
        services.completion_report_verify(actor=tree.office, report=report, accept=False, comment="  ")
    assert str(m.RETURN_REASON_REQUIRED) in messages_of(e)
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_report_verify(actor=tree.office, report=report, accept=False, comment="缺少群众满意度回访材料。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RETURNED
    assert Notification.objects.filter(recipient=tree.liaison, text__contains="缺少群众满意度回访材料").exists()
    with pytest.raises(ValidationError) as e:
        services.problem_close(actor=tree.office, problem=problem)
    assert str(m.CLOSE_WITHOUT_ACCEPTED_REPORT) in messages_of(e)

    # Round again, accepted, closed out.
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="补充回访 50 人，满意率 96%。")
    second = problem.reports.get(status=ReportStatus.SUBMITTED)
    services.completion_report_verify(actor=tree.office, report=second, accept=True)
    received = []
    problem_closed.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t-closed")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.problem_close(actor=tree.office, problem=problem, note="整改到位，予以销号。")
    finally:
        problem_closed.disconnect(dispatch_uid="t-closed")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.closed_by == tree.office and problem.closed_at
    assert received and received[0]["reply"] == "整改到位，予以销号。"

    # Reopened with a reason: the accepted report is superseded and the unit works on it again.
    with pytest.raises(ValidationError) as e:
        services.problem_reopen(actor=tree.office, problem=problem, reason="")
    assert str(m.REOPEN_REASON_REQUIRED) in messages_of(e)
    services.problem_reopen(actor=tree.office, problem=problem, reason="回访发现高峰时段仍排长队。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING and problem.closed_at is None
    second.refresh_from_db()
    assert second.status == ReportStatus.SUPERSEDED
    kinds = list(problem.events.values_list("kind", flat=True))
    assert kinds == [EventKind.CREATED, EventKind.PLANNED, EventKind.PROGRESS, EventKind.REPORTED, EventKind.RETURNED,
                     EventKind.REPORTED, EventKind.ACCEPTED, EventKind.CLOSED, EventKind.REOPENED]
    assert problem.events.get(kind=EventKind.REOPENED).text == "回访发现高峰时段仍排长队。"
    actions = set(AuditEntry.objects.filter(object_type="ledger.problem", object_id=str(problem.pk)).values_list("action", flat=True))
    assert {"problem.create", "problem.report", "problem.verify", "problem.close", "problem.reopen"} <= actions


def test_four_nots_needs_every_confirmation(tree, make_problem):
    problem = make_problem(four_nots=True)
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改。")
    services.completion_report_verify(actor=tree.office, report=problem.reports.get(), accept=True)
    for item in [FourNots.FACTS, FourNots.RESPONSIBILITY, FourNots.HANDLED]:
        services.four_nots_confirm(actor=tree.inspector, problem=problem, item=item, note="已核实")
    with pytest.raises(ValidationError) as e:
        services.problem_close(actor=tree.office, problem=problem)
    assert messages_of(e) == str(m.FOUR_NOTS_MISSING).format(items="不整改到位不放过")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.four_nots_confirm(actor=tree.office, problem=problem, item=FourNots.FACTS)
    services.four_nots_confirm(actor=tree.office, problem=problem, item=FourNots.RECTIFIED)
    services.problem_close(actor=tree.office, problem=problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    c = problem.confirmations.get(item=FourNots.RECTIFIED)
    assert c.confirmed_by == tree.office and c.confirmed_at


def test_deadline_before_found_is_refused_and_nothing_written(tree):
    before = (Problem.objects.count(), Rectification.objects.count(), ProblemEvent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as e:
        services.problem_create(actor=tree.office, unit=tree.zezhou, description="执法文书不规范。", category="依法行政",
                                found_on=dt.date(2026, 5, 10), measures="集中评查", responsible_person="张三",
                                deadline=dt.date(2026, 5, 1))
    assert messages_of(e) == str(m.DEADLINE_BEFORE_FOUND).format(deadline="2026年5月1日", found="2026年5月10日")
    assert before == (Problem.objects.count(), Rectification.objects.count(), ProblemEvent.objects.count(), AuditEntry.objects.count())


def test_rectification_deadline_before_found_refused(tree, make_problem):
    problem = make_problem(deadline=None)
    with pytest.raises(ValidationError) as e:
        services.rectification_set(actor=tree.liaison, problem=problem, measures="x", responsible_person="y",
                                   deadline=dt.date(2026, 8, 1))
    assert "早于问题发现日期" in messages_of(e)
    assert not Rectification.objects.filter(problem=problem).exists()


def test_permissions(tree, make_problem):
    problem = make_problem()
    with pytest.raises(PermissionDenied):  # another county's liaison
        services.progress_add(actor=tree.liaison_gp, problem=problem, text="x")
    with pytest.raises(PermissionDenied):  # another city's office
        services.problem_close(actor=tree.outsider, problem=problem)
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改。")
    with pytest.raises(PermissionDenied) as e:  # a liaison does not verify its own report
        services.completion_report_verify(actor=tree.liaison, report=problem.reports.get(), accept=True)
    assert str(e.value) == str(m.NOT_OFFICE)
    with pytest.raises(PermissionDenied):
        services.problem_create(actor=tree.liaison, unit=tree.gaoping, description="x")


def test_create_from_another_record_is_idempotent(tree):
    a = services.problem_create_from(actor=tree.office, source_type="intake.submission", source_id=42, unit=tree.zezhou,
                                     description="投诉：某卫生院收取红包。", source=ProblemSource.COMPLAINT, category="四风")
    b = services.problem_create_from(actor=tree.office, source_type="intake.submission", source_id="42", unit=tree.zezhou,
                                     description="重复提交")
    assert a.pk == b.pk and a.source_id == "42" and a.source == ProblemSource.COMPLAINT
    with pytest.raises(ValidationError) as e:
        services.problem_create(actor=tree.office, unit=tree.zezhou, description="x", source_type="intake.submission",
                                source_id="42")
    assert messages_of(e) == str(m.SOURCE_DUPLICATE).format(number=a.number)


def test_unknown_category_refused(tree):
    with pytest.raises(ValidationError) as e:
        services.problem_create(actor=tree.office, unit=tree.zezhou, description="x", category="不存在的类别")
    assert messages_of(e) == str(m.CATEGORY_UNKNOWN).format(name="不存在的类别")
    assert not Problem.objects.exists()


def test_plans_group_problems_and_are_filed(tree, make_problem):
    p1, p2 = make_problem(), make_problem(unit=tree.zezhou)
    services.completion_report_submit(actor=tree.liaison, problem=p1, text="已整改。")  # p1 in memory is now stale
    plan = services.plan_create(actor=tree.liaison, unit=tree.zezhou, kind="overall", title="泽州县行风问题整改总体方案",
                                problems=[p1, p2])
    assert set(plan.problems.all()) == {p1, p2}
    p1.refresh_from_db()
    assert p1.status == ProblemStatus.REPORTED  # linking to a plan changes nothing else
    services.plan_file(actor=tree.liaison, plan=plan)
    with pytest.raises(ValidationError):
        services.plan_file(actor=tree.liaison, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_set_public(actor=tree.liaison, plan=plan, is_public=True)
    services.plan_set_public(actor=tree.office, plan=plan, is_public=True)
    plan.refresh_from_db()
    assert plan.filed_at and plan.is_public
    gp = make_problem(unit=tree.gaoping)
    with pytest.raises(ValidationError):
        services.plan_create(actor=tree.office, unit=tree.zezhou, kind="special", title="x", problems=[gp])


def test_report_without_measures_refused(tree, make_problem):
    problem = make_problem(deadline=None)
    with pytest.raises(ValidationError) as e:
        services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改")
    assert messages_of(e) == str(m.NO_RECTIFICATION)
    assert not CompletionReport.objects.exists()


@pytest.mark.today("2026-12-04")  # a Friday
def test_deadline_colour_counts_working_days(tree, make_problem):
    """Amber is a deadline within 3 working days: from Friday 4 December that is up to Wednesday
    the 9th (Tuesday is amber, Thursday green); today is amber, yesterday red."""
    from fazhi.ledger.selectors import problem_list

    deadlines = {"yesterday": dt.date(2026, 12, 3), "today": dt.date(2026, 12, 4), "tuesday": dt.date(2026, 12, 8),
                 "wednesday": dt.date(2026, 12, 9), "thursday": dt.date(2026, 12, 10)}
    made = {name: make_problem(found_on=dt.date(2026, 11, 2), deadline=d) for name, d in deadlines.items()}
    colours = dict(problem_list(actor=tree.office).values_list("pk", "colour"))
    assert {name: colours[p.pk] for name, p in made.items()} == {
        "yesterday": "red", "today": "amber", "tuesday": "amber", "wednesday": "amber", "thursday": "green"}

"""A public complaint turned into a ledger problem gets its reply when the problem is closed."""

import pytest

from fazhi.intake import services as intake
from fazhi.intake.choices import ReplyStatus
from fazhi.ledger import services as ledger
from fazhi.ledger.choices import ProblemSource, ProblemStatus
from fazhi.ledger.models import Problem

pytestmark = pytest.mark.django_db(transaction=True)  # the reply is sent on commit


def test_complaint_to_problem_and_close_out_reply_reaches_the_portal(tree):
    sub, _password = intake.submission_submit(kind="complaint", text="挂号窗口排长队。", unit=tree.hospital, anonymous=True)
    intake.submission_to_problem(actor=tree.office, submission=sub)
    sub.refresh_from_db()
    problem = Problem.objects.get(pk=sub.problem_id)
    assert problem.source == ProblemSource.COMPLAINT and problem.unit == tree.hospital
    assert problem.description == "挂号窗口排长队。"

    ledger.rectification_set(actor=tree.liaison, problem=problem, measures="增开窗口。", responsible_person="李主任",
                             deadline_days=10)
    ledger.completion_report_submit(actor=tree.liaison, problem=problem, text="已增开 2 个窗口。")
    ledger.completion_report_verify(actor=tree.office, report=problem.reports.get(), accept=True)
    ledger.problem_close(actor=tree.office, problem=problem, note="已增开窗口，排队时间缩短至 10 分钟内。")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED

    reply = sub.replies.get()
    assert reply.status == ReplyStatus.PUBLISHED
    assert reply.text == "已增开窗口，排队时间缩短至 10 分钟内。"

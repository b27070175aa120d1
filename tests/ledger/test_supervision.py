"""Supervision counted in working days on the statutory calendar (chinese-calendar for 2026):
National Day 10月1日–7日 is a holiday and Saturday 10月10日 a make-up working day (调休上班)."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.ledger import services
from fazhi.ledger.choices import NoticeStatus, ProblemStatus, Tier
from fazhi.ledger.models import Problem, SupervisionNotice
from fazhi.notices.models import LadderSettings, Notification
from fazhi.ledger.supervision import supervision_run

pytestmark = pytest.mark.django_db

D = dt.date


def moved_on(problem, day):
    """Test set-up only: pretend the unit last did something on `day`."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Problem.objects.filter(pk=problem.pk).update(last_moved_at=at)


@pytest.fixture
def rule(db):
    LadderSettings.objects.all().delete()
    return LadderSettings.objects.create(blue_days=3, yellow_stale_days=20, escalate_days=3,
                                         reminder_ladder=[-5, -3, -1, 1, 3, 5])


def active(problem):
    return SupervisionNotice.objects.get(problem=problem, status=NoticeStatus.ACTIVE)


def run_days(*days, cal_cb=None):
    for day in days:
        supervision_run(day=day)


def test_escalation_counts_working_days_across_national_day_and_its_make_up_day(tree, make_problem, rule,
                                                                                 django_capture_on_commit_callbacks):
    problem = make_problem(deadline=D(2026, 10, 30))
    moved_on(problem, D(2026, 9, 29))
    first = services.notice_issue(actor=tree.inspector, problem=problem, tier=Tier.BLUE, reason="请加快整改进度。",
                                  day=D(2026, 9, 30))
    assert first.number == "督〔2026〕1号" and first.addressed_to == tree.hospital

    # Seven calendar days of holiday, then Thursday 8 and Friday 9 October: only two working days.
    run_days(*[D(2026, 10, d) for d in range(1, 10)])
    assert active(problem).pk == first.pk

    # Saturday 10 October is a working day (调休上班): the third one, so the notice goes up a
    # tier and a level up the tree.
    with django_capture_on_commit_callbacks(execute=True):
        supervision_run(day=D(2026, 10, 10))
    second = active(problem)
    assert (second.tier, second.addressed_to, second.previous_id) == (Tier.YELLOW, tree.zezhou, first.pk)
    first.refresh_from_db()
    assert first.status == NoticeStatus.ESCALATED and first.closed_on == D(2026, 10, 10)
    assert Notification.objects.filter(recipient=tree.liaison, key=f"notice:{second.number}").exists()

    # Sunday 11 October is no working day; Monday 12 and Tuesday 13 make two: nothing yet.
    run_days(D(2026, 10, 11), D(2026, 10, 12), D(2026, 10, 13))
    assert active(problem).pk == second.pk
    supervision_run(day=D(2026, 10, 14))
    third = active(problem)
    assert (third.tier, third.addressed_to) == (Tier.RED, tree.city)
    # At the top of the tree and the top tier there is nowhere further to go.
    run_days(D(2026, 10, 19), D(2026, 10, 20))
    assert active(problem).pk == third.pk
    assert SupervisionNotice.objects.filter(problem=problem).count() == 3


def test_movement_restarts_the_escalation_clock(tree, make_problem, rule):
    problem = make_problem(deadline=D(2026, 10, 30))
    moved_on(problem, D(2026, 9, 29))
    notice = services.notice_issue(actor=tree.office, problem=problem, tier=Tier.YELLOW, reason="进度滞后。", day=D(2026, 9, 30))
    moved_on(problem, D(2026, 10, 9))  # progress reported on Friday 9 October
    supervision_run(day=D(2026, 10, 12))  # 10th and 12th: two working days since the progress
    assert active(problem).pk == notice.pk
    supervision_run(day=D(2026, 10, 13))
    assert active(problem).tier == Tier.RED


def test_blue_when_near_red_when_overdue_and_red_stays_until_caught_up(tree, make_problem, rule):
    problem = make_problem(deadline=D(2026, 10, 12))
    moved_on(problem, D(2026, 9, 28))
    # Wednesday 30 September: four working days left (8, 9, 10, 12 October) — not yet near.
    supervision_run(day=D(2026, 9, 30))
    assert not SupervisionNotice.objects.filter(problem=problem).exists()
    # Thursday 8 October: three left (9, 10, 12): blue.
    supervision_run(day=D(2026, 10, 8))
    assert active(problem).tier == Tier.BLUE and active(problem).automatic
    # Tuesday 13 October: overdue: red.
    supervision_run(day=D(2026, 10, 13))
    red = active(problem)
    assert red.tier == Tier.RED and red.previous.tier == Tier.BLUE
    # The deadline pushed back does not lift a red notice…
    services.rectification_set(actor=tree.office, problem=problem, measures="延期整改", responsible_person="王院长",
                               deadline=D(2026, 12, 31))
    moved_on(problem, D(2026, 10, 13))
    supervision_run(day=D(2026, 10, 14))
    assert active(problem).pk == red.pk
    # …only catching up does.
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改完毕。")
    red.refresh_from_db()
    assert red.status == NoticeStatus.RESOLVED
    assert not SupervisionNotice.objects.filter(problem=problem, status=NoticeStatus.ACTIVE).exists()


def test_yellow_when_nothing_moves(tree, make_problem, rule):
    rule.yellow_stale_days = 5
    rule.save()
    problem = make_problem(deadline=D(2026, 12, 31))
    moved_on(problem, D(2026, 9, 28))
    supervision_run(day=D(2026, 10, 9))  # 29, 30 Sept, 8, 9 Oct: four
    assert not SupervisionNotice.objects.filter(problem=problem).exists()
    supervision_run(day=D(2026, 10, 10))  # the make-up Saturday is the fifth
    assert active(problem).tier == Tier.YELLOW


def test_reminder_ladder_on_working_days_only_and_once(tree, make_problem, rule, django_capture_on_commit_callbacks):
    problem = make_problem(deadline=D(2026, 10, 12))
    moved_on(problem, D(2026, 10, 12))
    days = [D(2026, 9, 29), D(2026, 9, 30)] + [D(2026, 10, d) for d in range(1, 16)]
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            supervision_run(day=day)
            supervision_run(day=day)  # twice a day: still one reminder
    keys = sorted(Notification.objects.filter(recipient=tree.liaison, key__startswith="remind:").values_list("key", flat=True))
    offsets = sorted(int(k.rsplit(":", 1)[1]) for k in keys)
    # -5 on 29 Sept, -3 on 8 Oct, -1 on Saturday 10 Oct (make-up day), +1 on 13 Oct, +3 on 15 Oct.
    assert offsets == [-5, -3, -1, 1, 3]
    texts = set(Notification.objects.filter(key__startswith="remind:").values_list("text", flat=True))
    assert any("还有 1 个工作日" in t for t in texts)


def test_reported_problem_is_not_pressed(tree, make_problem, rule):
    problem = make_problem(deadline=D(2026, 10, 12))
    services.completion_report_submit(actor=tree.liaison, problem=problem, text="已整改。")
    supervision_run(day=D(2026, 10, 20))
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REPORTED
    assert not SupervisionNotice.objects.filter(problem=problem).exists()


def test_daily_task_runs_through_django_tasks(tree, make_problem, rule):
    from fazhi.notices.tasks import run_ladders

    problem = make_problem(deadline=D(2026, 10, 12))
    moved_on(problem, D(2026, 10, 12))
    result = run_ladders.enqueue("2026-10-13")
    assert result.return_value["ledger"]["raised"] == 1
    assert active(problem).tier == Tier.RED

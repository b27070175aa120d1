"""Deadlines and colours across a weekend and the 2025 National Day holiday (10月1日—8日,
with 9月28日 (Sunday) and 10月11日 (Saturday) worked instead)."""

import datetime as dt

import pytest

from fazhi.core.workdays import WorkCalendar
from fazhi.intake import services, timelimits
from fazhi.intake.choices import Colour, SubmissionKind as K, SubmissionStatus as S
from fazhi.intake.models import Submission, TimeLimit

pytestmark = pytest.mark.django_db
D = dt.date


def test_calendar_period_ending_on_a_holiday_moves_to_the_next_working_day():
    cal = WorkCalendar()
    # 9月20日 + 15 days = 10月5日, inside the holiday: the period ends on 10月9日.
    assert timelimits.period_end(cal, D(2025, 9, 20), 15, working=False) == D(2025, 10, 9)
    # 9月26日 + 15 days = 10月11日, a Saturday worked as make-up day: it stays.
    assert timelimits.period_end(cal, D(2025, 9, 26), 15, working=False) == D(2025, 10, 11)
    # Ending on an ordinary Sunday moves to Monday.
    assert timelimits.period_end(cal, D(2025, 6, 7), 15, working=False) == D(2025, 6, 23)


def test_working_day_limits_skip_weekend_and_holiday():
    TimeLimit.objects.create(kind=K.OPINION, ack_days=5, ack_working=True, conclude_days=15, conclude_working=True)
    ack, conclude = timelimits.due_dates(K.OPINION, D(2025, 9, 26))
    # 9/28 (Sun, worked), 9/29, 9/30, then the holiday, 10/9, 10/10.
    assert ack == D(2025, 10, 10)
    assert conclude == WorkCalendar().add_working_days(D(2025, 9, 26), 15)


def colours(day, dues):
    cal = WorkCalendar()
    return [timelimits.colour_of(Submission(status=S.ROUTED, ack_due=d, conclude_due=d), cal=cal, day=day) for d in dues]


def test_amber_counts_working_days_across_a_weekend():
    # Friday 9月19日: Mon 22, Tue 23, Wed 24 are the next three working days.
    assert colours(D(2025, 9, 19), [D(2025, 9, 18), D(2025, 9, 19), D(2025, 9, 24), D(2025, 9, 25)]) == [
        Colour.RED, Colour.AMBER, Colour.AMBER, Colour.GREEN]


def test_amber_counts_working_days_across_the_national_day_holiday():
    # 9月30日: the next three working days are 10月9日, 10日 and 11日 (Saturday, worked).
    day = D(2025, 9, 30)
    assert colours(day, [D(2025, 10, 8), D(2025, 10, 11), D(2025, 10, 12)]) == [Colour.AMBER, Colour.AMBER, Colour.GREEN]
    # Counted in calendar days 10月11日 would be eleven days away; it is amber all the same.


def test_database_colour_matches_python_and_closed_cases_have_none(tree):
    day = D(2025, 9, 30)
    made = []
    for due, status in [(D(2025, 9, 29), S.ROUTED), (D(2025, 10, 9), S.NEW), (D(2025, 10, 20), S.ROUTED), (D(2025, 9, 1), S.REPLIED)]:
        sub, _ = services.submission_submit(kind=K.COMPLAINT, text="测试时限颜色的投诉。", unit=tree.hospital)
        Submission.objects.filter(pk=sub.pk).update(ack_due=due, conclude_due=due, status=status)
        made.append(sub.pk)
    qs = timelimits.with_colour(Submission.objects.filter(pk__in=made), day=day).order_by("pk")
    got = [s.colour for s in qs]
    assert got == [Colour.RED, Colour.AMBER, Colour.GREEN, Colour.NONE]
    assert got == [timelimits.colour_of(s, day=day) for s in qs]


def test_limits_are_configurable_per_kind(tree):
    services.time_limit_set(actor=tree.intake, kind=K.REPORT, ack_days=10, ack_working=True, conclude_days=30, conclude_working=True)
    assert timelimits.limits_for(K.REPORT).ack_days == 10
    assert timelimits.limits_for(K.COMPLAINT).ack_days == 15


def test_the_colour_filter_keeps_exactly_the_cases_of_that_colour(tree):
    """The inbox's red and amber filters compare the two deadlines and the status themselves (for
    the planner's sake): they must keep exactly the cases the colour annotation paints so, on the
    day given — the acknowledgement's deadline while a case is new, the conclusion's after, no
    colour once closed; across the National Day holiday for amber."""
    from fazhi.intake import selectors

    day = D(2025, 9, 30)  # amber runs to 10月10日: three working days after the holiday
    dues = [D(2025, 9, 29), day, D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11), D(2025, 10, 20)]
    case = 0
    for status in (S.NEW, S.ROUTED, S.REPLIED):
        for ack in dues:
            for conclude in (d for d in dues if d >= ack):  # the acknowledgement is never due after the conclusion
                sub, _pw = services.submission_submit(kind=K.OPINION, text=f"第{case}条群众意见建议", unit=tree.hospital)
                Submission.objects.filter(pk=sub.pk).update(status=status, ack_due=ack, conclude_due=conclude)
                case += 1
    everything = {s.pk: s.colour for s in selectors.submission_list(actor=tree.intake, day=day)}
    assert len(everything) == case and set(everything.values()) == {Colour.RED, Colour.AMBER, Colour.GREEN, Colour.NONE}
    for colour in Colour.values:
        kept = {s.pk for s in selectors.submission_list(actor=tree.intake, filters={"colour": colour}, day=day)}
        assert kept == {pk for pk, c in everything.items() if c == colour}, colour

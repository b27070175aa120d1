import datetime as dt

import pytest

from fazhi.core.choices import CalendarSource, DayKind
from fazhi.core.models import StatutoryDay
from fazhi.core.workdays import WorkCalendar

pytestmark = pytest.mark.django_db


def test_builtin_calendar_skips_national_day_and_counts_make_up_day():
    cal = WorkCalendar()
    # 2026: 10月1日–7日 放假, 10月10日（星期六）调休上班.
    assert not cal.is_working_day(dt.date(2026, 10, 1))
    assert cal.is_working_day(dt.date(2026, 10, 10))
    assert cal.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    assert cal.source(2026) == CalendarSource.BUILTIN
    assert cal.warnings() == []


def test_fifteen_working_days_from_late_december_2026_cross_into_unknown_2027_with_warning():
    cal = WorkCalendar()
    # 2026-12-21 is a Monday. Counting 15 working days: 22,23,24,25 (4), 28,29,30,31 (8) —
    # the bundled calendar knows 2026 — then 2027 on weekends only: Jan 1 (Fri) 9,
    # Jan 4–8 (14), Jan 11 (15).
    assert cal.add_working_days(dt.date(2026, 12, 21), 15) == dt.date(2027, 1, 11)
    assert cal.source(2027) == CalendarSource.WEEKENDS
    assert len(cal.warnings()) == 1 and "2027" in cal.warnings()[0]


def test_office_holiday_table_takes_over_for_2027():
    StatutoryDay.objects.create(date=dt.date(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    StatutoryDay.objects.create(date=dt.date(2027, 1, 9), kind=DayKind.WORKDAY, name="元旦调休")
    cal = WorkCalendar()
    # Jan 1 is now a holiday and Saturday Jan 9 a make-up working day:
    # 22..31 Dec (8), Jan 4–8 (13), Jan 9 (14), Jan 11 (15).
    assert cal.add_working_days(dt.date(2026, 12, 21), 15) == dt.date(2027, 1, 11)
    assert not cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.is_working_day(dt.date(2027, 1, 9))
    assert cal.source(2027) == CalendarSource.TABLE
    assert cal.warnings() == []
    assert cal.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)


def test_working_days_between_is_signed():
    cal = WorkCalendar()
    assert cal.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 8)) == 1
    assert cal.working_days_between(dt.date(2026, 10, 8), dt.date(2026, 9, 30)) == -1

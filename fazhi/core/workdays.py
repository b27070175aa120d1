"""Working days on the Chinese statutory calendar: the one calendar service of the product.

Three sources, in order: the office's own holiday table (StatutoryDay) for a year that has
entries there; the bundled chinese-calendar for the years it knows; weekends only, with a
visible warning, for a year known to neither. Counting never raises for an unknown year.

A WorkCalendar loads the table once for the years it is asked about, so that colouring a
page of 500 deadlines costs one query, not one per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import CalendarSource, DayKind

BUILTIN_YEARS = range(2004, max(chinese_calendar.holidays).year + 1)


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class WorkCalendar:
    """Answers "is this a working day" for any date, remembering which source it used."""

    _table: dict[int, dict[dt.date, str]] = field(default_factory=dict)
    _loaded: set[int] = field(default_factory=set)
    fallback_years: set[int] = field(default_factory=set)

    def _year_table(self, year: int) -> dict[dt.date, str]:
        if year not in self._loaded:
            # Load a few years around the one asked: deadlines cross New Year.
            years = [y for y in range(year - 1, year + 2) if y not in self._loaded]
            for y in years:
                self._table.setdefault(y, {})
                self._loaded.add(y)
            for day, kind in _statutory_rows(tuple(years)):
                self._table[day.year][day] = kind
        return self._table[year]

    def source(self, year: int) -> str:
        if self._year_table(year):
            return CalendarSource.TABLE
        if year in BUILTIN_YEARS:
            return CalendarSource.BUILTIN
        return CalendarSource.WEEKENDS

    def is_working_day(self, day: dt.date) -> bool:
        table = self._year_table(day.year)
        if table:
            kind = table.get(day)
            if kind == DayKind.HOLIDAY:
                return False
            if kind == DayKind.WORKDAY:
                return True
            return day.weekday() < 5
        if day.year in BUILTIN_YEARS:
            return chinese_calendar.is_workday(day)
        self.fallback_years.add(day.year)
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date n working days after start (start itself not counted); n may be negative."""
        step = 1 if n >= 0 else -1
        day, left = start, abs(n)
        while left:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after start up to and including end; negative when end is before start."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count, day = 0, lo
        while day < hi:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count

    def warnings(self) -> list[str]:
        """Visible warnings for the years that were counted on weekends only."""
        return [
            _("{year} 年的法定节假日安排尚未录入，按周末计算工作日，结果可能不准确。请在“节假日安排”中录入国务院放假通知。").format(year=y)
            for y in sorted(self.fallback_years)
        ]


def _statutory_rows(years: tuple[int, ...]) -> list[tuple[dt.date, str]]:
    """The table's entries of these years. Every page colours deadlines, so every page asked the
    database for them: they are kept in the roll-up cache instead, whose version any write of a
    statutory day bumps (core is among the apps it watches; the notice import bumps it itself).
    Nothing located is read: no tag; core's rows alone."""
    from . import rollups
    from .models import StatutoryDay

    return rollups.cached(("core:statutory-days", *years),
                          lambda: list(StatutoryDay.objects.filter(date__year__in=years).values_list("date", "kind")),
                          tags=[], apps=["core"])


def calendar() -> WorkCalendar:
    return WorkCalendar()


def add_working_days(start: dt.date, n: int) -> dt.date:
    return calendar().add_working_days(start, n)


def is_working_day(day: dt.date) -> bool:
    return calendar().is_working_day(day)

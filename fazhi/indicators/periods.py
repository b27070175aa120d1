"""Periods of an indicator: the calendar year, quarter or month that holds a day."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _

from .choices import Period


def bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if period == Period.MONTH:
        first_month = last_month = day.month
    elif period == Period.QUARTER:
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    else:
        first_month, last_month = 1, 12
    last_day = calendar.monthrange(day.year, last_month)[1]
    return dt.date(day.year, first_month, 1), dt.date(day.year, last_month, last_day)


def previous(period: str, start: dt.date) -> tuple[dt.date, dt.date]:
    """The period before the one starting on `start`."""
    return bounds(period, start - dt.timedelta(days=1))


def label(period: str, start: dt.date) -> str:
    if period == Period.MONTH:
        return _("{year}年{month}月").format(year=start.year, month=start.month)
    if period == Period.QUARTER:
        return _("{year}年第{quarter}季度").format(year=start.year, quarter=(start.month - 1) // 3 + 1)
    return _("{year}年").format(year=start.year)

"""Dates in Chinese official format: 2018年5月2日 (Arabic numerals, no leading zeros)."""

import datetime as dt

from django.utils import timezone


def cn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # the local day, not the day in UTC
    return f"{value.year}年{value.month}月{value.day}日"

"""Dates in Chinese official format: 2018年5月2日 (Arabic numerals, no leading zeros)."""

import datetime as dt


def cn_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"

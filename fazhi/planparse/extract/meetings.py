"""Meetings the plan schedules: "召开X会议。…(时间:7月21日下午,地点:…,参会人员:…)"
or "于5月10日在…召开…会议"."""

from __future__ import annotations

import re

from ..model import Meeting
from .dates import find_dates
from .text import split_outside_brackets, strip_label

_DETAILS = re.compile(r"[（(]\s*(时间\s*[:：][^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*)[)）]")
_CONVENE = re.compile(r"(?:召开|举行|举办|组织召开)(.+?会(?:议)?(?:[（(][^）)]*[)）])?)(?=[。，,；;]|$)")
_INLINE = re.compile(r"于?((?:\d{4}年)?\d{1,2}月\d{1,2}日[上下]?午?)在(.{2,25}?)(?:召开|举行)(.{2,30}?会议?)(?=[。，,；;]|$)")
_KEY = re.compile(r"^(时间|地点|会议地点|参会人员|参加人员|出席人员|与会人员|参会对象|参加对象|议程|主持人?)\s*[:：]\s*")
_PLACE_HINT = re.compile(r"(室|厅|楼|馆|宾馆|酒店|会场|礼堂|中心|医院|学校|大厦)$")


def extract_meetings(lines: list[str], year: int | None) -> list[Meeting]:
    meetings: list[Meeting] = []
    for number, line in enumerate(lines, 1):
        body = strip_label(line)
        details = _DETAILS.search(body)
        if details:
            convene = _CONVENE.search(body[:details.start()])
            if convene:
                meetings.append(_from_details(convene.group(1), details.group(1), number, year))
                continue
        for m in _INLINE.finditer(body):
            when = m.group(1)
            meetings.append(Meeting(m.group(3), when, _iso(when, year), m.group(2), [], number))
    return meetings


def _iso(when: str | None, year: int | None) -> str | None:
    if not when:
        return None
    refs = find_dates(when)
    return refs[0].iso(year) if refs else None


def _from_details(title: str, details: str, number: int, year: int | None) -> Meeting:
    when = place = None
    attendees: list[str] = []
    parts = split_outside_brackets(details, "，,；;")
    k = 0
    while k < len(parts):
        part = parts[k].strip()
        key = _KEY.match(part)
        value = part[key.end():].strip() if key else part
        name = key.group(1) if key else None
        if name == "时间":
            when = value
        elif name in ("地点", "会议地点"):
            place = value
        elif name and ("人员" in name or "对象" in name):
            # Attendees run to the end of the bracket, separated by commas.
            attendees = [value] + [p.strip() for p in parts[k + 1:] if p.strip()]
            break
        elif name is None and place is None and _PLACE_HINT.search(value):
            place = value
        k += 1
    title = re.split(r"[，,]", title)[0].strip()
    return Meeting(title, when, _iso(when, year), place, attendees, number)

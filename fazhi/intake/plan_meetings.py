"""Meetings named in an imported plan become Meeting records of the campaign.

Connected to `fazhi.campaigns.signals.plan_imported` (intake builds on campaigns, not the
other way round). A meeting whose day cannot be read ("7月下旬") is not guessed: the office
adds it by hand.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from .choices import MeetingKind

MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
# The first word found decides: "领导小组会议（即领导班子民主生活会）" is a 民主生活会, and
# "评议监督员座谈会（即行风政风评议会）" an 评议会, as the plan itself names them.
KIND_WORDS = (("民主生活", MeetingKind.DEMOCRATIC_LIFE), ("动员", MeetingKind.MOBILIZATION), ("总结", MeetingKind.SUMMARY),
              ("通报", MeetingKind.BRIEFING), ("评议", MeetingKind.APPRAISAL), ("座谈", MeetingKind.SYMPOSIUM),
              ("领导小组", MeetingKind.LEADING_GROUP))


def meeting_kind(title: str) -> str:
    for word, kind in KIND_WORDS:
        if word in title:
            return kind
    return MeetingKind.SYMPOSIUM


def meeting_start(meeting: dict, year: int) -> dt.datetime | None:
    """"7月21日下午" in the campaign's year, 14:30 (上午 9:00); an ISO date when the parser gave one."""
    day = None
    value = meeting.get("date") or ""
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        day = dt.date.fromisoformat(value)
    elif re.match(r"^--\d{2}-\d{2}$", value):
        day = dt.date(year, int(value[2:4]), int(value[5:7]))
    else:
        found = MONTH_DAY.search(meeting.get("when") or "")
        if found:
            try:
                day = dt.date(year, int(found[1]), int(found[2]))
            except ValueError:
                day = None
    if day is None:
        return None
    hour, minute = (14, 30) if "下午" in (meeting.get("when") or "") else (9, 0)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def on_plan_imported(sender, campaign=None, actor=None, meetings=(), **kwargs) -> list:
    from .models import Meeting
    from fazhi.audit.services import audit_record, snapshot

    created = []
    for row in meetings or []:
        title = (row.get("title") or "").strip()[:200]
        starts_at = meeting_start(row, campaign.year)
        if not title or starts_at is None:
            continue
        attendees = row.get("attendees") or []
        meeting = Meeting(organizer=campaign.issuer, campaign=campaign, kind=meeting_kind(title), title=title,
                          starts_at=starts_at, place=(row.get("place") or "—")[:200],
                          attendees="、".join(attendees) if isinstance(attendees, list) else str(attendees) or "—",
                          agenda=row.get("when") or "")
        meeting.full_clean()
        meeting.save()
        # The importing office is the actor: it holds the campaign's issuer, which organises the meeting.
        audit_record(actor=actor, action="meeting.import", obj=meeting, after=snapshot(meeting), unit=campaign.issuer)
        created.append(meeting)
    return created


def connect() -> None:
    from fazhi.campaigns.signals import plan_imported

    plan_imported.connect(on_plan_imported, dispatch_uid="intake.plan_meetings")

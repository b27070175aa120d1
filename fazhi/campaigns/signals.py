"""Signals of the campaigns app, for the apps that build on it (they import campaigns, never
the other way round).

`plan_imported` is sent when a campaign was created from an imported plan, inside the same
transaction: sender=Campaign, kwargs campaign, actor, meetings (the parsed meetings, dicts of
fazhi.plan/1: title, when, date, place, attendees, line). The intake app records the meetings.
"""

from django.dispatch import Signal

plan_imported = Signal()

"""Reads of the intake app: scoped querysets with their joins, so that a page costs a fixed
number of queries. None of them touches `Reporter`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from fazhi.core.workdays import WorkCalendar
from fazhi.org.models import Unit
from fazhi.org.scoping import access, scope, subtree_q

from . import timelimits
from .choices import ReplyStatus
from .models import Attachment, Channel, Meeting, Reply, Submission

ORDERINGS = {
    "received": "received_at", "-received": "-received_at", "due": "current_due", "-due": "-current_due",
    "status": "status", "kind": "kind", "unit": "unit__path",
}


def submission_list(*, actor, filters: dict | None = None, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet:
    """The cases the actor may see, with their colour and current deadline annotated."""
    filters = filters or {}
    qs = (Submission.objects.visible_to(actor)
          .select_related("unit", "received_by", "assigned_unit", "meeting")
          # Whether a case has attachments, asked per row shown: a join and GROUP BY over every case
          # made the list (and its count) read all attachments of the scope.
          .annotate(has_attachments=Exists(Attachment.objects.filter(submission=OuterRef("pk")))))
    qs = timelimits.with_colour(qs, cal=cal, day=day)
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(case_number__icontains=q) | Q(title__icontains=q) | Q(text__icontains=q))
    for key in ("kind", "status", "source", "colour"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("unit") is not None:
        path = filters["unit"].path
        qs = qs.filter(subtree_q(path, "unit__path") | subtree_q(path, "assigned_unit__path"))
    if filters.get("meeting") is not None:
        qs = qs.filter(meeting=filters["meeting"])
    return qs.order_by(ORDERINGS.get(filters.get("ordering") or "", "-received_at"), "-id")


def submission_get(*, actor, pk) -> Submission:
    qs = Submission.objects.visible_to(actor).select_related(
        "unit", "received_by", "assigned_unit", "meeting", "duplicate_of", "merged_into", "entered_by"
    ).prefetch_related("attachments", Prefetch("replies", queryset=Reply.objects.select_related("unit", "drafted_by", "reviewed_by")))
    return access(qs, pk)


def published_replies(submission: Submission) -> QuerySet:
    return submission.replies.filter(status=ReplyStatus.PUBLISHED).select_related("unit").order_by("published_at", "id")


def counts_by_colour(qs: QuerySet) -> dict:
    return dict(qs.order_by().values_list("colour").annotate(n=Count("id")))


def meeting_list(*, actor, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    qs = Meeting.objects.visible_to(actor).select_related("organizer", "campaign").annotate(
        opinion_count=Count("submissions", distinct=True))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(place__icontains=filters["q"]))
    return qs.order_by("-starts_at", "-id")


def meeting_get(*, actor, pk) -> Meeting:
    return access(Meeting.objects.visible_to(actor).select_related("organizer", "campaign"), pk)


def channel_list(*, actor) -> QuerySet:
    return scope(Channel.objects.all(), actor, path_field="unit__path").select_related("unit")


def published_channels(*, q: str = "") -> QuerySet:
    """What the portal shows: every published channel of every active unit."""
    qs = Channel.objects.filter(published=True, unit__is_active=True).select_related("unit")
    if q:
        qs = qs.filter(Q(unit__name__icontains=q) | Q(unit__short_name__icontains=q))
    return qs.order_by("unit__path", "order", "id")


def public_units(*, q: str = "") -> QuerySet:
    """The units a person may name in a case: every active unit, searchable by name."""
    qs = Unit.objects.filter(is_active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("path")

"""Reads of the intake app: scoped querysets with their joins, so that a page costs a fixed
number of queries. None of them touches `Reporter`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.core import rollups
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.models import Unit
from fazhi.org.scoping import access, scope, scope_key, subtree_q

from . import timelimits
from .choices import SATISFIED_RATINGS, ReplyStatus
from .models import Answer, Attachment, Channel, Meeting, Questionnaire, Reply, Submission, SurveyResponse

ORDERINGS = {
    "received": "received_at", "-received": "-received_at", "due": "current_due", "-due": "-current_due",
    "status": "status", "kind": "kind", "unit": "unit__path",
}


def submission_list(*, actor, filters: dict | None = None, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet:
    """The cases the actor may see, with their colour and current deadline annotated; filters: q, kind,
    status, source, colour, reporter_category, unit (subtree, of the unit reported or assigned),
    received_by (subtree, the office that received it: what the dashboard counts), meeting, month (the
    first day of the month received)."""
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
    for key in ("kind", "status", "source", "reporter_category"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("colour"):
        qs = timelimits.with_colour_filter(qs, filters["colour"], cal=cal, day=day)
    if filters.get("unit") is not None:
        path = filters["unit"].path
        qs = qs.filter(subtree_q(path, "unit__path") | subtree_q(path, "assigned_unit__path"))
    if filters.get("received_by") is not None:
        qs = qs.filter(subtree_q(filters["received_by"].path, "received_by__path"))
    if filters.get("meeting") is not None:
        qs = qs.filter(meeting=filters["meeting"])
    if filters.get("month"):
        qs = received_in_month(qs, filters["month"])
    return qs.order_by(ORDERINGS.get(filters.get("ordering") or "", "-received_at"), "-id")


def received_in_month(qs: QuerySet, month: dt.date) -> QuerySet:
    """Cases received in the month of `month`, by the local calendar (as the dashboard counts them):
    a range on `received_at`, which its index serves (a year/month lookup would read every row)."""
    start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return qs.filter(received_at__gte=start, received_at__lt=timezone.make_aware(dt.datetime(following.year, following.month, 1)))


def submission_get(*, actor, pk) -> Submission:
    qs = Submission.objects.visible_to(actor).select_related(
        "unit", "received_by", "assigned_unit", "meeting", "duplicate_of", "merged_into", "entered_by"
    ).prefetch_related("attachments", Prefetch("replies", queryset=Reply.objects.select_related("unit", "drafted_by", "reviewed_by")))
    return access(qs, pk)


def published_replies(submission: Submission) -> QuerySet:
    return submission.replies.filter(status=ReplyStatus.PUBLISHED).select_related("unit").order_by("published_at", "id")


def counts_by_colour(qs: QuerySet) -> dict:
    return dict(qs.order_by().values_list("colour").annotate(n=Count("id")))


def colour_tabs(*, actor, filters: dict, cal: WorkCalendar | None = None) -> dict:
    """The inbox's count per colour under every filter but the colour. Unfiltered (the inbox as
    it opens, over every case of the scope) it is kept in the roll-up cache for the day: a case
    changes colour with a write or with the date."""
    others = {k: v for k, v in filters.items() if k != "colour"}

    def compute():
        return counts_by_colour(submission_list(actor=actor, filters=others, cal=cal))

    if any(v not in (None, "") for v in others.values()):
        return compute()
    # Cases, their replies and attachments are not located rows: only the global version counts.
    return rollups.cached(("intake:colours", scope_key(actor), local_today().isoformat()), compute, tags=[])


def meeting_list(*, actor, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    qs = Meeting.objects.visible_to(actor).select_related("organizer", "campaign").annotate(
        opinion_count=Count("submissions", distinct=True))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("campaign"):
        qs = qs.filter(campaign=filters["campaign"])
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


# --- 征询意见表, campaign page, 民主评议 --------------------------------------------------------

def opinion_form_units(*, actor, q: str = "") -> QuerySet:
    """The units the actor's office may print a 征询意见表 for, each with the number of cases
    the public has sent about it (whatever the channel)."""
    from fazhi.org.scoping import visible_units

    qs = visible_units(actor).filter(is_active=True).annotate(opinion_count=Count("submissions_about", distinct=True))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("path")


def unit_channels(unit) -> list:
    """The published channels a printed form lists: the unit's own and those of the offices above it."""
    return list(Channel.objects.filter(unit__path__in=unit.ancestor_paths() + [unit.path], published=True)
                .select_related("unit").order_by("-unit__depth", "order", "id")[:6])


def campaign_meetings(campaign) -> list:
    """The meetings of a campaign in the order they were held, for the campaign page (anyone
    who may open the campaign reads its meetings, as its plan lists them)."""
    return list(Meeting.objects.filter(campaign=campaign).select_related("organizer").order_by("starts_at", "id"))


def campaign_channels(campaign, limit: int = 50) -> list:
    """The complaint channels published by the campaign's issuer and the units under it."""
    return list(Channel.objects.filter(subtree_q(campaign.issuer.path, "unit__path"), published=True, unit__is_active=True)
                .select_related("unit").order_by("unit__path", "order", "id")[:limit])


def questionnaire_list(*, actor) -> QuerySet:
    return (Questionnaire.objects.visible_to(actor).select_related("campaign", "campaign__issuer")
            .annotate(question_count=Count("questions", distinct=True), response_count=Count("responses", distinct=True))
            .order_by("-created_at", "-id"))


def questionnaire_get(*, actor, pk) -> Questionnaire:
    return access(Questionnaire.objects.visible_to(actor).select_related("campaign", "campaign__issuer"), pk)


def open_questionnaire(pk) -> Questionnaire | None:
    """For the portal: an open questionnaire of a campaign that is not over."""
    return (Questionnaire.objects.filter(pk=pk, is_open=True).select_related("campaign", "campaign__issuer")
            .prefetch_related("questions").first())


def open_questionnaires_for(unit) -> list:
    """The open questionnaires a unit can be evaluated in (its campaign's issuer is above it)."""
    if unit is None:
        return []
    return list(Questionnaire.objects.filter(is_open=True, campaign__issuer__path__in=unit.ancestor_paths() + [unit.path])
                .select_related("campaign").order_by("-created_at"))


def satisfaction(questionnaire: Questionnaire, *, units: QuerySet | None = None) -> list[dict]:
    """Each evaluated unit's figure: the share of answers that are 满意 or 基本满意, the number
    of answers and of answer sheets, best first. Two queries whatever the number of units."""
    rows = (Answer.objects.filter(response__questionnaire=questionnaire)
            .values("response__unit").annotate(answers=Count("id"), satisfied=Count("id", filter=Q(rating__in=SATISFIED_RATINGS)),
                                               top=Count("id", filter=Q(rating=SATISFIED_RATINGS[0]))))
    if units is not None:
        rows = rows.filter(response__unit__in=units)
    sheets = dict(SurveyResponse.objects.filter(questionnaire=questionnaire).values_list("unit").annotate(n=Count("id")))
    figures = {r["response__unit"]: r for r in rows}
    unit_names = dict(Unit.objects.filter(pk__in=figures).values_list("pk", "name"))
    result = []
    for unit_id, r in figures.items():
        share = round(100 * r["satisfied"] / r["answers"], 1) if r["answers"] else None
        result.append({"unit_id": unit_id, "unit_name": unit_names.get(unit_id, ""), "answers": r["answers"],
                       "responses": sheets.get(unit_id, 0), "satisfied": r["satisfied"], "very_satisfied": r["top"],
                       "percent": share})
    result.sort(key=lambda row: (-(row["percent"] or 0), row["unit_name"]))
    return result

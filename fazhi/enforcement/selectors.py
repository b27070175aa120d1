"""Reads of administrative law: scoped querysets with their joins done here (a page costs a
fixed number of queries), and what the public portal may show (nothing personal)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from fazhi.core.workdays import today as local_today
from fazhi.org.models import Unit
from fazhi.org.scoping import access, granted_paths, is_unrestricted, path_q, scope

from .choices import CaseKind, DocumentStatus, DrawStatus, PowerStatus, ReviewStatus
from .models import (ApprovalCase, ApprovalItem, CaseAttachment, DiscretionStandard, EnforcementCase, EnforcementRule,
                     LegalAdviser, LegalReview, MajorDecision, NormativeDocument, Power, RandomDraw)


def _unit(value) -> Unit | None:
    if isinstance(value, Unit):
        return value
    return Unit.objects.filter(pk=value).first() if str(value or "").isdigit() else None


def _common(qs: QuerySet, filters: dict, *, search: tuple = (), path: str = "unit__path", year: str = "") -> QuerySet:
    """Filters every list shares: unit (subtree), status, kind, year, q (search)."""
    filters = filters or {}
    if filters.get("unit"):
        unit = _unit(filters["unit"])
        qs = qs.filter(**{f"{path}__startswith": unit.path}) if unit else qs.none()
    for name in ("status", "kind"):
        if filters.get(name) and name in {f.name for f in qs.model._meta.fields}:
            qs = qs.filter(**{name: filters[name]})
    if filters.get("year") and year:
        qs = qs.filter(**{year: filters["year"]})
    if filters.get("q") and search:
        q = Q()
        for field in search:
            q |= Q(**{f"{field}__icontains": filters["q"].strip()})
        qs = qs.filter(q)
    return qs


# --- normative documents ------------------------------------------------------------------

def document_list(*, actor, filters: dict | None = None) -> QuerySet[NormativeDocument]:
    qs = scope(NormativeDocument.objects.all(), actor).select_related("unit")
    filters = filters or {}
    if filters.get("expiring"):
        qs = qs.filter(status=DocumentStatus.IN_FORCE, expires_on__lte=expiry_horizon())
    return _common(qs, filters, search=("title", "number"), year="published_on__year")


def document_get(*, actor, pk) -> NormativeDocument:
    return access(document_list(actor=actor).prefetch_related("reviews__reviewer__person", "cleanups__round"), pk)


def expiry_horizon(day: dt.date | None = None) -> dt.date:
    return (day or local_today()) + dt.timedelta(days=EnforcementRule.current().expiry_reminder_days)


def documents_expiring(*, actor, day: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """Documents in force whose validity ends within the reminder period (or has ended): to clean up."""
    return scope(NormativeDocument.objects.filter(status=DocumentStatus.IN_FORCE, expires_on__lte=expiry_horizon(day)),
                 actor).select_related("unit").order_by("expires_on")


def public_documents(*, q: str = "", day: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """Documents in force for the portal: filed, not expired, not repealed. Seed 000: a document
    published five years ago and not filed again may not be used."""
    day = day or local_today()
    qs = NormativeDocument.objects.filter(status=DocumentStatus.IN_FORCE, expires_on__gte=day).select_related("unit")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs.order_by("-published_on", "-id")


# --- legal reviews ------------------------------------------------------------------------

def review_list(*, actor, filters: dict | None = None) -> QuerySet[LegalReview]:
    qs = scope(LegalReview.objects.all(), actor).select_related("unit", "requested_by__person", "reviewer__person",
                                                                "document", "decision", "case")
    qs = _common(qs, filters or {}, search=("title",), year="requested_on__year")
    if (filters or {}).get("subject"):
        qs = qs.filter(subject=filters["subject"])
    if (filters or {}).get("review_status"):
        qs = qs.filter(status=filters["review_status"])
    return qs


def review_inbox(*, actor) -> QuerySet[LegalReview]:
    """Pending reviews in the subtrees where the actor holds the reviewer role."""
    from fazhi.org.choices import Role

    return scope(LegalReview.objects.filter(status=ReviewStatus.PENDING), actor, roles=[Role.REVIEWER]).select_related(
        "unit", "requested_by__person", "document", "decision", "case").order_by("requested_on", "id")


def review_get(*, actor, pk) -> LegalReview:
    return access(review_list(actor=actor), pk)


# --- major decisions ------------------------------------------------------------------------

def decision_list(*, actor, filters: dict | None = None) -> QuerySet[MajorDecision]:
    qs = scope(MajorDecision.objects.all(), actor).select_related("unit")
    return _common(qs, filters or {}, search=("title",), year="year")


def decision_get(*, actor, pk) -> MajorDecision:
    return access(decision_list(actor=actor).prefetch_related("reviews__reviewer__person"), pk)


def participation_opinions(decision: MajorDecision, *, actor) -> int | None:
    """How many opinions the portal's opinion collection gathered for the decision (intake's selector)."""
    if not decision.participation_meeting_id:
        return None
    from fazhi.intake import selectors as intake_selectors

    row = intake_selectors.meeting_list(actor=actor).filter(pk=decision.participation_meeting_id).first()
    return row.opinion_count if row is not None else None


# --- enforcement cases ------------------------------------------------------------------------

def case_list(*, actor, filters: dict | None = None, day: dt.date | None = None) -> QuerySet[EnforcementCase]:
    filters = filters or {}
    qs = scope(EnforcementCase.objects.all(), actor).select_related("unit", "standard", "special_action")
    qs = _common(qs, filters, search=("number", "party_name", "facts", "legal_basis"), year="opened_on__year")
    if filters.get("out_of_range"):
        qs = qs.filter(out_of_range=True)
    if filters.get("overdue"):
        qs = overdue_disclosures(qs, day=day)
    return qs


def overdue_disclosures(qs: QuerySet, *, day: dt.date | None = None) -> QuerySet:
    return qs.filter(disclosed_on__isnull=True, disclosure_due__lt=day or local_today())


def case_get(*, actor, pk) -> EnforcementCase:
    return access(case_list(actor=actor).prefetch_related("steps__attachments", "steps__recorded_by__person",
                                                          "reviews__reviewer__person"), pk)


def case_attachment_get(*, actor, pk) -> CaseAttachment:
    return access(scope(CaseAttachment.objects.all(), actor, path_field=CaseAttachment.scope_path), pk)


def public_decisions(*, q: str = "") -> QuerySet[EnforcementCase]:
    """Disclosed decisions for the portal. The page masks the party's name when a person and
    never shows an id number (see mask_party)."""
    qs = EnforcementCase.objects.filter(disclosed_on__isnull=False, kind__in=[CaseKind.PENALTY, CaseKind.COERCION])
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(legal_basis__icontains=q) | Q(unit__name__icontains=q))
    return qs.select_related("unit").order_by("-disclosed_on", "-id")


def mask_name(name: str) -> str:
    """张三丰 → 张**: the surname stays, the rest is masked."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# --- discretion standards, approvals, powers, advisers, draws -----------------------------------

def standard_list(*, actor, filters: dict | None = None) -> QuerySet[DiscretionStandard]:
    """Standards of the actor's subtrees and of the units above them: a city's standards apply
    in its counties."""
    qs = DiscretionStandard.objects.all()
    if not is_unrestricted(actor):
        paths = granted_paths(actor)
        above = {a for p in paths for a in _ancestor_paths(p)}
        qs = qs.filter(path_q(paths, "unit__path") | Q(unit__path__in=above)) if paths else qs.none()
    qs = qs.select_related("unit")
    return _common(qs, filters or {}, search=("code", "violation", "circumstance", "basis"))


def _ancestor_paths(path: str) -> list[str]:
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]


def standard_search(*, actor, q: str, limit: int = 20) -> list[DiscretionStandard]:
    """While recording a case: standards whose code, violation or circumstance match."""
    return list(standard_list(actor=actor, filters={"q": q})[:limit]) if (q or "").strip() else []


def approval_item_list(*, actor, filters: dict | None = None) -> QuerySet[ApprovalItem]:
    qs = scope(ApprovalItem.objects.all(), actor).select_related("unit").annotate(
        case_count=Count("cases")).order_by("unit__path", "code")
    return _common(qs, filters or {}, search=("code", "name"))


def approval_case_list(*, actor, filters: dict | None = None) -> QuerySet[ApprovalCase]:
    filters = filters or {}
    qs = scope(ApprovalCase.objects.all(), actor).select_related("unit", "item")
    qs = _common(qs, filters, search=("number", "applicant", "item__name"), year="received_on__year")
    if filters.get("item"):
        qs = qs.filter(item_id=filters["item"])
    return qs


def power_list(*, actor, filters: dict | None = None) -> QuerySet[Power]:
    qs = scope(Power.objects.all(), actor).select_related("unit").prefetch_related("changes")
    return _common(qs, filters or {}, search=("code", "name", "basis"))


def public_powers(*, q: str = "") -> QuerySet[Power]:
    qs = Power.objects.filter(published=True, status=PowerStatus.ACTIVE).select_related("unit")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(unit__name__icontains=q))
    return qs.order_by("unit__path", "code")


def adviser_list(*, actor, filters: dict | None = None) -> QuerySet[LegalAdviser]:
    qs = scope(LegalAdviser.objects.all(), actor).select_related("unit").prefetch_related("matters")
    return _common(qs, filters or {}, search=("name", "firm"))


def draw_list(*, actor, filters: dict | None = None) -> QuerySet[RandomDraw]:
    qs = scope(RandomDraw.objects.all(), actor).select_related("unit").prefetch_related(
        "picks__object", "picks__inspector")
    return _common(qs, filters or {}, search=("title", "seed"), year="drawn_on__year")


def public_draws() -> QuerySet[RandomDraw]:
    return RandomDraw.objects.filter(status=DrawStatus.PUBLISHED).select_related("unit").prefetch_related(
        "picks__object").order_by("-published_on", "-id")

"""Reads of the reports app."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import translation

from fazhi.org.scoping import access

from .figures import report_figures
from .models import OutgoingDocument


def document_list(*, actor, filters: dict | None = None) -> QuerySet[OutgoingDocument]:
    """Documents issued by units in the actor's subtrees; filters: kind, year, status, q."""
    filters = filters or {}
    qs = OutgoingDocument.objects.visible_to(actor).select_related("issuer", "campaign", "drafted_by", "signed_by")
    for key in ("kind", "year", "status"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(doc_number__icontains=filters["q"]))
    return qs


def document_get(*, actor, pk) -> OutgoingDocument:
    return access(document_list(actor=actor), pk)


def figures_of(*, actor, document: OutgoingDocument, language: str | None = None) -> dict:
    """The document's figures: frozen ones once frozen, else computed now from the live data."""
    if document.frozen:
        return document.figures
    with translation.override(language or translation.get_language()):
        return report_figures(actor=actor, issuer=document.issuer, year=document.year, campaign=document.campaign)

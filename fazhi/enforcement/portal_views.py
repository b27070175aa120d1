"""Public pages of administrative law on the portal: documents in force, disclosed
enforcement decisions (a person's name masked, no id number, no facts), the powers list and
the published results of random inspections. Nothing here needs an account."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

PAGE_SIZE = 20


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def documents(request):
    q = request.GET.get("q", "").strip()[:100]
    return render(request, "enforcement/portal/documents.html", {"page": _page(request, selectors.public_documents(q=q)), "q": q})


def decisions(request):
    q = request.GET.get("q", "").strip()[:100]
    page = _page(request, selectors.public_decisions(q=q))
    rows = [{"number": c.number, "unit": c.unit.name, "kind": c.get_kind_display(),
             "party": selectors.mask_name(c.party_name) if c.party_kind == "person" else c.party_name,
             "basis": c.legal_basis, "result": c.penalty_text, "amount": c.penalty_amount, "decided_on": c.decided_on,
             "disclosed_on": c.disclosed_on} for c in page.object_list]
    return render(request, "enforcement/portal/decisions.html", {"page": page, "rows": rows, "q": q})


def powers(request):
    q = request.GET.get("q", "").strip()[:100]
    return render(request, "enforcement/portal/powers.html", {"page": _page(request, selectors.public_powers(q=q)), "q": q})


def inspections(request):
    page = _page(request, selectors.public_draws())
    return render(request, "enforcement/portal/inspections.html", {"page": page})

"""Pages of the plan importer. The draft lives in the page (a JSON field the script edits),
never in the session, so any server process can take the next request."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from fazhi.campaigns.choices import DemoLevel, QuotaKind, WorkKind
from fazhi.campaigns.selectors import campaign_get
from fazhi.org.choices import Role, UnitKind
from fazhi.org.scoping import granted_paths, is_unrestricted, require_role, visible_units

from . import messages as m
from .diff import plan_diff
from .draft import build_draft
from .forms import DraftForm, PlanSourceForm, ReviseConfirmForm
from .services import plan_import_create, plan_import_revise, responsibility_warnings
from .strings import ui_strings


def _limit_mb() -> int:
    return settings.FAZHI_UPLOAD_MAX_BYTES // 1048576


def _issuers(user):
    """Units the user may issue a campaign for: commissions, bureaus and their offices first."""
    if not (is_unrestricted(user) or granted_paths(user, [Role.OFFICE])):
        raise PermissionDenied(m.NOT_OFFICE)
    units = visible_units(user, roles=[Role.OFFICE]).order_by("depth", "path")
    preferred = units.filter(kind__in=[UnitKind.ADMIN_DEPT, UnitKind.OFFICE])
    return preferred if preferred.exists() else units


def _default_issuer(issuers, name: str | None):
    if name:
        match = issuers.filter(Q(name=name) | Q(short_name=name)).first()
        if match:
            return match
    return issuers.first()


def campaign_url(campaign) -> str:
    try:
        return reverse("campaigns:detail", args=[campaign.pk])
    except NoReverseMatch:
        return f"/campaigns/{campaign.pk}/"


def _render_draft(request, form: DraftForm, draft: dict, status: int = 200):
    context = {
        "form": form,
        "draft": draft,
        "source_lines": (draft.get("text") or "").split("\n"),
        "ui": ui_strings(),
        "levels": [{"value": v, "label": str(label)} for v, label in DemoLevel.choices],
        "quota_kinds": [{"value": v, "label": str(label)} for v, label in QuotaKind.choices],
        "works": [{"value": v, "label": str(label)} for v, label in WorkKind.choices],
        "kinds": [{"value": v, "label": str(label)} for v, label in UnitKind.choices],
    }
    return render(request, "campaigns/planimport/draft.html", context, status=status)


@login_required
def start(request):
    """Upload or paste a plan; a good one comes back as the editable draft."""
    issuers = _issuers(request.user)
    form = PlanSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        draft = build_draft(form.plan.to_dict())
        issuer = _default_issuer(issuers, draft.get("issuer"))
        draft["warnings"] += responsibility_warnings(issuer=issuer, plan=draft)
        initial = {"issuer": issuer, "title": draft["title"], "doc_number": draft.get("doc_number") or "",
                   "date": draft.get("date"), "year": draft["year"],
                   "draft": json.dumps(draft, ensure_ascii=False)}
        return _render_draft(request, DraftForm(initial=initial, issuers=issuers), draft)
    return render(request, "campaigns/planimport/start.html", {"form": form, "upload_limit_mb": _limit_mb()})


@login_required
@require_POST
def create(request):
    """The one button: the edited draft becomes a campaign, whole or not at all."""
    issuers = _issuers(request.user)
    form = DraftForm(request.POST, issuers=issuers)
    if form.is_valid():
        try:
            campaign = plan_import_create(actor=request.user, issuer=form.cleaned_data["issuer"], plan=form.plan())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, str(m.CAMPAIGN_CREATED).format(
                title=campaign.title, phases=campaign.phases.count(), quotas=campaign.quotas.count(),
                tasks=campaign.tasks.count()))
            return redirect(campaign_url(campaign))
    draft = form.raw_draft()
    if draft is None:
        return render(request, "campaigns/planimport/start.html",
                      {"form": PlanSourceForm(), "source_error": m.DRAFT_INVALID, "upload_limit_mb": _limit_mb()}, status=400)
    return _render_draft(request, form, draft, status=400)


def _office_campaign(request, pk):
    campaign = campaign_get(actor=request.user, pk=pk)
    require_role(request.user, [Role.OFFICE], campaign.issuer, m.NOT_OFFICE)
    return campaign


def _render_preview(request, campaign, plan: dict, errors=(), status: int = 200):
    diff = plan_diff(campaign=campaign, plan=plan)
    confirm = ReviseConfirmForm(initial={"plan": json.dumps(plan, ensure_ascii=False), "fingerprint": diff.fingerprint})
    return render(request, "campaigns/planimport/revise_preview.html", {
        "campaign": campaign, "diff": diff, "confirm": confirm, "errors": errors, "plan": plan,
        "campaign_url": campaign_url(campaign)}, status=status)


@login_required
def revise(request, pk):
    """A revised plan for an existing campaign: parse it and show the differences first."""
    campaign = _office_campaign(request, pk)
    form = PlanSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan = build_draft(form.plan.to_dict())
        return _render_preview(request, campaign, plan)
    return render(request, "campaigns/planimport/revise.html", {"campaign": campaign, "form": form,
                                                                 "campaign_url": campaign_url(campaign), "upload_limit_mb": _limit_mb()})


@login_required
@require_POST
def revise_apply(request, pk):
    campaign = _office_campaign(request, pk)
    form = ReviseConfirmForm(request.POST)
    if not form.is_valid():
        return render(request, "campaigns/planimport/revise.html", {"campaign": campaign, "form": PlanSourceForm(),
                                                                     "source_error": m.DRAFT_INVALID,
                                                                     "campaign_url": campaign_url(campaign), "upload_limit_mb": _limit_mb()},
                      status=400)
    plan = form.cleaned_data["plan"]
    try:
        result = plan_import_revise(actor=request.user, campaign=campaign, plan=plan,
                                    fingerprint=form.cleaned_data["fingerprint"])
    except ValidationError as exc:
        return _render_preview(request, campaign, plan, errors=exc.messages, status=400)
    if result.diff.empty:
        messages.info(request, m.NO_DIFFERENCES)
    else:
        messages.success(request, str(m.REVISION_APPLIED).format(added=result.added, changed=result.changed,
                                                                 deleted=result.deleted, kept=result.kept))
    return redirect(campaign_url(campaign))

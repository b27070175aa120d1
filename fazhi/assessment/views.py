"""Assessment pages. Thin: parse input, call a selector or a service, render.

A service's ValidationError becomes a message on the page (nothing was written); its
PermissionDenied a 403 page that says why.
"""

from __future__ import annotations

import functools
import json
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.campaigns import selectors as campaign_selectors
from fazhi.core.excel import workbook_response
from fazhi.org.access import page_for_roles
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.core.files import FILE_TOO_LARGE
from fazhi.org.scoping import access, grants_of, has_role, visible_units
from fazhi.planparse import PlanParseError
from fazhi.planparse.rubric import read_bytes as read_rubric_bytes
from fazhi.planparse.rubric import read_text as read_rubric_text

from . import docx as circular_docx
from . import excel, quotas, rubricdraft, rubricio, selectors, services, targets
from . import messages as m
from .choices import AssessmentKind, ItemKind, RoundStatus
from .forms import (CircularForm, NominateForm, NominationFilterForm, RoundFilterForm, RoundForm, RubricImportForm,
                    RubricSaveForm, RubricSourceForm,
                    ShortfallForm, add_service_errors)
from .models import Assessment, Stage
from .rubricimport import rubric_import_parsed

PAGE_SIZE = 25


def guarded(view):
    """Login required; a PermissionDenied shown as a 403 page with its reason."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(request, "assessment/forbidden.html",
                          {"reason": str(denied) or _("您没有办理此事项的权限。")}, status=403)

    return login_required(wrapper)


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- rounds -------------------------------------------------------------------------------

@page_for_roles("assessment")
@guarded
def round_list(request):
    form = RoundFilterForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
    filters["ordering"] = request.GET.get("ordering")
    page = _page(request, selectors.round_list(actor=request.user, filters=filters))
    can_create = request.user.is_superuser or bool(_office_grants(request.user))
    return render(request, "assessment/round_list.html", {"page": page, "form": form, "can_create": can_create})


def _office_units(user):
    return visible_units(user, roles=[Role.OFFICE]).exclude(kind="window")


@guarded
def round_create(request):
    user = request.user
    campaigns = campaign_selectors.campaign_list(actor=user).filter(issuer__in=_office_units(user))
    form = RoundForm(request.POST or None, campaigns=campaigns, rubrics=selectors.rubric_list(actor=user).filter(is_active=True),
                     scopes=_office_units(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_create(actor=user, campaign=d["campaign"], rubric=d["rubric"], title=d["title"],
                                        scope=d["scope"], stages=form.stage_data(), grade_bands=d["grade_bands"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已创建考评轮次“{title}”。").format(title=rnd.title))
            return redirect("assessment:round", pk=rnd.pk)
    return render(request, "assessment/round_form.html", {"form": form})


@guarded
def round_detail(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    stages = list(rnd.stages.all())
    rows: dict[int, dict] = {}
    for a in selectors.assessment_list(actor=request.user, rnd=rnd).defer("item_finals").order_by("unit__path", "stage__order"):
        rows.setdefault(a.unit_id, {"unit": a.unit, "cells": {}})["cells"][a.stage_id] = a
    table = [{"unit": r["unit"], "cells": [r["cells"].get(s.pk) for s in stages]} for r in rows.values()]
    return render(request, "assessment/round_detail.html", {
        "round": rnd, "stages": stages, "page": _page(request, table), "can_manage": selectors.can_manage(request.user, rnd),
        "uses": quotas.quota_overview(rnd),
        "sees_inspection": selectors.sees_inspection(request.user, rnd) or rnd.status == RoundStatus.PUBLISHED,
    })


@guarded
@require_POST
def round_status(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    action = {"open": services.round_open, "close": services.round_close, "publish": services.round_publish}.get(
        request.POST.get("action"))
    if action is None:
        raise Http404
    try:
        rnd = action(actor=request.user, rnd=rnd)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, str(m.ROUND_STATUS_CHANGED).format(status=rnd.get_status_display()))
    return redirect("assessment:round", pk=pk)


# --- scoring ------------------------------------------------------------------------------

@guarded
def stage_unit(request, stage, unit):
    """Scoring page of a unit at a stage, addressed by stage and unit (links from other apps)."""
    stage = get_object_or_404(Stage.objects.select_related("round"), pk=stage)
    rnd = selectors.round_get(actor=request.user, pk=stage.round_id)
    unit = access(visible_units(request.user), unit)
    try:
        found = services.assessment_for(rnd=rnd, stage=stage, unit=unit)
    except ValidationError as e:
        _error(request, e)
        return redirect("assessment:round", pk=rnd.pk)
    return redirect("assessment:assessment", pk=found.pk)


COUNTABLE = ("per_shortfall", "fixed", "penalty", "all_or_nothing", "bonus_per", "bonus")


def _countable(item) -> list[tuple[int, dict]]:
    return [(i, r) for i, r in enumerate(item.rules or []) if r.get("shape") in COUNTABLE]


def _can_veto(item) -> bool:
    return item.kind == ItemKind.VETO or any(r.get("shape") == "veto" for r in item.rules or [])


def _entries_from_post(request, items) -> list[services.ScoreEntry]:
    entries = []
    for item in items:
        if item.kind == ItemKind.CATEGORY:
            continue
        key = str(item.pk)
        points = request.POST.get(f"points_{key}", "").strip()
        shortfalls = request.POST.get(f"shortfalls_{key}", "").strip()
        counts = {str(i): request.POST.get(f"count_{key}_{i}", "").strip() for i, _r in _countable(item)}
        counts = {i: v for i, v in counts.items() if v}
        band = request.POST.get(f"band_{key}", "").strip()
        vetoed = request.POST.get(f"veto_{key}") == "on"
        if item.kind == ItemKind.VETO:
            if f"veto_present_{key}" not in request.POST:
                continue
        elif not (points or shortfalls or counts or band or vetoed):
            continue
        entries.append(services.ScoreEntry(
            item_id=item.pk, points=points or None, shortfalls=shortfalls or None, vetoed=vetoed,
            reason=request.POST.get(f"reason_{key}", ""), evidence_note=request.POST.get(f"note_{key}", ""),
            file=request.FILES.get(f"file_{key}"), counts=counts or None, band=band or None))
    return entries


def _rule_inputs(item, value: dict) -> dict:
    """What the scoring row offers for an item's rules: bands to pick, counts to enter."""
    counts = value.get("counts") or {}
    bands = []
    for rule in item.rules or []:
        if rule.get("shape") == "bands":
            bands = [{"index": k, "label": b.get("label") or "", "condition": b.get("condition") or "",
                      "points": b.get("points"), "selected": str(value.get("band", "")) == str(k)}
                     for k, b in enumerate(rule.get("bands") or [])]
            break
    return {"bands": bands, "rules_json": json.dumps(item.rules or [], ensure_ascii=False),
            "counts": [{"index": i, "rule": r, "value": counts.get(str(i), "")} for i, r in _countable(item)],
            "can_veto": _can_veto(item)}


def _can_score(user, a: Assessment) -> bool:
    if a.round.status != RoundStatus.OPEN or a.status != "in_progress":
        return False
    if a.kind == AssessmentKind.SELF:
        return has_role(user, [Role.LIAISON], a.unit)
    team = {u.pk for u in a.team.all()}
    return has_role(user, [Role.INSPECTOR], a.unit) and (not team or user.pk in team or user.is_superuser)


@guarded
def assessment_detail(request, pk):
    a = selectors.assessment_get(actor=request.user, pk=pk)
    rnd = a.round
    items = selectors.rubric_items(rnd.rubric)
    may_score = _can_score(request.user, a)
    # Said before any typing: a closed phase disables the form instead of refusing it on save.
    closed_reason = services.scoring_closed_reason(a) if may_score else ""
    can_score = may_score and not closed_reason
    posted = None
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied(m.NOT_INSPECTOR if a.kind == AssessmentKind.INSPECTION else m.NOT_LIAISON)
        try:
            saved = services.item_scores_save(actor=request.user, assessment=a, entries=_entries_from_post(request, items))
        except ValidationError as e:
            _error(request, e)
            posted = request.POST
        else:
            messages.success(request, str(m.SCORES_SAVED).format(n=len(saved)))
            return redirect("assessment:assessment", pk=a.pk)
    scores = selectors.item_scores_of(a)
    mine = {s.item_id: s for s in scores if s.scorer_id == request.user.pk}
    others = {}
    for s in scores:
        if s.scorer_id != request.user.pk:
            others.setdefault(s.item_id, []).append(s)
    rows = []
    for item in items:
        key = str(item.pk)
        final = a.item_finals.get(key)
        value = {}
        if posted is not None:
            value = {"points": posted.get(f"points_{key}", ""), "shortfalls": posted.get(f"shortfalls_{key}", ""),
                     "reason": posted.get(f"reason_{key}", ""), "note": posted.get(f"note_{key}", ""),
                     "veto": posted.get(f"veto_{key}") == "on", "band": posted.get(f"band_{key}", ""),
                     "counts": {str(i): posted.get(f"count_{key}_{i}", "") for i, _r in _countable(item)}}
        elif item.pk in mine:
            s = mine[item.pk]
            value = {"points": s.points, "shortfalls": s.shortfalls if s.shortfalls is not None else "", "reason": s.reason,
                     "note": s.evidence_note, "veto": s.vetoed, "band": "" if s.band is None else s.band,
                     "counts": s.counts or {}}
        rows.append({"item": item, "mine": mine.get(item.pk), "others": others.get(item.pk, []), "value": value,
                     "final": final, **_rule_inputs(item, value)})
    return render(request, "assessment/assessment.html", {
        "a": a, "round": rnd, "rows": rows, "can_score": can_score, "closed_reason": closed_reason,
        "draft_key": f"fazhi-score-draft:{a.pk}:{request.user.pk}",
        "can_manage": has_role(request.user, [Role.OFFICE], a.unit),
        "can_submit": (can_score and a.status == "in_progress") or (a.kind == AssessmentKind.INSPECTION and has_role(request.user, [Role.OFFICE], a.unit)
                                    and rnd.status == RoundStatus.OPEN and a.status == "in_progress"),
        "shortfall_form": ShortfallForm(), "scorable": services.scorable_count(rnd.rubric),
        "team": list(a.team.all()),
    })


@guarded
@require_POST
def assessment_submit(request, pk):
    a = selectors.assessment_get(actor=request.user, pk=pk)
    try:
        services.assessment_submit(actor=request.user, assessment=a)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, m.ASSESSMENT_SUBMITTED_OK)
    return redirect("assessment:assessment", pk=pk)


@guarded
@require_POST
def shortfall_raise(request, pk):
    a = selectors.assessment_get(actor=request.user, pk=pk)
    form = ShortfallForm(request.POST)
    item = a.round.rubric.items.filter(pk=request.POST.get("item") or 0).first()
    if item is None:
        messages.error(request, m.ITEM_NOT_IN_RUBRIC)
    else:
        try:
            services.shortfall_raise(actor=request.user, assessment=a, item=item,
                                     description=form.data.get("description", ""))
        except ValidationError as e:
            _error(request, e)
        else:
            messages.success(request, m.SHORTFALL_RAISED)
    return redirect("assessment:assessment", pk=pk)


@guarded
def score_evidence(request, pk):
    score = access(selectors.item_score_list(actor=request.user), pk)
    if not score.evidence_file:
        raise Http404
    response = FileResponse(score.evidence_file.open("rb"), content_type=score.evidence_mime or "application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename=\"evidence\"; filename*=UTF-8''{quote(score.evidence_name)}"
    return response


# --- results ------------------------------------------------------------------------------

@guarded
def results(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    group = request.GET.get("group") if (request.GET.get("group") or "").isdigit() else None
    res = selectors.results(actor=request.user, rnd=rnd, group=group)
    ranked = [r for r in res.rows if r.final is not None]
    chart = {"units": [r.unit.display_name for r in ranked[:30]], "totals": [float(r.final.total) for r in ranked[:30]],
             "self": [float(r.self_assessment.total) if r.self_assessment and r.self_assessment.total is not None else None
                      for r in ranked[:30]],
             "labels": {"final": _("督查考评得分"), "self": _("自评得分")}}
    inspection_stages = [s for s in res.stages if s.kind == AssessmentKind.INSPECTION]
    return render(request, "assessment/results.html", {
        "round": rnd, "res": res, "page": _page(request, res.rows), "chart": chart, "group": group,
        "inspection_stages": inspection_stages,
        "compare": selectors.comparison(actor=request.user, rnd=rnd, rows=res.rows) if not res.hidden else [],
        "bands": rnd.grade_bands, "can_manage_round": selectors.can_manage(request.user, rnd),
    })


@guarded
def results_export(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    wb = excel.scores_workbook(actor=request.user, rnd=rnd)
    return workbook_response(wb, _("{title}考评得分.xlsx").format(title=rnd.title))


# --- nominations --------------------------------------------------------------------------

@guarded
def nominations(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    user = request.user
    nominable = (Unit.objects.filter(assessments__round=rnd, assessments__scored_items__gt=0,
                                     assessments__kind=AssessmentKind.INSPECTION, assessments__vetoed=False)
                 .filter(pk__in=visible_units(user, roles=[Role.OFFICE]).values("pk"))
                 .exclude(nominations__round=rnd).distinct().order_by("path"))
    form = NominateForm(request.POST or None, units=nominable)
    if request.method == "POST" and form.is_valid():
        try:
            n = quotas.nomination_create(actor=user, rnd=rnd, unit=form.cleaned_data["unit"], note=form.cleaned_data["note"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, str(m.NOMINATED_OK).format(unit=n.unit.name))
            return redirect("assessment:nominations", pk=pk)
    filters = NominationFilterForm(request.GET or None)
    flt = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    res = {r.unit.pk: r for r in selectors.results(actor=user, rnd=rnd).rows}
    page = _page(request, selectors.nomination_list(actor=user, rnd=rnd, filters=flt))
    for n in page.object_list:
        n.result = res.get(n.unit_id)
    return render(request, "assessment/nominations.html", {
        "round": rnd, "page": page, "form": form, "filters": filters, "uses": quotas.quota_overview(rnd),
        "can_select": selectors.can_select(user, rnd) and rnd.status == RoundStatus.OPEN,
        "can_manage_round": selectors.can_manage(user, rnd),
        "can_nominate": rnd.status == RoundStatus.OPEN and bool(visible_units(user, roles=[Role.OFFICE]).exists()),
    })


@guarded
@require_POST
def nominations_select(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    ids = [i for i in request.POST.getlist("nomination") if i.isdigit()]
    chosen = list(selectors.nomination_list(actor=request.user, rnd=rnd).filter(pk__in=ids))
    try:
        if request.POST.get("action") == "decline":
            for n in chosen:
                quotas.nomination_decline(actor=request.user, nomination=n)
                messages.success(request, str(m.DECLINED_OK).format(unit=n.unit.name))
            if not chosen:
                raise ValidationError(m.NOMINATION_NONE_SELECTED)
        else:
            done = quotas.nominations_select(actor=request.user, nominations=chosen)
            messages.success(request, str(m.SELECTED_OK).format(n=len(done)))
    except ValidationError as e:
        _error(request, e)
    return redirect("assessment:nominations", pk=pk)


# --- circular -----------------------------------------------------------------------------

@guarded
def circular(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if not selectors.can_manage(request.user, rnd):
        raise PermissionDenied(m.NOT_OFFICE)
    circular_docx.fill_defaults(rnd)
    form = CircularForm(request.POST or None, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_circular_update(actor=request.user, rnd=rnd, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, m.CIRCULAR_SAVED)
            return redirect("assessment:circular", pk=pk)
    selected = circular_docx.headings(rnd)
    return render(request, "assessment/circular.html", {"round": rnd, "form": form, "selected": selected})


@guarded
def circular_download(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if not selectors.can_manage(request.user, rnd):
        raise PermissionDenied(m.NOT_OFFICE)
    circular_docx.fill_defaults(rnd)
    data = circular_docx.circular_bytes(rnd)
    response = HttpResponse(data, content_type=circular_docx.DOCX_MIME)
    name = _("{title}.docx").format(title=rnd.circular_title)
    response["Content-Disposition"] = f"attachment; filename=\"circular.docx\"; filename*=UTF-8''{quote(name)}"
    return response


# --- rubrics ------------------------------------------------------------------------------

@guarded
def rubric_list(request):
    q = request.GET.get("q", "").strip()
    page = _page(request, selectors.rubric_list(actor=request.user, filters={"q": q}))
    return render(request, "assessment/rubric_list.html", {
        "page": page, "q": q, "form": RubricImportForm(),
        "can_import": request.user.is_superuser or bool(_office_grants(request.user)),
    })


@guarded
def rubric_detail(request, pk):
    rubric = selectors.rubric_get(actor=request.user, pk=pk)
    return render(request, "assessment/rubric_detail.html", {"rubric": rubric, "items": selectors.rubric_items(rubric)})


@guarded
@require_POST
def rubric_import(request):
    form = RubricImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, m.RUBRIC_FILE_UNREADABLE)
        return redirect("assessment:rubrics")
    upload = form.cleaned_data["file"]
    owner = getattr(getattr(request.user, "person", None), "unit", None)
    owner = next((g.unit for g in _office_grants(request.user)), owner)
    try:
        if upload.name.lower().endswith((".yaml", ".yml")):
            data = rubricio.parse_yaml(upload.read())
        else:
            data = excel.parse_rubric(upload)
        rubric = rubricio.import_data(actor=request.user, data=data, owner=None if request.user.is_superuser else owner)
    except ValidationError as e:
        _error(request, e)
        return redirect("assessment:rubrics")
    messages.success(request, str(m.RUBRIC_IMPORTED).format(rubric=rubric.title, n=rubric.items.count()))
    return redirect("assessment:rubric", pk=rubric.pk)


def _office_grants(user):
    return [g for g in grants_of(user) if g.role == Role.OFFICE]


@guarded
@require_POST
def rubrics_install(request):
    if not (request.user.is_superuser or _office_grants(request.user)):
        raise PermissionDenied(m.NOT_OFFICE)
    rubricio.rubrics_install(actor=request.user)
    return redirect("assessment:rubrics")


@guarded
def rubric_export(request, pk, fmt):
    rubric = selectors.rubric_get(actor=request.user, pk=pk)
    if fmt == "yaml":
        response = HttpResponse(rubricio.to_yaml(rubric), content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename=\"rubric.yaml\"; filename*=UTF-8''{quote(rubric.title + '.yaml')}"
        return response
    return workbook_response(excel.rubric_workbook(rubric), f"{rubric.title}.xlsx")


@guarded
def rubric_template(request):
    return workbook_response(excel.rubric_workbook(None), _("考评细则导入模板.xlsx"))



# --- reading a commission's rubric ----------------------------------------------------------

def _guess_kind(title: str) -> str:
    from fazhi.org.choices import UnitKind

    for word, kind in (("窗口", UnitKind.WINDOW), ("机构", UnitKind.INSTITUTION), ("医院", UnitKind.INSTITUTION),
                       ("乡镇", UnitKind.TOWNSHIP), ("基地", UnitKind.BASE), ("站", UnitKind.STATION),
                       ("科室", UnitKind.OFFICE), ("行政部门", UnitKind.ADMIN_DEPT)):
        if word in (title or ""):
            return kind
    return UnitKind.ADMIN_DEPT


def _render_rubric_draft(request, *, parsed: dict, source_lines: list[str], save_form, status: int = 200,
                         rows: list[dict] | None = None):
    warned = {int(w.get("line") or 0) for w in parsed.get("warnings") or []}
    return render(request, "assessment/rubric_draft.html", {
        "form": save_form, "rows": rows if rows is not None else rubricdraft.draft_rows(parsed),
        "source": [{"no": n, "text": t, "warned": n in warned} for n, t in enumerate(source_lines, 1)],
        "source_text": "\n".join(source_lines), "warnings": parsed.get("warnings") or [],
        "warnings_json": json.dumps(parsed.get("warnings") or [], ensure_ascii=False),
        "total_points": parsed.get("total_points"),
    }, status=status)


@guarded
def rubric_read(request):
    """Upload or paste a commission's rubric; a readable one comes back as the review draft."""
    selectors.rubric_owner_for(request.user)
    form = RubricSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, text = form.cleaned_data.get("file"), form.cleaned_data.get("text") or ""
        try:
            if upload:
                if upload.size > settings.FAZHI_UPLOAD_MAX_BYTES:
                    raise PlanParseError(str(FILE_TOO_LARGE).format(
                        name=upload.name, size_mb=upload.size / 1048576,
                        limit_mb=settings.FAZHI_UPLOAD_MAX_BYTES // 1048576))
                rubric = read_rubric_bytes(upload.read(), filename=upload.name)
            else:
                rubric = read_rubric_text(text)
        except PlanParseError as exc:
            form.add_error(None, _(exc.message))
        else:
            parsed = rubric.to_dict(lines=True)
            save_form = RubricSaveForm(initial={"title": parsed["title"], "unit_kind": _guess_kind(parsed["title"]),
                                                "bonus_points": parsed["bonus_points"]})
            return _render_rubric_draft(request, parsed=parsed, source_lines=rubric.source_lines, save_form=save_form)
    return render(request, "assessment/rubric_read.html", {"form": form}, status=400 if form.errors else 200)


@guarded
@require_POST
def rubric_read_save(request):
    """The reviewed rows become a rubric, whole or not at all."""
    owner = selectors.rubric_owner_for(request.user)
    form = RubricSaveForm(request.POST)
    source_lines = (request.POST.get("source") or "").split("\n")
    try:
        warnings = json.loads(request.POST.get("warnings") or "[]")
    except ValueError:
        warnings = []
    if form.is_valid():
        try:
            parsed = rubricdraft.parsed_from_post(request.POST, title=form.cleaned_data["title"])
            if form.cleaned_data.get("bonus_points") is not None:
                parsed["bonus_points"] = float(form.cleaned_data["bonus_points"])
            rubric = rubric_import_parsed(actor=request.user, parsed=parsed, unit_kind=form.cleaned_data["unit_kind"],
                                          title=form.cleaned_data["title"], code=form.cleaned_data["code"], owner=owner,
                                          source=_("导入的考评细则"))
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, str(m.RUBRIC_IMPORTED).format(rubric=rubric.title, n=rubric.items.count()))
            return redirect("assessment:rubric", pk=rubric.pk)
    rows = _rows_from_post(request.POST, warnings)
    if not rows:
        return render(request, "assessment/rubric_read.html",
                      {"form": RubricSourceForm(), "source_error": m.RUBRIC_DRAFT_INVALID}, status=400)
    return _render_rubric_draft(request, parsed={"warnings": warnings, "total_points": None}, source_lines=source_lines,
                                save_form=form, status=400, rows=rows)


def _rows_from_post(post, warnings) -> list[dict]:
    """The rows as the office left them, to show again with the error."""
    by_line: dict[int, list[str]] = {}
    for w in warnings:
        by_line.setdefault(int(w.get("line") or 0), []).append(w.get("message") or "")
    rows = []
    count = post.get("rows", "0")
    for k in range(min(int(count) if count.isdigit() else 0, 5000)):
        key = f"r{k}-"
        line = int(post.get(key + "line") or 0) if (post.get(key + "line") or "").isdigit() else 0
        rows.append({"depth": int(post.get(key + "depth") or 0) if (post.get(key + "depth") or "").isdigit() else 1,
                     "kind": "category" if post.get(key + "depth") == "0" else "item",
                     **{f: post.get(key + f, "") for f in rubricdraft.FIELDS},
                     "rules_text": post.get(key + "rules", ""), "rules_json": post.get(key + "rules_json", "[]"),
                     "core": bool(post.get(key + "core")), "line": line, "warnings": by_line.get(line, []),
                     "delete": bool(post.get(key + "delete"))})
    return rows


# --- 争创 targets (from the unit page) --------------------------------------------------------

@guarded
@require_POST
def target_create(request):
    unit = access(visible_units(request.user), request.POST.get("unit"))
    campaign_id = request.POST.get("campaign") or ""
    campaign = (campaign_selectors.campaign_list(actor=request.user).filter(pk=int(campaign_id)).first()
                if campaign_id.isdigit() else None)
    if campaign is None:
        messages.error(request, str(m.TARGET_CAMPAIGN_REQUIRED))
        return redirect("campaigns:unit", pk=unit.pk)
    try:
        t = targets.demo_target_create(actor=request.user, campaign=campaign, unit=unit, level=request.POST.get("level") or "",
                                       note=request.POST.get("note") or "")
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, str(m.TARGET_CREATED).format(unit=unit.name, level=t.get_level_display()))
    return redirect("campaigns:unit", pk=unit.pk)


@guarded
@require_POST
def target_withdraw(request, pk):
    target = selectors.demo_target_get(actor=request.user, pk=pk)
    try:
        targets.demo_target_withdraw(actor=request.user, target=target)
    except ValidationError as e:
        _error(request, e)
    else:
        messages.success(request, str(m.TARGET_WITHDRAWN).format(unit=target.unit.name))
    return redirect("campaigns:unit", pk=target.unit_id)

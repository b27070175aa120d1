"""Campaign pages. Thin: parse input, call a selector or a service, render.

Every page reads through the selectors (scoped, joins done there) so that it costs a fixed
number of queries however many rows it shows; every write goes through a service, whose
ValidationError becomes a form error and whose PermissionDenied becomes a 403 page.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.excel import ledger_workbook, workbook_response
from fazhi.core.paging import CountedPaginator, IdsFirstPaginator
from fazhi.core.tree import subtree_q
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.access import page_for_roles
from fazhi.org.extensions import unit_panels
from fazhi.org.choices import Role, UnitKind
from fazhi.org import services as org_services
from fazhi.org.models import Unit
from fazhi.org.scoping import (access, granted_paths, grants_of, has_role, is_unrestricted, require_role,
                                visible_units)

from . import messages as m
from . import selectors, services
from .extensions import quota_section
from .home import campaign_panels, sections as home_sections
from .choices import KIND_OF_LEVEL, AssignmentStatus, CampaignStatus, Colour, WorkKind
from .forms import (AssignmentEditForm, AssignmentFilterForm, BulkAssignForm, CampaignEditForm, CampaignFilterForm,
                    CampaignForm, DemoSiteForm, PhaseForm, ProgressReportForm, QuotaForm, ReasonForm, ReviewForm, TaskForm,
                    add_service_errors)
from .models import DemoSite, Phase, Quota, Task

PAGE_SIZE = 25
TASK_BRANCH_SIZE = 20
OFFICE = [Role.OFFICE]
LIAISON = [Role.LIAISON]


def forbidden_as_page(view):
    """A service's PermissionDenied shown as a 403 page that says why."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            reason = str(denied) or _("您没有办理此事项的权限。")
            return render(request, "campaigns/forbidden.html", {"reason": reason}, status=403)

    return login_required(wrapper)


def _page(request, qs, count: int | None = None):
    """A page of a list, read ids first; `count`, when the view has counted the same rows
    already, spares the paginator its COUNT query."""
    paginator = IdsFirstPaginator(qs, PAGE_SIZE) if count is None else CountedPaginator(qs, PAGE_SIZE, count=count)
    return paginator.get_page(request.GET.get("page"))


def _export_query(request, **extra) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in extra.items():
        params[key] = value
    return "?" + params.urlencode()


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def _chart_data(bars: list[dict]) -> dict:
    return {"units": [b["unit"] for b in bars], "ids": [b["unit_id"] for b in bars],
            "done": [b["done"] for b in bars], "open": [b["total"] - b["done"] for b in bars],
            "labels": {"done": _("已完成"), "open": _("未完成")}}


# --- home -------------------------------------------------------------------------------

@login_required
def home(request):
    """The workbench: one section per role the user holds, each with that role's work; the
    overview (colours, progress by unit, active campaigns) for those who run or lead."""
    user = request.user
    roles = {g.role for g in grants_of(user)}
    if is_unrestricted(user) and not roles:
        roles = {Role.OFFICE}
    cal = WorkCalendar()
    ctx = {"roles": roles, "grants": grants_of(user), "no_grant": not roles and not is_unrestricted(user)}
    if roles:
        ctx["sections"] = home_sections(user, roles, cal)
        ctx["overview"] = bool(roles & {Role.OFFICE, Role.LEADER})
        if ctx["overview"] or Role.LIAISON in roles:
            counts = selectors.colour_counts(actor=user, cal=cal)
            ctx.update(counts=counts, total=sum(counts.values()))
        if ctx["overview"]:
            ctx["campaigns"] = list(selectors.campaign_list(actor=user, filters={"status": CampaignStatus.ACTIVE})[:5])
            selectors.campaign_progress(actor=user, campaigns=ctx["campaigns"], cal=cal, whole_scope=True)
            bars = selectors.progress_bars(actor=user)
            ctx.update(bars=bars, chart=_chart_data(bars))
    ctx["calendar_warnings"] = cal.warnings()
    return render(request, "campaigns/home.html", ctx)


# --- campaigns --------------------------------------------------------------------------

CAMPAIGN_ORDERINGS = {"year": ("-year", "-id"), "title": ("title", "id"), "status": ("status", "-year")}


@login_required
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    ordering = request.GET.get("ordering") if request.GET.get("ordering") in CAMPAIGN_ORDERINGS else "year"
    qs = selectors.campaign_list(actor=request.user, filters=filters).order_by(*CAMPAIGN_ORDERINGS[ordering])
    page = _page(request, qs)
    selectors.campaign_progress(actor=request.user, campaigns=list(page.object_list))
    return render(request, "campaigns/campaign_list.html", {
        "form": form, "page": page, "ordering": ordering, "filtered": bool(filters),
        "can_create": bool(granted_paths(request.user, OFFICE)) or is_unrestricted(request.user)})


@forbidden_as_page
def campaign_create(request):
    issuers = list(visible_units(request.user, roles=OFFICE))
    if not issuers:
        raise PermissionDenied(m.NOT_OFFICE)
    form = CampaignForm(request.POST or None, issuers=issuers, initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已创建活动“{title}”。").format(title=campaign.title))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def _flatten(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from _flatten(node.children, depth + 1)


def quota_groups(campaign) -> list[dict]:
    """Quotas that differ only in their scope read as one line: "示范行政部门 各 1 个：城区、沁水县…"."""
    groups: dict[tuple, dict] = {}
    for q in campaign.quotas.all():
        system_wide = q.scope_id is None or (q.scope_id == campaign.issuer_id and not q.per_child)
        key = (system_wide, q.level, q.count, q.per_child, q.note)
        g = groups.setdefault(key, {"quota": q, "system_wide": system_wide, "scopes": [], "quotas": []})
        g["quotas"].append(q)
        if q.scope_id and not system_wide:
            g["scopes"].append(q.scope.display_name)
    return sorted(groups.values(), key=lambda g: not g["system_wide"])


def _due_for(milestones, *words) -> "dt.date | None":
    """The date the plan set for something ("5月15日前报送行动方案、示范点名单…"): the first dated
    milestone naming any of the words, in that order of preference."""
    for word in words:
        due = next((ms.date for ms in milestones if ms.date and word in ms.what), None)
        if due:
            return due
    return None


def _linked_status(campaign, linked, milestones, today) -> dict:
    """Which lower units issued their own plan, and their 示范点名单, by the dates the plan set (上级活动)."""
    due = _due_for(milestones, "方案")
    sites_due = _due_for(milestones, "示范点名单", "方案")
    for c in linked:
        c.on_time = (timezone.localdate(c.created_at) <= due) if due else None
        c.sites = list(c.demo_sites.all())
        c.sites_listed_on = min((s.listed_on for s in c.sites), default=None)
        if c.sites_listed_on:
            c.sites_on_time = c.sites_listed_on <= sites_due if sites_due else None
        else:
            c.sites_on_time = False if sites_due and sites_due < today else None
    if not linked:
        return {}
    issued = {c.issuer_id for c in linked}
    lower = Unit.objects.filter(parent=campaign.issuer, kind=UnitKind.ADMIN_DEPT, is_active=True).order_by("order", "path")
    return {"linked_missing": [u.display_name for u in lower if u.pk not in issued], "linked_due": due,
            "sites_due": sites_due}


def _site_units(request, campaign) -> list[Unit]:
    """Units the office may put on this campaign's 示范点名单: of a demonstration kind, under the issuer."""
    return list(visible_units(request.user, roles=OFFICE).filter(subtree_q(campaign.issuer.path, "path"))
                .filter(kind__in=list(KIND_OF_LEVEL.values())).only("id", "name", "depth", "path", "kind"))


def _campaign_page(request, campaign, *, status=200, **forms):
    user = request.user
    cal = WorkCalendar()
    today = local_today()
    phases = list(campaign.phases.all())
    tree = selectors.task_tree(actor=user, campaign=campaign, cal=cal)
    rows = list(_flatten(tree))
    tasks = [node.task for node, _depth in rows]
    is_office = has_role(user, OFFICE, campaign.issuer)
    ctx = {
        "campaign": campaign, "phases": phases, "today": today, "task_rows": rows,
        "current_phase": next((p for p in phases if p.start <= today <= p.end), None),
        "quota_groups": quota_groups(campaign),
        "quota_section": quota_section(user, campaign),
        "counts": selectors.colour_counts(actor=user, campaign=campaign, cal=cal),
        "is_office": is_office, "active_tab": forms.pop("tab", ""), "stats_base": f"campaign={campaign.pk}&",
        "office_tabs": [("assign", _("分配任务")), ("task", _("添加任务")), ("phase", _("添加阶段")), ("quota", _("添加指标"))],
        "phase_warnings": services.phase_warnings(campaign, phases),
        "rules": list(campaign.rules.all()), "milestones": list(campaign.milestones.all()),
        "linked": list(selectors.linked_campaigns(actor=user, campaign=campaign)),
    }
    if ctx["linked"] or is_office:
        ctx.update(_linked_status(campaign, ctx["linked"], ctx["milestones"], today))
    ctx["panels"] = campaign_panels(user, campaign)
    ctx["demo_sites"] = selectors.demo_sites(campaign=campaign)
    ctx["show_sites"] = bool(campaign.parent_id or ctx["demo_sites"])
    if is_office and ctx["show_sites"] and campaign.status != CampaignStatus.CLOSED:
        ctx["site_form"] = forms.get("site_form") or DemoSiteForm(units=_site_units(request, campaign))
    if is_office and campaign.status == CampaignStatus.DRAFT:
        ctx["missing"] = services.campaign_readiness(campaign)
    selectors.campaign_progress(actor=user, campaigns=[campaign], cal=cal)
    ctx["lifecycle_error"] = forms.pop("lifecycle_error", None)
    ctx["reopen_form"] = forms.pop("reopen_form", None) or ReasonForm()
    bars = selectors.progress_bars(actor=user, campaign=campaign)
    ctx.update(bars=bars, chart=_chart_data(bars))
    if is_office:
        units = _units_for_forms(request)
        ctx.update(
            phase_form=forms.get("phase_form") or PhaseForm(initial={"order": len(phases) + 1}),
            quota_form=forms.get("quota_form") or QuotaForm(units=units),
            task_form=forms.get("task_form") or TaskForm(campaign=campaign, tasks=tasks, phases=phases),
            assign_form=forms.get("assign_form") or BulkAssignForm(campaign=campaign, tasks=tasks, units=units),
        )
    ctx["calendar_warnings"] = cal.warnings()
    return render(request, "campaigns/campaign_detail.html", ctx, status=status)


@login_required
def campaign_detail(request, pk):
    return _campaign_page(request, selectors.campaign_get(actor=request.user, pk=pk))


def _campaign_write(request, pk, *, name, build, call, done):
    """The shape shared by the office's forms on the campaign page."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    require_role(request.user, OFFICE, campaign.issuer, m.NOT_OFFICE)
    form = build(campaign)
    if form.is_valid():
        try:
            result = call(campaign, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, done(result))
            return redirect("campaigns:detail", pk=campaign.pk)
    return _campaign_page(request, campaign, status=400, tab=name, **{f"{name}_form": form})


@require_POST
@forbidden_as_page
def campaign_lifecycle(request, pk, step):
    """启动 / 结束 / 重新开启: one service each; a refusal comes back on the page with its reasons."""
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        if step == "activate":
            services.campaign_activate(actor=request.user, campaign=campaign)
            done = _("活动已启动，各单位可以办理。")
        elif step == "close":
            services.campaign_close(actor=request.user, campaign=campaign)
            done = _("活动已结束：不再接受报送，所有记录仍可查阅。")
        else:
            services.campaign_reopen(actor=request.user, campaign=campaign, reason=form.cleaned_data.get("reason", ""))
            done = _("活动已重新开启。")
    except ValidationError as e:
        campaign = selectors.campaign_get(actor=request.user, pk=pk)
        return _campaign_page(request, campaign, status=400, lifecycle_error=e.messages, reopen_form=form)
    messages.success(request, done)
    return redirect("campaigns:detail", pk=campaign.pk)


def _parents_for(user, campaign):
    """Campaigns of the issuer's ancestors that this one may implement."""
    ancestors = campaign.issuer.ancestor_paths()[:-1]
    return list(selectors.campaign_list(actor=user).filter(issuer__path__in=ancestors).exclude(pk=campaign.pk))


@forbidden_as_page
def campaign_edit(request, pk):
    campaign = selectors.campaign_get(actor=request.user, pk=pk)
    require_role(request.user, OFFICE, campaign.issuer, m.NOT_OFFICE)
    initial = {f: getattr(campaign, f) for f in ("title", "doc_number", "year", "start_date", "end_date")}
    initial["parent"] = campaign.parent_id
    form = CampaignEditForm(request.POST or None, parents=_parents_for(request.user, campaign), initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f in form.cleaned_data}
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **changed)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存活动信息。"))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit_form.html", {"form": form, "campaign": campaign, "title": _("修改活动信息")},
                  status=400 if form.errors else 200)


@forbidden_as_page
def task_edit(request, pk):
    task = access(Task.objects.filter(campaign__in=selectors.campaign_list(actor=request.user).values("pk"))
                  .select_related("campaign__issuer", "parent", "phase"), pk)
    campaign = task.campaign
    require_role(request.user, OFFICE, campaign.issuer, m.NOT_OFFICE)
    tasks = [t for t in campaign.tasks.order_by("sort_key") if not t.sort_key.startswith(task.sort_key)]
    fields = ("parent", "label", "heading", "text", "order", "applies_to", "phase", "due_date")
    initial = {f: getattr(task, f) for f in fields}
    form = TaskForm(request.POST or None, campaign=campaign, tasks=tasks, phases=list(campaign.phases.all()), initial=initial)
    form.fields["heading"].required = False
    if request.method == "POST" and form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f in fields}
        if "order" in changed and changed["order"] is None:
            changed["order"] = 0
        try:
            services.task_update(actor=request.user, task=task, **changed)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存任务“{task}”。").format(task=task))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit_form.html", {"form": form, "campaign": campaign, "title": _("修改任务"),
                                                        "subject": str(task), "delete_url": reverse("campaigns:task_delete", args=[task.pk])},
                  status=400 if form.errors else 200)


def _units_for_forms(request):
    return visible_units(request.user, roles=OFFICE)


def _part_of_campaign(request, model, pk):
    """A phase, quota or task of a campaign the user sees, for its issuing unit's office only."""
    obj = access(model.objects.filter(campaign__in=selectors.campaign_list(actor=request.user).values("pk"))
                 .select_related("campaign__issuer"), pk)
    require_role(request.user, OFFICE, obj.campaign.issuer, m.NOT_OFFICE)
    return obj


def _edit_page(request, *, form, obj, title, delete_url, status=200, warnings=(), delete_error=None):
    return render(request, "campaigns/edit_form.html", {
        "form": form, "campaign": obj.campaign, "title": title, "subject": str(obj), "delete_url": delete_url,
        "warnings": warnings, "delete_error": delete_error}, status=400 if form.errors or delete_error else status)


PHASE_FIELDS = ("name", "start", "end", "order", "opens")
QUOTA_FIELDS = ("level", "count", "scope", "per_child", "note")


@forbidden_as_page
def phase_edit(request, pk):
    phase = _part_of_campaign(request, Phase, pk)
    campaign = phase.campaign
    form = PhaseForm(request.POST or None, initial={f: getattr(phase, f) for f in PHASE_FIELDS})
    if request.method == "POST" and form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f in PHASE_FIELDS}
        if "order" in changed and changed["order"] is None:
            changed["order"] = 0
        try:
            services.phase_update(actor=request.user, phase=phase, **changed)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            # Doubtful dates are saved and said, not refused: the campaign page lists every warning.
            messages.success(request, _("已保存阶段“{name}”。").format(name=phase.name))
            return redirect("campaigns:detail", pk=campaign.pk)
    return _edit_page(request, form=form, obj=phase, title=_("修改阶段"), delete_url=reverse("campaigns:phase_delete", args=[phase.pk]),
                      warnings=services.phase_warnings(campaign))


@require_POST
@forbidden_as_page
def phase_delete(request, pk):
    phase = _part_of_campaign(request, Phase, pk)
    campaign, name = phase.campaign, phase.name
    try:
        services.phase_delete(actor=request.user, phase=phase)
    except ValidationError as e:
        form = PhaseForm(initial={f: getattr(phase, f) for f in PHASE_FIELDS})
        return _edit_page(request, form=form, obj=phase, title=_("修改阶段"), delete_error=e.messages,
                          delete_url=reverse("campaigns:phase_delete", args=[phase.pk]), warnings=services.phase_warnings(campaign))
    messages.success(request, _("已删除阶段“{name}”。").format(name=name))
    return redirect("campaigns:detail", pk=campaign.pk)


def _quota_form(request, quota, data=None):
    return QuotaForm(data, units=_units_for_forms(request), initial={f: getattr(quota, f) for f in QUOTA_FIELDS})


@forbidden_as_page
def quota_edit(request, pk):
    quota = _part_of_campaign(request, Quota, pk)
    form = _quota_form(request, quota, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data if f in QUOTA_FIELDS}
        try:
            services.quota_update(actor=request.user, quota=quota, **changed)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存创建指标：{quota}。").format(quota=quota))
            return redirect("campaigns:detail", pk=quota.campaign_id)
    return _edit_page(request, form=form, obj=quota, title=_("修改创建指标"), delete_url=reverse("campaigns:quota_delete", args=[quota.pk]))


@require_POST
@forbidden_as_page
def quota_delete(request, pk):
    quota = _part_of_campaign(request, Quota, pk)
    campaign_id, label = quota.campaign_id, str(quota)
    try:
        services.quota_delete(actor=request.user, quota=quota)
    except ValidationError as e:
        return _edit_page(request, form=_quota_form(request, quota), obj=quota, title=_("修改创建指标"), delete_error=e.messages,
                          delete_url=reverse("campaigns:quota_delete", args=[quota.pk]))
    messages.success(request, _("已删除创建指标：{quota}。").format(quota=label))
    return redirect("campaigns:detail", pk=campaign_id)


@require_POST
@forbidden_as_page
def task_delete(request, pk):
    """Delete a task and its subtree; refused while any unit holds one of them (then withdraw instead)."""
    task = _part_of_campaign(request, Task, pk)
    campaign, label = task.campaign, str(task)
    try:
        n = services.task_delete(actor=request.user, task=task)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("campaigns:task_edit", pk=task.pk)
    messages.success(request, _("已删除任务“{task}”（共 {n} 项，含下级任务）。").format(task=label, n=n))
    return redirect("campaigns:detail", pk=campaign.pk)


@require_POST
@forbidden_as_page
def phase_add(request, pk):
    return _campaign_write(
        request, pk, name="phase", build=lambda c: PhaseForm(request.POST),
        call=lambda c, d: services.phase_create(actor=request.user, campaign=c, **dict(d, order=d.get("order") or 0)),
        done=lambda p: _("已添加阶段“{name}”。").format(name=p.name))


@require_POST
@forbidden_as_page
def quota_add(request, pk):
    return _campaign_write(
        request, pk, name="quota", build=lambda c: QuotaForm(request.POST, units=_units_for_forms(request)),
        call=lambda c, d: services.quota_create(actor=request.user, campaign=c, **d),
        done=lambda q: _("已添加创建指标：{quota}。").format(quota=q))


@require_POST
@forbidden_as_page
def task_add(request, pk):
    def build(c):
        return TaskForm(request.POST, campaign=c, tasks=list(c.tasks.order_by("sort_key")), phases=list(c.phases.all()))
    return _campaign_write(
        request, pk, name="task", build=build,
        call=lambda c, d: services.task_create(actor=request.user, campaign=c, **dict(d, order=d.get("order") or 0)),
        done=lambda t: _("已添加任务“{task}”。").format(task=t))


@require_POST
@forbidden_as_page
def assign(request, pk):
    def build(c):
        return BulkAssignForm(request.POST, campaign=c, tasks=list(c.tasks.order_by("sort_key")), units=_units_for_forms(request))

    def call(c, d):
        if d["mode"] == BulkAssignForm.MODE_KIND:
            units = services.units_for_assignment(under=d["under"], kinds=d["kinds"])
        else:
            units = list(d["units"])
        return services.assignments_create(actor=request.user, task=d["task"], units=units, due_date=d["due_date"])

    return _campaign_write(request, pk, name="assign", build=build, call=call,
                           done=lambda r: str(m.ASSIGNMENTS_CREATED).format(created=len(r[0]), skipped=r[1]))


@require_POST
@forbidden_as_page
def demo_site_add(request, pk):
    return _campaign_write(
        request, pk, name="site", build=lambda c: DemoSiteForm(request.POST, units=_site_units(request, c)),
        call=lambda c, d: services.demo_site_add(actor=request.user, campaign=c, unit=d["unit"]),
        done=lambda site: _("已将“{unit}”列入示范点名单。").format(unit=site.unit.name))


@require_POST
@forbidden_as_page
def demo_site_remove(request, pk):
    site = _part_of_campaign(request, DemoSite, pk)
    try:
        services.demo_site_remove(actor=request.user, site=site)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已将“{unit}”移出示范点名单。").format(unit=site.unit.name))
    return redirect("campaigns:detail", pk=site.campaign_id)


@login_required
def task_assignments(request, pk):
    """One branch of the campaign page's task tree, loaded when it is opened: the task's
    assignments in the viewer's scope, a page at a time (the page itself carries only roll-ups)."""
    task = access(Task.objects.filter(campaign__in=selectors.campaign_list(actor=request.user)), pk)
    cal = WorkCalendar()
    qs = selectors.assignment_list(actor=request.user, filters={"task": task.pk, "ordering": "unit"}, cal=cal)
    page = Paginator(qs, TASK_BRANCH_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/_task_assignments.html", {"task": task, "page": page})


# --- assignments ------------------------------------------------------------------------

def _assignment_filters(request):
    user = request.user
    campaigns = list(selectors.campaign_list(actor=user).select_related(None).only("id", "title"))
    units = visible_units(user)
    phases = Phase.objects.filter(campaign__in=[c.pk for c in campaigns]).select_related("campaign")
    chosen = request.GET.get("campaign", "")
    if chosen.isdigit():
        phases = phases.filter(campaign_id=int(chosen))
    form = AssignmentFilterForm(request.GET or None, campaigns=campaigns, units=units, phases=list(phases))
    return form, form.filters()


@page_for_roles("assignments")
def assignment_list(request):
    cal = WorkCalendar()
    form, filters = _assignment_filters(request)
    page = _page(request, selectors.assignment_list(actor=request.user, filters=filters, cal=cal))
    ctx = {"form": form, "page": page, "ordering": filters.get("ordering", "due"), "export_query": _export_query(request),
           "filtered": any(k != "ordering" for k in filters), "calendar_warnings": cal.warnings()}
    template = "campaigns/_assignment_table.html" if _is_htmx(request) else "campaigns/assignment_list.html"
    response = render(request, template, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def my_work(request):
    """我负责的工作: what the signed-in person answers for, as 责任人 or as the unit's 第一责任人."""
    cal = WorkCalendar()
    qs = selectors.my_work(actor=request.user, cal=cal)
    counts = {c: 0 for c in Colour.values}
    for row in qs.order_by().values("colour").annotate(n=Count("id")):
        counts[row["colour"]] = row["n"]
    ctx = {"page": _page(request, qs, count=sum(counts.values())), "counts": counts, "ordering": "due",
           "calendar_warnings": cal.warnings(),
           "person": getattr(request.user, "person", None),
           "headed": list(Unit.objects.filter(head__user=request.user).only("id", "name"))}
    return render(request, "campaigns/my_work.html", ctx)


@login_required
def assignment_export(request):
    """The filtered list as an Excel ledger (the layout of every export: fazhi.core.excel)."""
    _form, filters = _assignment_filters(request)
    rows = selectors.assignment_list(actor=request.user, filters=filters)
    colours = dict(Colour.choices)
    headers = [_("创建活动"), _("任务编号"), _("工作任务"), _("责任单位"), _("阶段"), _("完成时限"), _("状态"),
               _("完成进度（%）"), _("预警")]
    values = ([a.task.campaign.title, a.task.label, a.task.heading or a.task.text, a.unit.name,
               a.task.phase.name if a.task.phase_id else "", a.due_date, a.get_status_display(), a.progress,
               colours.get(a.colour, "")] for a in rows.iterator(chunk_size=500))
    title = _("任务分工台账")
    wb = ledger_workbook(title=title, headers=headers, rows=values)
    return workbook_response(wb, f"{title}-{local_today():%Y%m%d}.xlsx")


def _assignment_page(request, assignment, *, status=200, report_form=None, review_forms=None, edit_form=None,
                     withdraw_form=None):
    user = request.user
    unit = assignment.unit
    is_liaison = has_role(user, LIAISON, unit)
    ctx = {
        "assignment": assignment, "reports": list(assignment.reports.all()),
        "is_liaison": is_liaison, "is_office": has_role(user, OFFICE, unit),
        "can_start": is_liaison and assignment.status == AssignmentStatus.NOT_STARTED,
        "can_report": is_liaison and assignment.status in services.REPORTABLE,
        "review_forms": review_forms or {},
        "subtree": selectors.task_subtree(assignment.task),
    }
    open_campaign = assignment.task.campaign.status != CampaignStatus.CLOSED and assignment.status != AssignmentStatus.WITHDRAWN
    if open_campaign and (is_liaison or ctx["is_office"]):
        people = list(unit.people.order_by("name")) if hasattr(unit, "people") else []
        ctx["edit_form"] = edit_form or AssignmentEditForm(
            people=people, can_due=ctx["is_office"],
            initial={"due_date": assignment.due_date, "responsible": assignment.responsible_id})
        if ctx["is_office"]:
            ctx["withdraw_form"] = withdraw_form or ReasonForm(prefix="w")
    if ctx["can_report"]:
        try:
            services.require_work_open(assignment.task.campaign, WorkKind.PROGRESS)
        except ValidationError as closed:
            ctx["work_closed"] = " ".join(closed.messages)
        ctx["report_form"] = report_form or ProgressReportForm()
    for report in ctx["reports"]:
        report.review_form = ctx["review_forms"].get(report.pk) or ReviewForm(prefix=f"r{report.pk}")
    return render(request, "campaigns/assignment_detail.html", ctx, status=status)


@login_required
def assignment_detail(request, pk):
    return _assignment_page(request, selectors.assignment_get(actor=request.user, pk=pk))


@require_POST
@forbidden_as_page
def assignment_start(request, pk):
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_start(actor=request.user, assignment=assignment)
    messages.success(request, _("已开始办理。"))
    return redirect("campaigns:assignment", pk=assignment.pk)


@require_POST
@forbidden_as_page
def assignment_edit(request, pk):
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    is_office = has_role(request.user, OFFICE, assignment.unit)
    form = AssignmentEditForm(request.POST, people=list(assignment.unit.people.order_by("name")), can_due=is_office,
                              initial={"due_date": assignment.due_date, "responsible": assignment.responsible_id})
    if form.is_valid():
        changed = {f: form.cleaned_data[f] for f in form.changed_data}
        try:
            services.assignment_update(actor=request.user, assignment=assignment, **changed)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("campaigns:assignment", pk=assignment.pk)
    return _assignment_page(request, assignment, status=400, edit_form=form)


@require_POST
@forbidden_as_page
def assignment_withdraw(request, pk):
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="w")
    form.is_valid()
    try:
        services.assignment_withdraw(actor=request.user, assignment=assignment, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as e:
        add_service_errors(form, e)
        return _assignment_page(request, assignment, status=400, withdraw_form=form)
    messages.success(request, _("已撤回该任务分工。"))
    return redirect("campaigns:assignment", pk=assignment.pk)


@require_POST
@forbidden_as_page
def report_submit(request, pk):
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    require_role(request.user, LIAISON, assignment.unit, m.NOT_LIAISON)
    form = ProgressReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.progress_report_submit(actor=request.user, assignment=assignment, text=form.cleaned_data["text"],
                                            progress=form.cleaned_data["progress"], files=form.cleaned_data["files"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("进展已报送，等待领导小组办公室审核。"))
            return redirect("campaigns:assignment", pk=assignment.pk)
    return _assignment_page(request, assignment, status=400, report_form=form)


@require_POST
@forbidden_as_page
def report_review(request, pk):
    report = access(selectors.report_list(actor=request.user), pk)
    require_role(request.user, OFFICE, report.assignment.unit, m.NOT_OFFICE)
    form = ReviewForm(request.POST, prefix=f"r{report.pk}")
    if form.is_valid():
        accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            services.progress_report_review(actor=request.user, report=report, accept=accept,
                                            comment=form.cleaned_data["comment"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已通过该报送。") if accept else _("已退回该报送，并告知退回理由。"))
            return redirect("campaigns:assignment", pk=report.assignment_id)
    assignment = selectors.assignment_get(actor=request.user, pk=report.assignment_id)
    return _assignment_page(request, assignment, status=400, review_forms={report.pk: form})


# --- unit and evidence -------------------------------------------------------------------

@login_required
def unit_detail(request, pk):
    user = request.user
    unit = access(visible_units(user).select_related("parent"), pk)
    cal = WorkCalendar()
    form, filters = _assignment_filters(request)
    filters["unit"] = unit
    qs = selectors.assignment_list(actor=user, filters=filters, cal=cal)
    counts = {c: 0 for c in Colour.values}
    for row in qs.order_by().values("colour").annotate(n=Count("id")):
        counts[row["colour"]] = row["n"]
    paths = granted_paths(user)
    ancestors = list(Unit.objects.filter(path__in=unit.ancestor_paths()[:-1]).order_by("path"))
    for a in ancestors:
        a.linkable = is_unrestricted(user) or any(a.path.startswith(p) for p in paths)
    ctx = {
        "unit": unit, "page": _page(request, qs, count=sum(counts.values())), "ancestors": ancestors, "form": form,
        "export_query": _export_query(request, unit=unit.pk), "stats_base": f"unit={unit.pk}&", "counts": counts, "ordering": filters.get("ordering", "due"),
        "filtered": any(k not in ("ordering", "unit") for k in filters),
        "children": list(visible_units(user).filter(parent=unit).order_by("order", "path")),
        "calendar_warnings": cal.warnings(),
        "can_set_head": has_role(user, OFFICE, unit), "people": list(unit.people.order_by("name")),
    }
    if not _is_htmx(request):
        ctx["unit_panels"] = unit_panels(user, unit)
    template = "campaigns/_assignment_table.html" if _is_htmx(request) else "campaigns/unit_detail.html"
    response = render(request, template, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@forbidden_as_page
def unit_head(request, pk):
    unit = access(visible_units(request.user), pk)
    value = request.POST.get("head") or ""
    person = unit.people.filter(pk=int(value)).first() if value.isdigit() else None
    try:
        org_services.unit_set_head(actor=request.user, unit=unit, person=person)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已设置第一责任人。"))
    return redirect("campaigns:unit", pk=unit.pk)


@login_required
def evidence_download(request, pk):
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.mime or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


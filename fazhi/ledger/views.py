"""Ledger pages. Thin: parse input, call a selector or a service, render.

Reads go through the selectors (scoped, joins done there) so that a page costs a fixed
number of queries; writes go through the services, whose ValidationError becomes a form
error and whose PermissionDenied becomes a 403 page that says why.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.excel import streamed_file_response
from fazhi.core.paging import CountedPaginator
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.access import page_for_roles
from fazhi.org.choices import Role
from fazhi.org.scoping import access, grants_of, has_role, is_unrestricted, visible_units

from . import messages as m
from . import accountability, selectors, services
from .choices import (UNIT_OWES, AccountabilityOutcome, Cause, EntryType, FourNots, NoticeStatus, PlanReview, ProblemStatus,
                      ReportStatus, Responsibility, Tier)
from .excel import import_check, ledger_export_stream, problems_import
from .forms import (CheckForm, CloseForm, ConfirmForm, EvaluateForm, ExplainForm, ImportForm, LeadForm, NoticeForm, PlanForm,
                    PlanReviseForm, ProblemFilterForm, ProblemForm, RectificationForm, ReopenForm, TextForm,
                    VerifyForm, add_service_errors)
from .models import CompletionReport, ProblemCategory

PAGE_SIZE = 25
OFFICE = [Role.OFFICE]


def forbidden_as_page(view):
    """A service's PermissionDenied shown as a 403 page that says why."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            reason = str(denied) or _("您没有办理此事项的权限。")
            return render(request, "ledger/forbidden.html", {"reason": reason}, status=403)

    return login_required(wrapper)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def _roles(user) -> set[str]:
    return {g.role for g in grants_of(user)}


def _can_record(user) -> bool:
    return is_unrestricted(user) or bool(_roles(user) & set(services.RECORDERS))


# --- the ledger ----------------------------------------------------------------------------

def _filter_form(request, units=None):
    units = units if units is not None else visible_units(request.user)
    categories = list(ProblemCategory.objects.all())
    return ProblemFilterForm(request.GET or None, units=units, categories=categories)


def _ledger(request, *, unit=None, template="ledger/problem_list.html"):
    cal = WorkCalendar()
    form = _filter_form(request)
    filters = form.filters()
    if unit is not None:
        filters["unit"] = unit
    qs = selectors.problem_list(actor=request.user, filters=filters, cal=cal)
    counts = selectors.status_counts(selectors.problem_list(actor=request.user, filters={k: v for k, v in filters.items()
                                                                                         if k != "status"}, cal=cal,
                                                            states=False))
    # The rows listed are those of the status tab chosen, or of them all: counted already.
    listed = counts.get(filters["status"], 0) if filters.get("status") else sum(counts.values())
    params = request.GET.copy()
    params.pop("page", None)
    if unit is not None:
        params["unit"] = unit.pk
    ctx = {"form": form, "page": CountedPaginator(qs, PAGE_SIZE, count=listed).get_page(request.GET.get("page")),
           "counts": counts, "total": sum(counts.values()),
           "statuses": ProblemStatus.choices, "unit": unit, "export_query": "?" + params.urlencode(),
           "filtered": any(k not in ("ordering", "unit") for k in filters) or (unit is None and "unit" in filters),
           "can_record": _can_record(request.user), "is_office": is_unrestricted(request.user) or Role.OFFICE in _roles(request.user),
           "calendar_warnings": cal.warnings()}
    response = render(request, "ledger/_problem_table.html" if _is_htmx(request) else template, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


@page_for_roles("ledger")
def problem_list(request):
    return _ledger(request)


@page_for_roles("ledger")
def summary(request):
    """The ledger grouped as seed 004 keeps it: per 管辖责任 × status and per 原因性质 × status,
    under the same filters as the list; each count links to the list it counts."""
    form = _filter_form(request)
    filters = form.filters()
    groups = selectors.ledger_groups(selectors.problem_list(actor=request.user, filters=filters))
    params = request.GET.copy()
    for key in ("page", "status", "responsibility", "cause"):
        params.pop(key, None)
    response = render(request, "ledger/_summary_tables.html" if _is_htmx(request) else "ledger/summary.html", {
        "form": form, "groups": groups, "statuses": ProblemStatus.choices, "base_query": params.urlencode(),
        "export_query": "?" + request.GET.urlencode(), "unit": None})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def unit_ledger(request, pk):
    unit = access(visible_units(request.user).select_related("parent"), pk)
    return _ledger(request, unit=unit, template="ledger/unit_ledger.html")


@page_for_roles("ledger")
def export(request):
    form = _filter_form(request)
    rows = selectors.export_rows(selectors.problem_list(actor=request.user, filters=form.filters()))
    title = _("问题整改台账")
    return streamed_file_response(lambda f: ledger_export_stream(rows, f, title=title),
                                  f"{title}-{local_today():%Y%m%d}.xlsx")


@forbidden_as_page
def import_ledger(request):
    """Check a sheet and show what it would do (预览), or do it: rows with a known problem
    number update that problem, the others register new ones."""
    if not (is_unrestricted(request.user) or Role.OFFICE in _roles(request.user)):
        raise PermissionDenied(m.NOT_OFFICE)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_check(form.cleaned_data["file"], actor=request.user)
        valid_only = form.cleaned_data["valid_only"]
        counts = report.counts()
        if report.errors:
            pass
        elif "preview" in request.POST:
            report.preview = str(m.IMPORT_PREVIEW).format(**counts)
        elif report.bad and not valid_only:
            report.errors.append(str(m.IMPORT_REFUSED).format(total=len(report.rows), bad=len(report.bad)))
        else:
            problems_import(actor=request.user, report=report, valid_only=valid_only)
            messages.success(request, str(m.IMPORT_DONE_COUNTS).format(**counts))
            if not report.bad:
                return redirect("ledger:list")
    status = 400 if report is not None and report.errors else 200
    return render(request, "ledger/import.html", {"form": form, "report": report}, status=status)


# --- one problem ---------------------------------------------------------------------------

@forbidden_as_page
def problem_create(request):
    user = request.user
    units = visible_units(user, roles=services.RECORDERS)
    if not units.exists():
        raise PermissionDenied(m.NOT_RECORDER)
    form = ProblemForm(request.POST or None, request.FILES or None, units=units,
                       initial={"found_on": local_today(), "unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            problem = services.problem_create(actor=user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记问题 {number}。").format(number=problem.number))
            return redirect("ledger:detail", pk=problem.pk)
    return render(request, "ledger/problem_form.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, problem, *, status=200, **forms):
    user = request.user
    unit = problem.unit
    is_handler = has_role(user, services.HANDLERS, unit)
    is_office = has_role(user, OFFICE, unit)
    is_supervisor = has_role(user, services.SUPERVISORS, unit)
    rect = getattr(problem, "rectification", None)
    owes = problem.status in UNIT_OWES
    confirmed = {c.item: c for c in problem.confirmations.all()}
    reports = list(problem.reports.all())
    ctx = {
        "problem": problem, "rect": rect, "events": list(problem.events.all()), "reports": reports,
        "notices": list(problem.notices.all()),
        "four_nots": [(value, label, confirmed.get(value)) for value, label in FourNots.choices] if problem.four_nots else [],
        "can_rectify": is_handler and owes, "can_progress": is_handler and rect is not None and problem.status != ProblemStatus.OPEN and owes,
        "can_report": is_handler and rect is not None and owes and problem.status != ProblemStatus.OPEN,
        "pending": next((r for r in reports if r.status == ReportStatus.SUBMITTED), None) if is_office else None,
        "can_confirm": is_supervisor and problem.four_nots and len(confirmed) < 4 and not problem.is_finished,
        "can_close": is_office and problem.status == ProblemStatus.ACCEPTED,
        "can_reopen": is_office and problem.status in (ProblemStatus.CLOSED, ProblemStatus.ACCEPTED),
        "can_notice": is_supervisor and not problem.is_finished,
        "referrals": list(problem.referrals.all()), "outcomes": AccountabilityOutcome.choices[1:],
        "can_explain": is_office and owes,
        "can_publish": is_handler and not problem.is_published and (rect is not None or problem.status == ProblemStatus.EXPLAINED),
        "can_unpublish": is_handler and problem.is_published,
        "can_lead": is_handler and problem.is_special and not problem.is_finished,
        "can_check": is_supervisor and problem.is_special and not problem.is_finished,
        "can_evaluate": is_office and problem.is_special and bool(problem.checked_on) and not problem.is_finished,
        "can_refer": is_office and not accountability.referable_reason(problem), "can_decide": is_office,
    }
    ctx.update(
        rect_form=forms.get("rect_form") or RectificationForm(initial={
            "measures": rect.measures, "responsible_person": rect.responsible_person, "deadline": rect.deadline} if rect else None),
        progress_form=forms.get("progress_form") or TextForm(prefix="progress"),
        report_form=forms.get("report_form") or TextForm(prefix="report"),
        verify_form=forms.get("verify_form") or VerifyForm(prefix="verify"),
        confirm_form=forms.get("confirm_form") or ConfirmForm(prefix="confirm"),
        close_form=forms.get("close_form") or CloseForm(prefix="close"),
        reopen_form=forms.get("reopen_form") or ReopenForm(prefix="reopen"),
        notice_form=forms.get("notice_form") or NoticeForm(prefix="notice", initial={"tier": Tier.BLUE}),
        explain_form=forms.get("explain_form") or ExplainForm(prefix="explain"),
        lead_form=forms.get("lead_form") or LeadForm(prefix="lead", initial={"lead_department": problem.lead_department,
                                                                             "lead_person": problem.lead_person}),
        check_form=forms.get("check_form") or CheckForm(prefix="check"),
        evaluate_form=forms.get("evaluate_form") or EvaluateForm(prefix="evaluate"),
        open_form=forms.get("open_form", ""),
    )
    # A refused action shows its form again, with the reason, even if the state no longer offers it.
    flag = {"rect": "can_rectify", "progress": "can_progress", "report": "can_report", "close": "can_close",
            "reopen": "can_reopen", "notice": "can_notice", "confirm": "can_confirm", "explain": "can_explain",
            "lead": "can_lead", "check": "can_check", "evaluate": "can_evaluate"}.get(ctx["open_form"])
    if flag:
        ctx[flag] = True
    elif ctx["open_form"] == "verify" and ctx["pending"] is None:
        for error in ctx["verify_form"].non_field_errors():
            messages.error(request, error)
    if ctx["four_nots"]:
        ctx["confirm_form"].fields["item"].choices = [(v, label) for v, label, c in ctx["four_nots"] if c is None]
    return render(request, "ledger/problem_detail.html", ctx, status=status)


@require_POST
@forbidden_as_page
def accountability_view(request, pk):
    """Refer a problem for 问责, or record the outcome of a referral (field `referral`)."""
    problem = selectors.problem_get(actor=request.user, pk=pk)
    try:
        if request.POST.get("referral"):
            referral = problem.referrals.get(pk=int(request.POST["referral"]))
            accountability.accountability_decide(actor=request.user, referral=referral, outcome=request.POST.get("outcome", ""),
                                                 note=request.POST.get("note", ""))
            messages.success(request, _("已登记问责处理结果。"))
        else:
            accountability.accountability_refer(actor=request.user, problem=problem, reason=request.POST.get("reason", ""),
                                                referred_to=request.POST.get("referred_to", ""))
            messages.success(request, _("已移交问责。"))
    except (ValueError, problem.referrals.model.DoesNotExist):
        messages.error(request, _("找不到该问责移交记录。"))
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    return redirect("ledger:detail", pk=problem.pk)


@login_required
def problem_detail(request, pk):
    return _detail(request, selectors.problem_get(actor=request.user, pk=pk))


def _act(request, pk, *, name, form_class, call, done, prefix=None, files=False):
    """The shape shared by the actions on a problem page: form, one service call, message."""
    problem = selectors.problem_get(actor=request.user, pk=pk)
    form = form_class(request.POST, request.FILES if files else None, **({"prefix": prefix} if prefix else {}))
    if form.is_valid():
        try:
            call(problem, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, done)
            return redirect("ledger:detail", pk=problem.pk)
    problem = selectors.problem_get(actor=request.user, pk=pk)
    return _detail(request, problem, status=400, open_form=name, **{f"{name}_form": form})


@require_POST
@forbidden_as_page
def rectify(request, pk):
    return _act(request, pk, name="rect", form_class=RectificationForm, done=_("已保存整改措施、责任人和整改时限。"),
                call=lambda p, d: services.rectification_set(actor=request.user, problem=p, **d))


@require_POST
@forbidden_as_page
def progress(request, pk):
    return _act(request, pk, name="progress", form_class=TextForm, prefix="progress", files=True, done=_("已记录整改进展。"),
                call=lambda p, d: services.progress_add(actor=request.user, problem=p, text=d["text"], files=d["files"]))


@require_POST
@forbidden_as_page
def report(request, pk):
    return _act(request, pk, name="report", form_class=TextForm, prefix="report", files=True,
                done=_("办结报告已报送，等待领导小组办公室核验。"),
                call=lambda p, d: services.completion_report_submit(actor=request.user, problem=p, text=d["text"],
                                                                    files=d["files"]))


@require_POST
@forbidden_as_page
def verify(request, pk):
    def call(problem, data):
        pending = CompletionReport.objects.filter(problem=problem, status=ReportStatus.SUBMITTED).first()
        if pending is None:
            raise ValidationError(m.REPORT_NOT_PENDING)
        services.completion_report_verify(actor=request.user, report=pending, accept=data["decision"] == VerifyForm.ACCEPT,
                                          comment=data["comment"])
    accept = request.POST.get("verify-decision") == VerifyForm.ACCEPT
    return _act(request, pk, name="verify", form_class=VerifyForm, prefix="verify", call=call,
                done=_("已核验通过办结报告，可以销号。") if accept else _("已退回办结报告，并告知退回理由。"))


@require_POST
@forbidden_as_page
def confirm(request, pk):
    return _act(request, pk, name="confirm", form_class=ConfirmForm, prefix="confirm", done=_("已确认。"),
                call=lambda p, d: services.four_nots_confirm(actor=request.user, problem=p, item=d["item"], note=d["note"]))


@require_POST
@forbidden_as_page
def close(request, pk):
    return _act(request, pk, name="close", form_class=CloseForm, prefix="close", done=_("问题已销号。"),
                call=lambda p, d: services.problem_close(actor=request.user, problem=p, note=d["note"]))


@require_POST
@forbidden_as_page
def reopen(request, pk):
    return _act(request, pk, name="reopen", form_class=ReopenForm, prefix="reopen", done=_("问题已重新打开。"),
                call=lambda p, d: services.problem_reopen(actor=request.user, problem=p, reason=d["reason"]))


@require_POST
@forbidden_as_page
def notice(request, pk):
    return _act(request, pk, name="notice", form_class=NoticeForm, prefix="notice", done=_("督办单已发出。"),
                call=lambda p, d: services.notice_issue(actor=request.user, problem=p, tier=d["tier"], reason=d["reason"]))


@require_POST
@forbidden_as_page
def explain(request, pk):
    return _act(request, pk, name="explain", form_class=ExplainForm, prefix="explain",
                done=_("问题已作解释说明，并已反馈给反映人或登记人。"),
                call=lambda p, d: services.problem_explain(actor=request.user, problem=p, explanation=d["explanation"]))


@require_POST
@forbidden_as_page
def publish(request, pk):
    """上墙公开 or taking it down (field `action`: publish / unpublish)."""
    problem = selectors.problem_get(actor=request.user, pk=pk)
    on = request.POST.get("action") != "unpublish"
    try:
        services.problem_publish(actor=request.user, problem=problem, publish=on)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已上墙公开，群众可在门户网站查看。") if on else _("已撤下公开。"))
    return redirect("ledger:detail", pk=problem.pk)


@require_POST
@forbidden_as_page
def special_lead(request, pk):
    return _act(request, pk, name="lead", form_class=LeadForm, prefix="lead", done=_("已明确牵头部门和具体责任人。"),
                call=lambda p, d: services.special_lead_set(actor=request.user, problem=p, **d))


@require_POST
@forbidden_as_page
def special_check(request, pk):
    return _act(request, pk, name="check", form_class=CheckForm, prefix="check", done=_("已记录检查情况。"),
                call=lambda p, d: services.special_check(actor=request.user, problem=p, note=d["note"]))


@require_POST
@forbidden_as_page
def special_evaluate(request, pk):
    return _act(request, pk, name="evaluate", form_class=EvaluateForm, prefix="evaluate", done=_("已记录评估结论。"),
                call=lambda p, d: services.special_evaluate(actor=request.user, problem=p, **d))


@login_required
def attachment(request, pk):
    att = selectors.attachment_get(actor=request.user, pk=pk)
    response = FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name,
                            content_type=att.mime or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- notices, plans, notifications, rules --------------------------------------------------

@login_required
def notice_list(request):
    filters = {k: request.GET.get(k) for k in ("tier", "status") if request.GET.get(k)}
    page = _page(request, selectors.notice_list(actor=request.user, filters=filters))
    return render(request, "ledger/notice_list.html", {"page": page, "filters": filters, "tiers": Tier.choices,
                                                       "statuses": NoticeStatus.choices})


@forbidden_as_page
def plan_list(request):
    user = request.user
    units = visible_units(user, roles=services.HANDLERS)
    form = PlanForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied(m.NOT_LIAISON)
        if form.is_valid():
            try:
                plan = services.plan_create(actor=user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已制定“{title}”。").format(title=plan.title))
                return redirect("ledger:plan", pk=plan.pk)
    page = _page(request, selectors.plan_list(actor=user))
    return render(request, "ledger/plan_list.html", {"page": page, "form": form, "can_create": units.exists()},
                  status=400 if form.errors else 200)


@forbidden_as_page
def plan_detail(request, pk):
    """A plan: the unit files and revises it, the office above approves it or returns it with a reason."""
    user = request.user
    plan = selectors.plan_get(actor=user, pk=pk)
    revise_form = PlanReviseForm(initial={"title": plan.title, "text": plan.text})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "file":
                services.plan_file(actor=user, plan=plan)
                messages.success(request, _("已报领导小组备案，等待审核。"))
            elif action in ("public", "private"):
                services.plan_set_public(actor=user, plan=plan, is_public=action == "public")
                messages.success(request, _("已设为向社会公开。") if action == "public" else _("已取消公开。"))
            elif action == "approve":
                services.plan_approve(actor=user, plan=plan, note=request.POST.get("reason", ""))
                messages.success(request, _("方案已审核通过。"))
            elif action == "return":
                services.plan_return(actor=user, plan=plan, reason=request.POST.get("reason", ""))
                messages.success(request, _("方案已退回，并告知退回理由。"))
            elif action == "revise":
                revise_form = PlanReviseForm(request.POST)
                if not revise_form.is_valid():
                    raise ValidationError(revise_form.errors.get("title") or _("请检查填写的内容。"))
                services.plan_revise(actor=user, plan=plan, **revise_form.cleaned_data)
                messages.success(request, _("方案已修改。"))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            plan = selectors.plan_get(actor=user, pk=pk)
            status = 400
        else:
            return redirect("ledger:plan", pk=plan.pk)
    problems = selectors.problem_list(actor=user, filters={"plan": plan.pk})
    is_handler = has_role(user, services.HANDLERS, plan.unit)
    editable = plan.review_status != PlanReview.APPROVED and not (plan.filed_at and plan.review_status == PlanReview.PENDING)
    return render(request, "ledger/plan_detail.html", {
        "plan": plan, "page": _page(request, problems), "is_office": has_role(user, OFFICE, plan.unit),
        "can_file": is_handler and editable, "can_revise": is_handler and editable, "revise_form": revise_form,
        "can_review": bool(plan.filed_at) and plan.review_status == PlanReview.PENDING
                      and has_role(user, OFFICE, plan.unit.parent or plan.unit)}, status=status)


@login_required
def notification_list(request):
    """The ledger's messages are in the one inbox of every app."""
    return redirect("notices:inbox")


def rules(request):
    """The supervision rules moved to the shared ladder (one set for problems and assignments):
    old links and bookmarks land there."""
    return redirect("notices:ladder_settings", permanent=True)

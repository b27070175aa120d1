"""Indicator pages. Thin: parse input, call a selector or a service, render."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.workdays import today as local_today
from fazhi.org.access import may_use
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, has_role, is_unrestricted, visible_units

from . import selectors, services
from .forms import DismissForm, IndicatorEditForm, IndicatorFilterForm, IndicatorForm, RuleConfirmForm, WithdrawForm
from .measures import CATALOGUE

PAGE_SIZE = 25


def _forbidden_as_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_use(request.user, "indicators"):  # the roles whose menu hides this page
            return render(request, "403.html", {"reason": _("您的角色不使用此页面。")}, status=403)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(request, "core/forbidden.html", {"reason": str(denied) or _("您没有办理此事项的权限。")},
                          status=403)
    return login_required(wrapper)


def _is_office_somewhere(user) -> bool:
    return is_unrestricted(user) or bool(granted_paths(user, [Role.OFFICE]))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, [str(msg) for e in errors for msg in e.messages])
    else:
        form.add_error(None, exc.messages)


@_forbidden_as_page
def indicator_list(request):
    form = IndicatorFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.indicator_list(actor=request.user, filters=filters).order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "indicators/indicator_list.html", {
        "form": form, "page": page, "catalogue": CATALOGUE, "can_create": _is_office_somewhere(request.user)})


@_forbidden_as_page
def indicator_create(request):
    if not _is_office_somewhere(request.user):
        raise PermissionDenied(_("只有领导小组办公室可以设置指标。"))
    units = list(visible_units(request.user, [Role.OFFICE]).order_by("path")[:500])
    form = IndicatorForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = next(u for u in units if u.pk == data.pop("unit"))
        try:
            indicator = services.indicator_create(actor=request.user, unit=unit, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("指标已设置。"))
            return redirect("indicators:detail", pk=indicator.pk)
    return render(request, "indicators/indicator_form.html", {"form": form})


@_forbidden_as_page
def indicator_detail(request, pk):
    indicator = selectors.indicator_get(actor=request.user, pk=pk)
    evaluations = selectors.evaluate(actor=request.user, indicator=indicator) if indicator.is_active else []
    can_manage = has_role(request.user, [Role.OFFICE], indicator.unit)
    chart = {
        "units": [ev.unit.display_name for ev in evaluations],
        "values": [float(ev.value) if ev.value is not None else None for ev in evaluations],
        "colours": [ev.colour for ev in evaluations],
        "threshold": float(indicator.threshold),
        "ratio": selectors.measure_of(indicator) is not None and selectors.measure_of(indicator).kind == "ratio",
        "labels": {"value": _("实际值"), "threshold": _("阈值")},
    }
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "measure": selectors.measure_of(indicator), "evaluations": evaluations,
        "counts": selectors.colour_counts(evaluations), "history": selectors.history(actor=request.user, indicator=indicator),
        "can_manage": can_manage, "chart": chart,
        "edit_form": IndicatorEditForm(initial={
            "title": indicator.title, "text": indicator.text, "measure": indicator.measure, "op": indicator.op,
            "threshold": indicator.threshold, "period": indicator.period, "applies_to": indicator.applies_to}),
        "withdraw_form": WithdrawForm()})


@require_POST
@_forbidden_as_page
def indicator_edit(request, pk):
    indicator = selectors.indicator_get(actor=request.user, pk=pk)
    form = IndicatorEditForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_update(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("指标已修改。"))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("indicators:detail", pk=pk)


@require_POST
@_forbidden_as_page
def indicator_withdraw(request, pk):
    indicator = selectors.indicator_get(actor=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    try:
        services.indicator_withdraw(actor=request.user, indicator=indicator,
                                    reason=form.data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("指标已撤销。"))
    return redirect("indicators:detail", pk=pk)


@require_POST
@_forbidden_as_page
def indicator_record(request, pk):
    indicator = selectors.indicator_get(actor=request.user, pk=pk)
    kept = services.indicator_results_record(actor=request.user, indicator=indicator, day=local_today())
    messages.success(request, _("已记录本期结果 {n} 条。").format(n=len(kept)))
    return redirect("indicators:detail", pk=pk)


# --- the importer's rules, to confirm as indicators -------------------------------------------

@_forbidden_as_page
def rule_list(request):
    if not _is_office_somewhere(request.user):
        raise PermissionDenied(_("只有领导小组办公室可以设置指标。"))
    pending = selectors.rules_pending(actor=request.user)
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    forms = [(rule, RuleConfirmForm(prefix=f"r{rule.pk}", initial={
        "title": rule.suggestion.title, "measure": rule.suggestion.measure, "op": rule.suggestion.op,
        "threshold": f"{rule.suggestion.threshold.normalize():f}", "period": rule.suggestion.period}),
        DismissForm(prefix=f"d{rule.pk}")) for rule in page]
    reviews = Paginator(selectors.rule_reviews(actor=request.user), PAGE_SIZE).get_page(request.GET.get("done"))
    return render(request, "indicators/rule_list.html", {"page": page, "forms": forms, "reviews": reviews,
                                                         "catalogue": CATALOGUE})


@require_POST
@_forbidden_as_page
def rule_confirm(request, pk):
    if not _is_office_somewhere(request.user):
        raise PermissionDenied(_("只有领导小组办公室可以设置指标。"))
    rule = selectors.rule_get(actor=request.user, pk=pk)
    form = RuleConfirmForm(request.POST, prefix=f"r{pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("indicators:rules")
    try:
        review = services.plan_rule_confirm(actor=request.user, rule=rule, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("indicators:rules")
    messages.success(request, _("已确认为指标。"))
    return redirect("indicators:detail", pk=review.indicator_id)


@require_POST
@_forbidden_as_page
def rule_dismiss(request, pk):
    if not _is_office_somewhere(request.user):
        raise PermissionDenied(_("只有领导小组办公室可以设置指标。"))
    rule = selectors.rule_get(actor=request.user, pk=pk)
    form = DismissForm(request.POST, prefix=f"d{pk}")
    try:
        services.plan_rule_dismiss(actor=request.user, rule=rule, reason=form.data.get(f"d{pk}-reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已标记为不设指标。"))
    return redirect("indicators:rules")

"""The holiday table: everyone signed in sees it; the office of a top-level unit adds and
deletes entries, or imports the State Council's notice after a preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .choices import CalendarSource, DayKind
from .forms import NoticeForm, StatutoryDayForm
from .holidays import parse_notice
from .models import StatutoryDay
from .workdays import WorkCalendar, today

WEEKDAYS = "一二三四五六日"


def _forbidden(request, error):
    return render(request, "core/forbidden.html", {"reason": str(error)}, status=403)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or today().year)
    except ValueError:
        year = today().year
    return min(max(year, 2000), 2100)


@login_required
def holiday_list(request):
    year = _year(request)
    may_edit = services.may_edit_calendar(request.user)
    form = StatutoryDayForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form is None:
            return _forbidden(request, services.NOT_CALENDAR_OFFICE)
        if form.is_valid():
            try:
                day = services.statutory_day_create(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                for msg in e.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, _("已添加 {date}。").format(date=f"{day.date.year}年{day.date.month}月{day.date.day}日"))
                return redirect(f"{reverse('core:holidays')}?year={day.date.year}")
    days = list(StatutoryDay.objects.filter(date__year=year))
    counts = dict(StatutoryDay.objects.order_by().annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id")).values_list("y", "n"))
    cal = WorkCalendar()
    this = today().year
    years = sorted(set(range(this - 1, this + 3)) | {year} | set(counts))
    overview = [{"year": y, "source": cal.source(y), "label": CalendarSource(cal.source(y)).label, "count": counts.get(y, 0)}
                for y in years]
    rows = [{"day": d, "weekday": _("周{d}").format(d=WEEKDAYS[d.date.weekday()])} for d in days]
    source = cal.source(year)
    return render(request, "core/holidays.html", {
        "year": year, "rows": rows, "overview": overview, "source": source, "source_label": CalendarSource(source).label,
        "form": form, "may_edit": may_edit, "notice_form": NoticeForm(initial={"year": year}) if may_edit else None,
        "n_holidays": sum(1 for d in days if d.kind == DayKind.HOLIDAY), "n_workdays": sum(1 for d in days if d.kind == DayKind.WORKDAY),
    })


@require_POST
@login_required
def holiday_delete(request, pk):
    day = get_object_or_404(StatutoryDay, pk=pk)
    try:
        services.statutory_day_delete(actor=request.user, day=day)
    except PermissionDenied as e:
        return _forbidden(request, e)
    messages.success(request, _("已删除 {date}。").format(date=f"{day.date.year}年{day.date.month}月{day.date.day}日"))
    return redirect(f"{reverse('core:holidays')}?year={day.date.year}")


@login_required
def holiday_import(request):
    """Step 1 (preview): parse and show what would be written. Step 2 (save): parse the same
    text again and write it; nothing is kept on the server between the two steps."""
    if not services.may_edit_calendar(request.user):
        return _forbidden(request, services.NOT_CALENDAR_OFFICE)
    form = NoticeForm(request.POST or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        parsed = parse_notice(form.cleaned_data["text"], form.cleaned_data.get("year"))
        if request.POST.get("confirm") and parsed.ok:
            services.holiday_notice_import(actor=request.user, year=parsed.year, days=parsed.days)
            messages.success(request, _("已导入 {year} 年节假日安排：放假 {h} 天，调休上班 {w} 天。").format(
                year=parsed.year, h=len(parsed.holidays), w=len(parsed.workdays)))
            return redirect(f"{reverse('core:holidays')}?year={parsed.year}")
    existing = StatutoryDay.objects.filter(date__year=parsed.year).count() if parsed and parsed.year else 0
    groups = _preview_groups(parsed.days) if parsed else []
    return render(request, "core/holiday_import.html", {"form": form, "parsed": parsed, "groups": groups, "existing": existing})


def _preview_groups(days) -> list[dict]:
    """One line per festival, its make-up working days on the line right after it."""
    by_name: dict[str, dict] = {}
    for d in days:
        g = by_name.setdefault(d.name, {"name": d.name, "kind": d.kind, "days": []})
        g["days"].append({"date": d.date, "weekday": _("周{d}").format(d=WEEKDAYS[d.date.weekday()])})
    holidays = sorted((g for g in by_name.values() if g["kind"] == DayKind.HOLIDAY), key=lambda g: g["days"][0]["date"])
    ordered = []
    for g in holidays:
        ordered.append(g)
        make_up = by_name.get(_("{name}调休上班").format(name=g["name"]))
        if make_up:
            ordered.append(make_up)
    return ordered + [g for g in by_name.values() if g not in ordered]


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check, explained in the product's layout and language."""
    return render(request, "403_csrf.html", status=403)

"""Office pages of the intake app (/intake/): the inbox with its time limits, one case with
its actions, the reporter's identity for the intake role, meetings, channels, time limits.

Thin: parse input, call a selector or a service, render. A service's ValidationError
becomes a message, its PermissionDenied a 403 page that says why.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.excel import ledger_workbook, workbook_response
from fazhi.core.paging import CountedPaginator
from fazhi.core.workdays import WorkCalendar
from fazhi.org.access import page_for_roles
from fazhi.org.choices import Role
from fazhi.org.scoping import has_role, visible_units

from . import messages as m
from . import selectors, services
from .choices import ReplyStatus, Source, SubmissionKind, SubmissionStatus as S
from . import links
from .forms import (ChannelForm, CloseForm, InboxFilterForm, MeetingFilterForm, MeetingForm, QuestionnaireForm, RecordForm,
                    ReplyForm, ReviewForm, RouteForm, TimeLimitForm, add_service_errors)
from .models import HANDLER_ROLES, READER_ROLES, Attachment, Reply, Submission
from .timelimits import colour_of, limits_for

PAGE_SIZE = 25


def page_view(view):
    """Signed in; a PermissionDenied from a service is a 403 page with its reason."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(request, "core/forbidden.html", {"reason": str(denied) or m.NOT_HANDLER}, status=403)

    return login_required(wrapper)


def _errors(request, error: ValidationError) -> None:
    for msg in error.messages:
        messages.error(request, msg)


def _inbox_filters(request):
    form = InboxFilterForm(request.GET or None, units=visible_units(request.user))
    return form, (form.cleaned_data if form.is_valid() else {})


@page_for_roles("intake")
@page_view
def inbox(request):
    form, filters = _inbox_filters(request)
    cal = WorkCalendar()
    qs = selectors.submission_list(actor=request.user, filters=filters, cal=cal)
    counts = selectors.colour_tabs(actor=request.user, filters=filters, cal=cal)
    # The rows listed are those of the colour tab chosen, or of them all: counted already.
    listed = counts.get(filters["colour"], 0) if filters.get("colour") else sum(counts.values())
    page = CountedPaginator(qs, PAGE_SIZE, count=listed).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "intake/inbox.html", {
        "form": form, "page": page, "counts": counts, "filtered": any(v not in (None, "") for v in filters.values()),
        "export_query": params.urlencode(), "is_handler": bool(visible_units(request.user, roles=HANDLER_ROLES).exists()),
        "calendar_warnings": cal.warnings(), "tab": "inbox",
    })


@page_for_roles("intake")
@page_view
def export(request):
    """The inbox as an Excel ledger: the case, never the person who sent it."""
    _form, filters = _inbox_filters(request)
    rows = [(s.case_number, s.received_at, s.get_kind_display(), s.get_source_display(), s.get_reporter_category_display(),
             s.unit.name if s.unit else "", s.title or s.text[:60], s.get_status_display(),
             s.assigned_unit.name if s.assigned_unit else "", s.current_due, s.concluded_on)
            for s in selectors.submission_list(actor=request.user, filters=filters)]
    headers = [_("受理编号"), _("收到日期"), _("类别"), _("来源"), _("反映人类别"), _("反映的单位"), _("标题或摘要"), _("状态"),
               _("承办单位"), _("当前期限"), _("办结日期")]
    wb = ledger_workbook(title=_("意见投诉办理台账"), headers=headers, rows=rows)
    return workbook_response(wb, _("意见投诉办理台账.xlsx"))


def _can_draft(user, sub: Submission) -> bool:
    return sub.status == S.ROUTED and (
        (sub.assigned_unit is not None and has_role(user, [Role.LIAISON], sub.assigned_unit))
        or has_role(user, HANDLER_ROLES, sub.received_by))


@page_view
def detail(request, pk: int):
    sub = selectors.submission_get(actor=request.user, pk=pk)
    handler = has_role(request.user, HANDLER_ROLES, sub.received_by)
    replies = list(sub.replies.all())
    pending = next((r for r in replies if r.status == ReplyStatus.DRAFT), None)
    return render(request, "intake/detail.html", {
        "sub": sub, "replies": replies, "pending": pending, "handler": handler,
        "intake": services.is_intake_of(request.user, sub),
        "can_draft": _can_draft(request.user, sub),
        "route_form": RouteForm(units=visible_units(request.user, roles=HANDLER_ROLES), initial={"unit": sub.assigned_unit or sub.unit}),
        "reply_form": ReplyForm(), "review_form": ReviewForm(initial={"text": pending.text if pending else ""}),
        "close_form": CloseForm(), "open": sub.status in services.OPEN_FOR_CLOSING,
        "colour": colour_of(sub), "tab": "inbox",
    })


@page_view
def reporter(request, pk: int):
    sub = selectors.submission_get(actor=request.user, pk=pk)
    identity = services.reporter_read(actor=request.user, submission=sub)
    return render(request, "intake/_reporter.html", {"sub": sub, "identity": identity, "tab": "inbox"})


def _act(request, pk: int, call, success) -> object:
    sub = selectors.submission_get(actor=request.user, pk=pk)
    try:
        call(sub)
        messages.success(request, success(sub) if callable(success) else success)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=sub.pk)


@require_POST
@page_view
def accept(request, pk: int):
    return _act(request, pk, lambda s: services.submission_accept(actor=request.user, submission=s), m.ACCEPTED)


@require_POST
@page_view
def route(request, pk: int):
    form = RouteForm(request.POST, units=visible_units(request.user, roles=HANDLER_ROLES))
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    return _act(request, pk, lambda s: services.submission_route(actor=request.user, submission=s, unit=unit),
                lambda s: str(m.ROUTED).format(unit=s.assigned_unit.name))


@require_POST
@page_view
def reply(request, pk: int):
    return _act(request, pk, lambda s: services.reply_draft(actor=request.user, submission=s, text=request.POST.get("text", "")), m.DRAFTED)


@require_POST
@page_view
def review(request, pk: int, reply_pk: int):
    sub = selectors.submission_get(actor=request.user, pk=pk)
    target = get_object_or_404(Reply, pk=reply_pk, submission=sub)
    form = ReviewForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        if data.get("decision") == "return":
            services.reply_return(actor=request.user, reply=target, note=data.get("note", ""))
            messages.success(request, m.RETURNED)
        else:
            services.reply_approve(actor=request.user, reply=target, text=data.get("text") or None)
            messages.success(request, m.PUBLISHED)
    except ValidationError as error:
        _errors(request, error)
    return redirect("intake:detail", pk=sub.pk)


@require_POST
@page_view
def close(request, pk: int):
    form = CloseForm(request.POST)
    if not form.is_valid():
        sub = selectors.submission_get(actor=request.user, pk=pk)
        messages.error(request, m.REASON_REQUIRED)
        return redirect("intake:detail", pk=sub.pk)
    d = form.cleaned_data
    number = d["other"].strip()
    other = selectors.submission_list(actor=request.user).filter(case_number=number).first() if number else None

    def call(s):
        if d["action"] == "reject":
            return services.submission_reject(actor=request.user, submission=s, reason=d["reason"])
        if other is None:
            raise ValidationError(str(m.OTHER_CASE_NOT_FOUND).format(number=number))
        if d["action"] == "merge":
            return services.submission_merge(actor=request.user, submission=s, into=other, reason=d["reason"])
        return services.submission_mark_duplicate(actor=request.user, submission=s, original=other, reason=d["reason"])

    notice = {"reject": m.REJECTED, "merge": str(m.MERGED).format(number=number), "duplicate": m.MARKED_DUPLICATE}[d["action"]]
    return _act(request, pk, call, notice)


@require_POST
@page_view
def to_problem(request, pk: int):
    def call(s):
        services.submission_to_problem(actor=request.user, submission=s)
        if s.problem_id is None:
            messages.info(request, m.PROBLEM_NO_LEDGER)

    return _act(request, pk, call, m.TO_PROBLEM)


@page_view
def attachment(request, pk: int):
    att = get_object_or_404(Attachment.objects.select_related("submission"), pk=pk)
    if not selectors.submission_list(actor=request.user).filter(pk=att.submission_id).exists():
        raise Http404(m.OTHER_CASE_NOT_FOUND)
    response = FileResponse(att.file.open("rb"), content_type=att.mime, as_attachment=not att.mime.startswith("image/"),
                            filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page_view
def record(request):
    handler_units = visible_units(request.user, roles=HANDLER_ROLES)
    if not handler_units.exists():
        raise PermissionDenied(m.NOT_HANDLER)
    initial = {"source": request.GET.get("source") or Source.PHONE, "meeting": request.GET.get("meeting"),
               "received_by": handler_units.order_by("depth", "path").first()}
    form = RecordForm(request.POST or None, request.FILES or None, initial=initial, units=visible_units(request.user),
                      handler_units=handler_units, meetings=selectors.meeting_list(actor=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            sub, password = services.submission_record(
                actor=request.user, kind=d["kind"], source=d["source"], text=d["text"], title=d["title"], unit=d["unit"],
                received_by=d["received_by"], name=d["name"], phone=d["phone"], files=d["files"], meeting=d["meeting"],
                reporter_category=d["reporter_category"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记，受理编号 {number}，查询密码 {password}。请告知反映人，密码只显示这一次。").format(
                number=sub.case_number, password=password))
            return redirect("intake:detail", pk=sub.pk)
    return render(request, "intake/record.html", {"form": form, "tab": "inbox"})


# --- meetings, channels, time limits ----------------------------------------------------------

@page_view
def meetings(request):
    form = MeetingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.meeting_list(actor=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "intake/meetings.html", {"page": page, "form": form, "tab": "meetings", "query": params.urlencode(),
                                                    "can_edit": visible_units(request.user, roles=HANDLER_ROLES).exists()})


@page_view
def meeting_new(request):
    units = visible_units(request.user, roles=HANDLER_ROLES)
    if not units.exists():
        raise PermissionDenied(m.NOT_HANDLER)
    form = MeetingForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, m.SAVED)
            return redirect("intake:meeting", pk=meeting.pk)
    return render(request, "intake/meeting_form.html", {"form": form, "tab": "meetings"})


@page_view
def meeting_edit(request, pk: int):
    """Attendance and minutes are recorded after the meeting, on the meeting it belongs to."""
    obj = selectors.meeting_get(actor=request.user, pk=pk)
    if not has_role(request.user, HANDLER_ROLES, obj.organizer):
        raise PermissionDenied(m.NOT_HANDLER)
    fields = ("kind", "title", "starts_at", "ends_at", "place", "attendees", "agenda", "expected_count", "present_count",
              "present", "minutes")
    form = MeetingForm(request.POST or None, request.FILES or None, units=None,
                       initial={f: getattr(obj, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, m.SAVED)
            return redirect("intake:meeting", pk=obj.pk)
    return render(request, "intake/meeting_form.html", {"form": form, "meeting": obj, "tab": "meetings"})


@page_view
def meeting_minutes(request, pk: int):
    obj = selectors.meeting_get(actor=request.user, pk=pk)
    if not obj.minutes_file:
        raise Http404(m.OTHER_CASE_NOT_FOUND)
    ext = obj.minutes_file.name.rsplit(".", 1)[-1] if "." in obj.minutes_file.name else "pdf"
    response = FileResponse(obj.minutes_file.open("rb"), as_attachment=True, filename=f"{obj.title[:60]}-{_('纪要')}.{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page_view
def meeting(request, pk: int):
    obj = selectors.meeting_get(actor=request.user, pk=pk)
    opinions = selectors.submission_list(actor=request.user, filters={"meeting": obj})
    return render(request, "intake/meeting_detail.html", {
        "meeting": obj, "opinions": opinions, "tab": "meetings", "can_edit": has_role(request.user, HANDLER_ROLES, obj.organizer)})


# --- 征询意见表 ---------------------------------------------------------------------------------

@page_for_roles("intake")
@page_view
def opinion_forms(request):
    """Every unit the office may print a 征询意见表 for, with the opinions received about it."""
    q = (request.GET.get("q") or "").strip()[:50]
    qs = selectors.opinion_form_units(actor=request.user, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/opinion_forms.html", {"page": page, "q": q, "tab": "forms"})


@page_for_roles("intake")
@page_view
def opinion_form(request, pk: int):
    """The printable form (A4) of one unit: its QR code opens the portal with the unit chosen.
    Printed for the public, it is in Chinese whatever the language of the office's session."""
    from django.utils import translation

    unit = get_object_or_404(selectors.opinion_form_units(actor=request.user), pk=pk)
    url = links.unit_submit_url(request, unit)
    surveys = [(q, links.survey_url(request, q, unit)) for q in selectors.open_questionnaires_for(unit)]
    with translation.override("zh-hans"):
        return render(request, "intake/opinion_form_print.html", {
            "unit": unit, "url": url, "qr": links.qr_svg(url, box_size=8),
            "survey": surveys[0] if surveys else None, "survey_qr": links.qr_svg(surveys[0][1], box_size=5) if surveys else "",
            "channels": selectors.unit_channels(unit)})


# --- 民主评议 -----------------------------------------------------------------------------------

def _campaigns_for(user):
    from fazhi.campaigns.selectors import campaign_list

    paths = visible_units(user, roles=HANDLER_ROLES).values("pk")
    return campaign_list(actor=user).filter(issuer__in=paths).order_by("-year", "title")


@page_for_roles("intake")
@page_view
def questionnaires(request):
    campaigns = _campaigns_for(request.user)
    can_edit = campaigns.exists()
    form = QuestionnaireForm(request.POST or None, campaigns=campaigns)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(m.NOT_CAMPAIGN_OFFICE)
        if form.is_valid():
            try:
                made = services.questionnaire_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, m.SAVED)
                return redirect("intake:questionnaire", pk=made.pk)
    page = Paginator(selectors.questionnaire_list(actor=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/questionnaires.html", {"page": page, "form": form, "can_edit": can_edit, "tab": "surveys"})


@page_for_roles("intake")
@page_view
def questionnaire(request, pk: int):
    obj = selectors.questionnaire_get(actor=request.user, pk=pk)
    rows = selectors.satisfaction(obj, units=visible_units(request.user))
    return render(request, "intake/questionnaire_detail.html", {
        "questionnaire": obj, "rows": rows, "questions": list(obj.questions.all()), "tab": "surveys",
        "portal_url": links.survey_url(request, obj), "can_edit": has_role(request.user, HANDLER_ROLES, obj.campaign.issuer),
        "total": sum(r["responses"] for r in rows)})


@require_POST
@page_for_roles("intake")
@page_view
def questionnaire_toggle(request, pk: int):
    obj = selectors.questionnaire_get(actor=request.user, pk=pk)
    services.questionnaire_set_open(actor=request.user, questionnaire=obj, is_open=not obj.is_open)
    messages.success(request, m.SAVED)
    return redirect("intake:questionnaire", pk=obj.pk)


@page_view
def channels(request):
    can_edit = visible_units(request.user, roles=HANDLER_ROLES).exists()
    form = ChannelForm(request.POST or None, units=visible_units(request.user, roles=HANDLER_ROLES), initial={"published": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, m.SAVED)
            return redirect("intake:channels")
    page = Paginator(selectors.channel_list(actor=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/channels.html", {"page": page, "form": form, "can_edit": can_edit, "tab": "channels"})


@require_POST
@page_view
def channel_toggle(request, pk: int):
    channel = get_object_or_404(selectors.channel_list(actor=request.user), pk=pk)
    services.channel_update(actor=request.user, channel=channel, published=not channel.published)
    messages.success(request, m.SAVED)
    return redirect("intake:channels")


@page_view
def limits(request):
    rows = []
    if request.method == "POST":
        form = TimeLimitForm(request.POST)
        if form.is_valid():
            try:
                services.time_limit_set(actor=request.user, **form.cleaned_data)
                messages.success(request, m.SAVED)
                return redirect("intake:limits")
            except ValidationError as error:
                _errors(request, error)
        else:
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
    for kind, label in SubmissionKind.choices:
        current = limits_for(kind)
        rows.append({"label": label, "form": TimeLimitForm(initial={"kind": kind, **current.__dict__})})
    return render(request, "intake/limits.html", {"rows": rows, "tab": "limits"})


"""Learning pages. Thin: parse input, call a selector or a service, render.

A unit or person given by id is resolved inside the user's scope (404 outside it); a
service's PermissionDenied becomes a 403 page that says why, its ValidationError a form error.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.excel import workbook_response
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.models import Person
from fazhi.org.scoping import NOT_FOUND, access, grants_of, is_unrestricted, require_role, scope, subtree_q, visible_units

from . import messages as m
from . import selectors, services
from .certificate import certificate_docx
from .choices import ExamKind, MaterialKind, OutreachKind, QuestionKind, SessionKind
from .excel import attendance_import, attendance_template, figures_workbook, question_template, questions_import
from .forms import (AttendeesForm, CategoryForm, DutyForm, ExamForm, ImportForm, OutreachForm, SessionForm,
                    StudyListForm, add_service_errors)
from .models import PersonCategory, Question, StudySession

PAGE_SIZE = 25
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def forbidden_as_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            reason = str(denied) or _("您没有办理此事项的权限。")
            return render(request, "learning/forbidden.html", {"reason": reason}, status=403)

    return login_required(wrapper)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else local_today().year


def _filters(request, *names) -> dict:
    return {n: request.GET.get(n).strip() for n in names if (request.GET.get(n) or "").strip()}


def _units(user, roles=None):
    return list(visible_units(user, roles=roles).only("id", "name", "depth", "path"))


def _unit_in_scope(user, pk):
    if not str(pk or "").isdigit():
        raise Http404(NOT_FOUND)
    return access(visible_units(user), pk)


def _roles(user) -> set[str]:
    return {g.role for g in grants_of(user)}


def _can_write(user) -> bool:
    return is_unrestricted(user) or bool(_roles(user) & set(services.WRITERS))


def _is_office(user) -> bool:
    return is_unrestricted(user) or Role.OFFICE in _roles(user)


def _ctx(request, tab: str, **kw) -> dict:
    return {"tab": tab, "can_write": _can_write(request.user), "is_office": _is_office(request.user),
            "years": list(range(local_today().year, local_today().year - 5, -1)), **kw}


def _unit_filter_choices(request):
    return _units(request.user)


# --- sessions ------------------------------------------------------------------------------------

@login_required
def session_list(request):
    filters = _filters(request, "unit", "kind", "q", "year")
    page = _page(request, selectors.session_list(actor=request.user, filters=filters))
    return render(request, "learning/session_list.html", _ctx(
        request, "sessions", page=page, filters=filters, kinds=SessionKind.choices, units=_unit_filter_choices(request)))


def _posted_unit(request):
    """The unit a form posts, resolved in the user's scope first: out of scope is 404, as for any hidden record."""
    if request.method == "POST":
        _unit_in_scope(request.user, request.POST.get("unit"))


@forbidden_as_page
def session_create(request):
    _posted_unit(request)
    units = _units(request.user, services.WRITERS)
    if not units:
        raise PermissionDenied(m.NOT_WRITER)
    form = SessionForm(request.POST or None, units=units, initial={"date": local_today(), "hours": 2, "law_hours": 2})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["unit"] = _unit_in_scope(request.user, data["unit"])
        try:
            session = services.study_session_create(actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记培训“{topic}”，请登记参训人员。").format(topic=session.topic))
            return redirect("learning:session", pk=session.pk)
    return render(request, "learning/form.html", _ctx(request, "sessions", form=form, title=_("登记学法培训")),
                  status=400 if form.errors else 200)


def _session_people(request, session):
    return list(scope(Person.objects.filter(subtree_q(session.unit.path, "unit__path")), request.user)
                .select_related("unit").order_by("unit__path", "name")[:2000])


@login_required
def session_detail(request, pk, *, attendees_form=None, import_report=None, status=200):
    session = selectors.session_get(actor=request.user, pk=pk)
    can_edit = services.can_write(request.user, session.unit)
    checkin_url = request.build_absolute_uri(reverse("learning:checkin", args=[session.checkin_token]))
    ctx = _ctx(request, "sessions", session=session, attendances=list(session.attendances.all()), can_edit=can_edit,
               checkin_url=checkin_url, import_form=ImportForm(), import_report=import_report,
               attendees_form=attendees_form or (AttendeesForm(people=_session_people(request, session)) if can_edit else None))
    return render(request, "learning/session_detail.html", ctx, status=status)


@forbidden_as_page
@require_POST
def attendees_add(request, pk):
    session = selectors.session_get(actor=request.user, pk=pk)
    if not services.can_write(request.user, session.unit):
        raise PermissionDenied(m.NOT_WRITER)
    form = AttendeesForm(request.POST, people=_session_people(request, session))
    if form.is_valid():
        people = list(scope(Person.objects.filter(pk__in=form.cleaned_data["people"]), request.user).select_related("unit"))
        if len(people) != len(set(form.cleaned_data["people"])):
            raise Http404(NOT_FOUND)
        try:
            added = services.attendance_add(actor=request.user, session=session, people=people)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记 {n} 名参训人员。").format(n=len(added)))
            return redirect("learning:session", pk=pk)
    return session_detail(request, pk, attendees_form=form, status=400)


@forbidden_as_page
@require_POST
def attendance_upload(request, pk):
    session = selectors.session_get(actor=request.user, pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return session_detail(request, pk, status=400)
    report = attendance_import(actor=request.user, session=session, upload=form.cleaned_data["file"])
    if report.accepted:
        messages.success(request, str(m.IMPORT_DONE).format(count=len(report.accepted), bad=len(report.refused)))
    return session_detail(request, pk, import_report=report, status=400 if report.errors or report.refused else 200)


@login_required
def attendance_sheet(request, pk):
    session = selectors.session_get(actor=request.user, pk=pk)
    return workbook_response(attendance_template(session), _("签到表-{topic}.xlsx").format(topic=session.topic[:30]))


@login_required
def session_qr(request, pk):
    import qrcode
    import qrcode.image.svg

    session = selectors.session_get(actor=request.user, pk=pk)
    url = request.build_absolute_uri(reverse("learning:checkin", args=[session.checkin_token]))
    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return HttpResponse(img.to_string(encoding="unicode"), content_type="image/svg+xml")


@login_required
def checkin(request, token):
    """The page a phone opens from the session's QR code: sign in as oneself."""
    session = StudySession.objects.select_related("unit").filter(checkin_token=token).first()
    if session is None:
        raise Http404(NOT_FOUND)
    error, done = None, session.attendances.filter(person__user=request.user).exists()
    if request.method == "POST" and not done:
        try:
            services.attendance_check_in(actor=request.user, token=token)
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            done = True
    return render(request, "learning/checkin.html", {"session": session, "done": done, "error": error},
                  status=400 if error else 200)


# --- hours ledger ---------------------------------------------------------------------------------

@login_required
def hours(request):
    year = _year(request)
    filters = _filters(request, "unit", "category", "q", "below")
    page = _page(request, selectors.hours_ledger(actor=request.user, year=year, filters=filters))
    for person in page:
        person.share = selectors.share_of(person.law_hours, person.hours)
    return render(request, "learning/hours.html", _ctx(
        request, "hours", page=page, year=year, filters=filters, units=_unit_filter_choices(request),
        categories=list(PersonCategory.objects.all())))


@forbidden_as_page
@require_POST
def person_category(request, pk):
    person = access(scope(Person.objects.select_related("unit"), request.user), pk)
    categories = list(PersonCategory.objects.all())
    form = CategoryForm(request.POST, categories=categories)
    if not form.is_valid():
        messages.error(request, str(m.CATEGORY_UNKNOWN).format(name=request.POST.get("category", "")))
    else:
        category = next(c for c in categories if c.code == form.cleaned_data["category"])
        services.person_category_set(actor=request.user, person=person, category=category)
        messages.success(request, _("已将 {name} 设为“{category}”。").format(name=person.name, category=category.name))
    target = request.POST.get("next") or ""
    return redirect(target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/")
                    else reverse("learning:hours"))


# --- study lists ---------------------------------------------------------------------------------

@login_required
def study_lists(request):
    filters = _filters(request, "unit", "year", "q")
    page = _page(request, selectors.study_list_list(actor=request.user, filters=filters))
    return render(request, "learning/study_lists.html", _ctx(request, "lists", page=page, filters=filters,
                                                              units=_unit_filter_choices(request)))


@forbidden_as_page
def study_list_create(request):
    _posted_unit(request)
    units = _units(request.user, services.WRITERS)
    if not units:
        raise PermissionDenied(m.NOT_WRITER)
    form = StudyListForm(request.POST or None, units=units, initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["unit"] = _unit_in_scope(request.user, data["unit"])
        try:
            services.study_list_create(actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect("learning:lists")
    return render(request, "learning/form.html", _ctx(request, "lists", form=form, title=_("制定学法清单")),
                  status=400 if form.errors else 200)


# --- exams ----------------------------------------------------------------------------------------

@login_required
def exam_list(request):
    filters = _filters(request, "unit", "kind", "q", "year")
    page = _page(request, selectors.exam_list(actor=request.user, filters=filters))
    mine = list(selectors.my_exams(request.user)[:20])
    return render(request, "learning/exam_list.html", _ctx(request, "exams", page=page, mine=mine, filters=filters,
                                                            kinds=ExamKind.choices, now=timezone.now()))


@forbidden_as_page
def exam_create(request):
    _posted_unit(request)
    units = _units(request.user, services.OFFICE)
    if not units:
        raise PermissionDenied(m.NOT_OFFICE)
    now = timezone.localtime().replace(second=0, microsecond=0)
    categories = list(PersonCategory.objects.all())
    form = ExamForm(request.POST or None, units=units, categories=categories,
                    initial={"opens_at": now, "closes_at": now + dt.timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = _unit_in_scope(request.user, data["unit"])
        candidates = Person.objects.filter(subtree_q(unit.path, "unit__path")).select_related("unit")
        if data["category"]:
            candidates = candidates.filter(learner__category__code=data["category"])
        try:
            exam = services.exam_create(
                actor=request.user, unit=unit, kind=data["kind"], title=data["title"], opens_at=data["opens_at"],
                closes_at=data["closes_at"], time_limit=data["time_limit"], pass_mark=data["pass_mark"],
                max_attempts=data["max_attempts"], partial_credit=data["partial_credit"], rule=form.rule(),
                candidates=list(candidates))
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect("learning:exam", pk=exam.pk)
    return render(request, "learning/form.html", _ctx(request, "exams", form=form, title=_("组织考试")),
                  status=400 if form.errors else 200)


def _exam_for(request, pk):
    """An exam the user may see: organised in their scope, or one they are a candidate of."""
    exam = selectors.exam_list(actor=request.user).filter(pk=pk).first() or selectors.my_exams(request.user).filter(pk=pk).first()
    if exam is None:
        raise Http404(NOT_FOUND)
    return exam


@login_required
def exam_detail(request, pk):
    exam = _exam_for(request, pk)
    in_scope = selectors.exam_list(actor=request.user).filter(pk=pk).exists()
    mine = list(exam.attempts.filter(person__user=request.user).order_by("number"))
    is_candidate = exam.candidates.filter(user=request.user).exists()
    questions = Question.objects.in_bulk(exam.paper)
    ctx = _ctx(request, "exams", exam=exam, mine=mine, is_candidate=is_candidate, now=timezone.now(),
               results=selectors.exam_results(exam) if in_scope else None,
               rule=[(services.rule_label(r), r.get("count")) for r in exam.rule],
               paper=[questions[i] for i in exam.paper if i in questions] if in_scope and _is_office(request.user) else [])
    return render(request, "learning/exam_detail.html", ctx)


@forbidden_as_page
@require_POST
def exam_start(request, pk):
    exam = _exam_for(request, pk)
    try:
        attempt = services.attempt_start(actor=request.user, exam=exam)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("learning:exam", pk=pk)
    return redirect("learning:attempt", pk=attempt.pk)


@forbidden_as_page
def attempt_page(request, pk):
    attempt = selectors.attempt_get(actor=request.user, pk=pk)
    exam = attempt.exam
    own = attempt.person.user_id == request.user.pk
    error = None
    if request.method == "POST":
        # Answers first, so that one sent after the deadline is told so ("答题时间已于…截止"); the
        # expired attempt is marked below, on what was saved in time.
        answers = {str(qid): request.POST.getlist(f"q{qid}") for qid in exam.paper}
        try:
            if "save" in request.POST:
                services.attempt_answer(actor=request.user, attempt=attempt, answers=answers)
                messages.info(request, _("答案已保存。"))
            else:
                services.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
            return redirect("learning:attempt", pk=pk)
        except ValidationError as e:
            error = " ".join(e.messages)
    attempt = services.attempt_expire(attempt=attempt)
    attempt.refresh_from_db()
    questions = Question.objects.in_bulk(exam.paper)
    paper = []
    for n, qid in enumerate(exam.paper, start=1):
        q = questions.get(qid)
        if q is None:
            continue
        chosen = attempt.answers.get(str(qid), [])
        mark = services.mark(q, chosen, partial_credit=exam.partial_credit) if attempt.is_finished else None
        paper.append({"n": n, "q": q, "chosen": chosen, "mark": mark,
                      "options": [(i, chr(65 + i) if q.kind != QuestionKind.TRUE_FALSE else "", o) for i, o in enumerate(q.options)]})
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds())) if not attempt.is_finished else 0
    return render(request, "learning/attempt.html", {
        "attempt": attempt, "exam": exam, "paper": paper, "own": own, "error": error, "remaining": remaining,
        "answered": len([p for p in paper if p["chosen"]]),
    }, status=400 if error else 200)


@forbidden_as_page
def certificate(request, pk):
    attempt = selectors.attempt_get(actor=request.user, pk=pk)
    if not attempt.passed:
        raise PermissionDenied(m.NOT_PASSED)
    name = _("合格证书-{name}-{title}.docx").format(name=attempt.person.name, title=attempt.exam.title[:30])
    response = HttpResponse(certificate_docx(attempt), content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename=\"certificate.docx\"; filename*=UTF-8''{quote(name)}"
    return response


# --- question bank --------------------------------------------------------------------------------

@login_required
def question_list(request):
    filters = _filters(request, "kind", "q", "law")
    page = _page(request, selectors.question_list(actor=request.user, filters=filters))
    return render(request, "learning/questions.html", _ctx(request, "questions", page=page, filters=filters,
                                                            kinds=QuestionKind.choices, import_form=ImportForm(),
                                                            units=_units(request.user, services.OFFICE)))


@forbidden_as_page
@require_POST
def question_import(request):
    unit = _unit_in_scope(request.user, request.POST.get("unit"))
    require_role(request.user, services.OFFICE, unit, m.NOT_OFFICE)
    units = _units(request.user, services.OFFICE)
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        report = questions_import(actor=request.user, unit=unit, upload=form.cleaned_data["file"])
        if report.accepted:
            messages.success(request, str(m.IMPORT_DONE).format(count=len(report.accepted), bad=len(report.refused)))
    page = _page(request, selectors.question_list(actor=request.user))
    return render(request, "learning/questions.html", _ctx(
        request, "questions", page=page, filters={}, kinds=QuestionKind.choices, import_form=form, report=report,
        units=units), status=400 if (report is None or report.errors or report.refused) else 200)


@login_required
def question_sheet(request):
    return workbook_response(question_template(), _("试题导入模板.xlsx"))


# --- outreach -------------------------------------------------------------------------------------

@login_required
def outreach_list(request):
    filters = _filters(request, "unit", "kind", "q", "year")
    page = _page(request, selectors.outreach_list(actor=request.user, filters=filters))
    return render(request, "learning/outreach_list.html", _ctx(
        request, "outreach", page=page, filters=filters, kinds=OutreachKind.choices, units=_unit_filter_choices(request)))


@forbidden_as_page
def outreach_create(request):
    _posted_unit(request)
    units = _units(request.user, services.WRITERS)
    if not units:
        raise PermissionDenied(m.NOT_WRITER)
    form = OutreachForm(request.POST or None, request.FILES or None, units=units, initial={"date": local_today()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("material_")}
        data["unit"] = _unit_in_scope(request.user, data["unit"])
        try:
            event = services.outreach_event_create(actor=request.user, materials=form.materials(), **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect("learning:outreach_event", pk=event.pk)
    return render(request, "learning/form.html", _ctx(request, "outreach", form=form, title=_("登记普法活动"),
                                                       multipart=True), status=400 if form.errors else 200)


@login_required
def outreach_detail(request, pk):
    event = selectors.outreach_get(actor=request.user, pk=pk)
    return render(request, "learning/outreach_detail.html", _ctx(request, "outreach", event=event))


@login_required
def photo(request, pk):
    p = selectors.photo_get(actor=request.user, pk=pk)
    response = FileResponse(p.file.open("rb"), filename=p.original_name, content_type=p.mime)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def duties(request):
    year = _year(request)
    filters = {**_filters(request, "unit"), "year": year}
    rows = list(selectors.duty_list(actor=request.user, filters=filters))
    return render(request, "learning/duties.html", _ctx(request, "duties", rows=rows, year=year, filters=filters,
                                                         units=_unit_filter_choices(request)))


@forbidden_as_page
def duty_create(request):
    _posted_unit(request)
    units = _units(request.user, services.WRITERS)
    if not units:
        raise PermissionDenied(m.NOT_WRITER)
    form = DutyForm(request.POST or None, units=units, initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["unit"] = _unit_in_scope(request.user, data["unit"])
        try:
            services.outreach_duty_create(actor=request.user, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect("learning:duties")
    return render(request, "learning/form.html", _ctx(request, "duties", form=form, title=_("制定普法责任清单")),
                  status=400 if form.errors else 200)


# --- figures --------------------------------------------------------------------------------------

def _figures(request):
    unit = _unit_in_scope(request.user, request.GET["unit"]) if (request.GET.get("unit") or "").isdigit() else None
    return selectors.learning_figures(actor=request.user, year=_year(request), unit=unit)


@login_required
def figures(request):
    f = _figures(request)
    chart = {
        "units": [u.unit_name for u in f.per_unit],
        "trainings": [u.trainings for u in f.per_unit], "trained": [u.people_trained for u in f.per_unit],
        "events": [u.outreach_events for u in f.per_unit], "participants": [u.outreach_participants for u in f.per_unit],
        "share": [u.law_share or 0 for u in f.per_unit],
        "labels": {"trainings": _("培训期数"), "trained": _("培训人数"), "events": _("普法活动"),
                   "participants": _("参与人数"), "share": _("法律学时占比（%）")},
        "materials": [{"name": str(MaterialKind(k).label), "value": v} for k, v in f.totals.materials.items() if v],
    }
    return render(request, "learning/figures.html", _ctx(
        request, "figures", f=f, year=f.year, chart=chart,
        units=_unit_filter_choices(request), filters=_filters(request, "unit"),
        materials=[(MaterialKind(k).label, v) for k, v in f.totals.materials.items()]))


@login_required
def figures_export(request):
    f = _figures(request)
    title = _("{year}年学法培训与普法统计").format(year=f.year)
    return workbook_response(figures_workbook(f, title=title), f"{title}.xlsx")

"""The public portal: no login, phone-sized first, Chinese first.

A person submits an opinion or complaint and gets a case number and a query password;
with both they see the status and the published replies of that case and of no other.
Submissions and look-ups are rate limited per address; the CAPTCHA needs no outside service.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import links, proof, ratelimit, selectors, services, timelimits
from .links import lookup_url  # noqa: F401  (kept importable where it was)
from . import messages as m
from .forms import PRIVACY_NOTICE, LookupForm, PortalSubmitForm, RatingForm, SurveyForm, add_service_errors
from .models import Submission

RECEIPT_KEY = "intake_receipt"
CASES_KEY = "intake_cases"  # ids of the cases this browser has opened with their password
PAGE_SIZE = 25


def index(request):
    return render(request, "intake/portal/index.html", {"limits": timelimits.Limits()})


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request):
    units = selectors.public_units()
    challenge = proof.issue()
    chosen = _unit_from_query(request, units)
    form = PortalSubmitForm(request.POST or None, request.FILES or None, units=units,
                            initial={"proof_challenge": challenge["challenge"], "unit": chosen,
                                     "kind": "opinion" if chosen else "complaint"})
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        wait = ratelimit.retry_minutes(ratelimit.SUBMIT, address)
        if wait:
            form.is_valid()
            form.add_error(None, str(m.RATE_LIMITED).format(minutes=wait))
            status = 429
        elif form.is_valid():
            try:
                proof.verify(form.cleaned_data["proof_challenge"], form.cleaned_data["proof_answer"], address=address)
                d = form.cleaned_data
                sub, password = services.submission_submit(
                    kind=d["kind"], text=d["text"], title=d["title"], unit=d["unit"], name=d["name"], phone=d["phone"],
                    anonymous=d["anonymous"], files=d["files"], ip=address, reporter_category=d["reporter_category"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                ratelimit.record(ratelimit.SUBMIT, address)
                request.session[RECEIPT_KEY] = {"case_number": sub.case_number, "password": password}
                _remember(request, sub)
                return redirect("portal:receipt")
        if form.is_bound:
            # A challenge is good once: the next try works on a fresh one.
            form.data = form.data.copy()
            form.data["proof_challenge"], form.data["proof_answer"] = challenge["challenge"], ""
    return render(request, "intake/portal/submit.html", {
        "form": form, "privacy_notice": PRIVACY_NOTICE, "proof_difficulty": challenge["difficulty"], "chosen": chosen,
        "surveys": selectors.open_questionnaires_for(chosen)}, status=status)


def _unit_from_query(request, units):
    """The unit a 征询意见表's QR code names (?unit=<id>); an unknown or inactive one is ignored."""
    raw = request.GET.get("unit", "")
    return units.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 10 else None


@never_cache
def receipt(request):
    data = request.session.pop(RECEIPT_KEY, None)
    qr = _lookup_qr(request, data["case_number"]) if data else ""
    return render(request, "intake/portal/receipt.html", {"receipt": data, "qr": qr})


def _lookup_qr(request, case_number: str) -> str:
    return links.qr_svg(links.lookup_url(request, case_number))


def _remember(request, sub: Submission) -> None:
    ids = [i for i in request.session.get(CASES_KEY, []) if i != sub.pk][-9:]
    request.session[CASES_KEY] = ids + [sub.pk]


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    initial = {"case_number": request.GET.get("case", "")[:30]}
    form = LookupForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        wait = ratelimit.retry_minutes(ratelimit.LOOKUP, address)
        if wait:
            form.is_valid()
            form.add_error(None, str(m.LOOKUP_RATE_LIMITED).format(minutes=wait))
            status = 429
        elif form.is_valid():
            ratelimit.record(ratelimit.LOOKUP, address)
            sub = services.submission_lookup(case_number=form.cleaned_data["case_number"], password=form.cleaned_data["password"])
            if sub is not None:
                _remember(request, sub)
                return redirect("portal:case", case_number=sub.case_number)
            form.add_error(None, m.LOOKUP_FAILED)
    return render(request, "intake/portal/lookup.html", {"form": form}, status=status)


def _opened_case(request, case_number: str) -> Submission:
    sub = Submission.objects.filter(case_number=case_number, pk__in=request.session.get(CASES_KEY, [])).select_related(
        "unit", "assigned_unit", "received_by").first()
    if sub is None:
        # Same answer as a wrong password: this page never says whether a number exists.
        raise Http404(m.LOOKUP_FAILED)
    return sub


@never_cache
def case(request, case_number: str):
    sub = _opened_case(request, case_number)
    # What the person sent (text and files) is theirs to read again; who they are never shows here.
    return render(request, "intake/portal/case.html", {
        "sub": sub, "replies": selectors.published_replies(sub), "rating_form": RatingForm(),
        "due": timelimits.current_due(sub), "files": list(sub.attachments.all()),
    })


@never_cache
def case_file(request, case_number: str, pk: int):
    """A file of a case opened in this browser with its password; anything else is not found."""
    sub = _opened_case(request, case_number)
    att = sub.attachments.filter(pk=pk).first()
    if att is None:
        raise Http404(m.LOOKUP_FAILED)
    response = FileResponse(att.file.open("rb"), content_type=att.mime, as_attachment=not att.mime.startswith("image/"),
                            filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def rate(request, case_number: str):
    from django.contrib import messages

    sub = _opened_case(request, case_number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.submission_rate(submission=sub, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            messages.success(request, m.RATED)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("请选择满意程度。"))
    return redirect("portal:case", case_number=sub.case_number)


def channels(request):
    q = (request.GET.get("q") or "").strip()[:50]
    page = Paginator(selectors.published_channels(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/portal/channels.html", {"page": page, "q": q})


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, pk: int):
    """民主评议 of one unit: reached from the portal or from the unit's 征询意见表 QR code.
    The same abuse protection as the submission form: proof of work and a limit per address."""
    questionnaire = selectors.open_questionnaire(pk)
    if questionnaire is None:
        raise Http404(m.QUESTIONNAIRE_CLOSED)
    units = services.survey_units(questionnaire)
    questions = list(questionnaire.questions.all())
    challenge = proof.issue()
    chosen = _unit_from_query(request, units)
    form = SurveyForm(request.POST or None, units=units, questions=questions,
                      initial={"proof_challenge": challenge["challenge"], "unit": chosen})
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        wait = ratelimit.retry_minutes(ratelimit.SURVEY, address)
        if wait:
            form.is_valid()
            form.add_error(None, str(m.SURVEY_RATE_LIMITED).format(minutes=wait))
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                proof.verify(d["proof_challenge"], d["proof_answer"], address=address)
                services.survey_answer(questionnaire=questionnaire, unit=d["unit"], answers=form.answers(),
                                       category=d["category"], comment=d["comment"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                ratelimit.record(ratelimit.SURVEY, address)
                from django.contrib import messages

                messages.success(request, m.SURVEY_THANKS)
                return redirect("portal:index")
        if form.is_bound:
            form.data = form.data.copy()
            form.data["proof_challenge"], form.data["proof_answer"] = challenge["challenge"], ""
    return render(request, "intake/portal/survey.html", {
        "questionnaire": questionnaire, "form": form, "chosen": chosen, "proof_difficulty": challenge["difficulty"],
        "question_fields": [form[name] for name in form.question_fields]}, status=status)


def published(request):
    """上墙公开: per unit, the problems and rectification measures the unit chose to publish."""
    from fazhi.ledger import selectors as ledger  # a sibling app, read through its selectors only

    units = list(ledger.published_units())
    unit = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), None)
    page = Paginator(ledger.published_problems(unit=unit), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "intake/portal/published.html", {"units": units, "unit": unit, "page": page})

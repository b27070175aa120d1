"""Report pages. Thin: parse input, call a selector or a service, render."""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.campaigns import selectors as campaign_selectors
from fazhi.core.officialdoc import DOCX_MIME
from fazhi.core.workdays import today as local_today
from fazhi.org.access import may_use
from fazhi.org.choices import Role
from fazhi.org.models import Person
from fazhi.org.scoping import granted_paths, has_role, is_unrestricted, scope, visible_units

from . import selectors, services
from .choices import DocumentStatus
from .forms import DocumentCreateForm, DocumentFilterForm, HeaderForm, SectionForm
from .rendering import docx_bytes, file_name, filled_sections

PAGE_SIZE = 25


def _forbidden_as_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_use(request.user, "reports"):  # the roles whose menu hides this page
            return render(request, "403.html", {"reason": _("您的角色不使用此页面。")}, status=403)
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(request, "core/forbidden.html", {"reason": str(denied) or _("您没有办理此事项的权限。")},
                          status=403)
    return login_required(wrapper)


def _office_somewhere(user) -> bool:
    return is_unrestricted(user) or bool(granted_paths(user, [Role.OFFICE]))


def _done(request, call, success: str):
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@_forbidden_as_page
def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(selectors.document_list(actor=request.user, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/document_list.html", {"form": form, "page": page,
                                                           "can_create": _office_somewhere(request.user)})


@_forbidden_as_page
def document_create(request):
    if not _office_somewhere(request.user):
        raise PermissionDenied(_("只有领导小组办公室可以起草和核稿。"))
    issuers = list(visible_units(request.user, [Role.OFFICE]).filter(kind="admin_dept").order_by("path")[:200])
    campaigns = list(campaign_selectors.campaign_list(actor=request.user).order_by("-year", "title")[:200])
    people = list(scope(Person.objects.filter(grants__role=Role.LEADER).distinct(), request.user)
                  .select_related("unit").order_by("unit__path", "name")[:200])
    form = DocumentCreateForm(request.POST or None, issuers=issuers, campaigns=campaigns, people=people,
                              initial={"year": local_today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                actor=request.user, kind=data["kind"], issuer=next(u for u in issuers if u.pk == data["issuer"]),
                year=data["year"], prefix=data["prefix"],
                campaign=next((c for c in campaigns if c.pk == data["campaign"]), None),
                person=next((p for p in people if p.pk == data["person"]), None))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("初稿已根据数据生成，请逐段修改。"))
            return redirect("reports:detail", pk=document.pk)
    return render(request, "reports/document_form.html", {"form": form})


@_forbidden_as_page
def document_detail(request, pk):
    document = selectors.document_get(actor=request.user, pk=pk)
    figures = selectors.figures_of(actor=request.user, document=document)
    rows = [f if isinstance(f, dict) else f.as_dict() for f in figures.values()]
    office = has_role(request.user, [Role.OFFICE], document.issuer)
    drafting = document.status == DocumentStatus.DRAFTING
    return render(request, "reports/document_detail.html", {
        "document": document, "figures": rows, "preview": filled_sections(document, figures),
        "can_edit": office and drafting, "can_submit": office and drafting,
        "can_check": office and document.status == DocumentStatus.CHECKING and document.drafted_by_id != request.user.pk,
        "can_sign": has_role(request.user, [Role.LEADER, Role.OFFICE], document.issuer)
        and document.status == DocumentStatus.CHECKED,
        "header_form": HeaderForm(initial={"title": document.title, "recipients": document.recipients, "cc": document.cc,
                                           "prefix": document.prefix}),
        "section_forms": [SectionForm(initial=s, prefix=f"s{i}") for i, s in enumerate(document.sections)],
        "steps": DocumentStatus.choices})


@require_POST
@_forbidden_as_page
def document_header(request, pk):
    document = selectors.document_get(actor=request.user, pk=pk)
    form = HeaderForm(request.POST)
    if form.is_valid():
        _done(request, lambda: services.document_update(actor=request.user, document=document, **form.cleaned_data),
              _("已保存。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("reports:detail", pk=pk)


@require_POST
@_forbidden_as_page
def document_section(request, pk, index):
    document = selectors.document_get(actor=request.user, pk=pk)
    form = SectionForm(request.POST, prefix=f"s{index}")
    if form.is_valid():
        _done(request, lambda: services.document_section_update(actor=request.user, document=document, index=index,
                                                                **form.cleaned_data), _("已保存。"))
    return redirect(f"{reverse('reports:detail', args=[pk])}#section-{index}")


@require_POST
@_forbidden_as_page
def document_step(request, pk, step):
    """One step of the sign-off, or freezing the figures."""
    document = selectors.document_get(actor=request.user, pk=pk)
    user = request.user
    actions = {
        "freeze": (lambda: services.document_freeze(actor=user, document=document), _("数据已固定。")),
        "unfreeze": (lambda: services.document_freeze(actor=user, document=document, frozen=False), _("数据恢复实时更新。")),
        "submit": (lambda: services.document_submit(actor=user, document=document), _("已送核稿。")),
        "approve": (lambda: services.document_check(actor=user, document=document, approve=True), _("核稿通过，待签发。")),
        "return": (lambda: services.document_check(actor=user, document=document, approve=False,
                                                  reason=request.POST.get("reason", "")), _("已退回拟稿。")),
        "sign": (lambda: services.document_sign(actor=user, document=document), _("已签发并存档。")),
    }
    if step not in actions:
        raise PermissionDenied(_("您没有办理此事项的权限。"))
    _done(request, *actions[step])
    return redirect("reports:detail", pk=pk)


@_forbidden_as_page
def document_docx(request, pk):
    """The archived file once issued; before that, a draft rendered from the current text."""
    document = selectors.document_get(actor=request.user, pk=pk)
    if document.status == DocumentStatus.ISSUED and document.archive:
        with document.archive.open("rb") as fh:
            data = fh.read()
    else:
        data = docx_bytes(document, selectors.figures_of(actor=request.user, document=document, language="zh-hans"))
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(document))}"
    return response


@_forbidden_as_page
def document_pdf(request, pk):
    """The PDF archived beside the issued Word file (there is none before it is issued)."""
    document = selectors.document_get(actor=request.user, pk=pk)
    if not (document.status == DocumentStatus.ISSUED and document.archive_pdf):
        raise Http404
    with document.archive_pdf.open("rb") as fh:
        data = fh.read()
    response = HttpResponse(data, content_type="application/pdf")
    name = file_name(document).removesuffix(".docx") + ".pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- the leaders' dashboard ----------------------------------------------------------------

def _dashboard_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_use(request.user, "dashboard"):
            return render(request, "403.html", {"reason": _("您的角色不使用此页面。")}, status=403)
        return view(request, *args, **kwargs)
    return login_required(wrapper)


@_dashboard_page
def dashboard(request):
    from .dashboard import dashboard as build

    units = list(visible_units(request.user, [Role.LEADER, Role.OFFICE]).filter(kind="admin_dept")
                 .order_by("depth", "path")[:200])
    if not units:
        return render(request, "403.html", {"reason": _("您的角色不使用此页面。")}, status=403)
    wanted = request.GET.get("unit", "")
    issuer = next((u for u in units if str(u.pk) == wanted), units[0])
    this_year = local_today().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    data = build(actor=request.user, issuer=issuer, year=year)
    return render(request, "reports/dashboard.html", {
        "data": data, "issuer": issuer, "units": sorted(units, key=lambda u: u.path), "year": year,
        "years": list(range(this_year, this_year - 5, -1)), "figures": data["figures"],
        "charts": [(key, dict(chart, links=list(zip(chart["categories"], chart["urls"]))))
                   for key, chart in data["charts"].items()]})

"""Pages of administrative law. Thin and declared: each resource names its selector, its
columns, its create form and service, and the steps of its life cycle (form + service); the
generic views below parse, call and render. A service's PermissionDenied becomes a 403 page
that says why; its ValidationError, the form's errors (status 400), nothing written."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.scoping import access, grants_of, is_unrestricted, visible_units

from . import forms as f
from . import selectors, services
from .choices import (AdviserKind, CaseKind, CaseStatus, DecisionStatus, DocumentStatus, DrawStatus, PowerKind,
                      PowerStatus, ReviewStatus, ReviewSubject)
from .excel import approval_cases_import, standards_import
from .figures import enforcement_figures
from .models import CleanupRound

PAGE_SIZE = 25


def forbidden_as_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as denied:
            return render(request, "core/forbidden.html", {"reason": str(denied) or _g("您没有办理此事项的权限。")}, status=403)

    return login_required(wrapper)


def d(value) -> str:
    return cn_date(value) if value else ""


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def yuan(value) -> str:
    return "" if value is None else number_format(value, 2, force_grouping=True)


@dataclass
class Step:
    label: str
    form: type
    service: Callable
    kw: str
    show: Callable = lambda obj: True
    prepare: Callable | None = None  # (request, obj, cleaned) -> kwargs for the service
    done: str = ""


@dataclass
class Resource:
    key: str
    title: str
    list: Callable
    get: Callable
    headers: list
    row: Callable
    fields: Callable
    create_form: type | None = None
    create_service: Callable | None = None
    create_prepare: Callable | None = None
    steps: dict = field(default_factory=dict)
    statuses: list | None = None
    kinds: list | None = None
    year: bool = False
    sections: Callable | None = None
    search_hint: str = ""


def status_badge(obj) -> dict:
    return {"badge": obj.get_status_display(), "status": obj.status}


# --- normative documents -------------------------------------------------------------------

def _cleanup_prepare(request, obj, data):
    title = data.pop("round_title").strip()
    rnd = CleanupRound.objects.filter(unit=obj.unit, title=title).first() or services.cleanup_round_create(
        actor=request.user, unit=obj.unit, title=title, started_on=data.get("on"))
    return {"round": rnd, **data}


DOCUMENTS = Resource(
    key="documents", title=_("规范性文件"), list=selectors.document_list, get=selectors.document_get,
    headers=[_("文件名称"), _("制定单位"), _("文号"), _("公布日期"), _("有效期至"), _("状态")],
    row=lambda o: [o.title, o.unit.name, o.number, d(o.published_on), d(o.expires_on), status_badge(o)],
    fields=lambda o: [(_("制定单位"), o.unit.name), (_("主要内容"), o.summary), (_("起草日期"), d(o.drafted_on)),
                      (_("公平竞争审查"), f"{d(o.fair_reviewed_on)} {o.fair_review_note}".strip()),
                      (_("集体审议"), f"{o.meeting} {d(o.decided_on)}".strip()), (_("文号"), o.number),
                      (_("公布日期"), d(o.published_on)), (_("备案"), f"{o.filed_with} {d(o.filed_on)}".strip()),
                      (_("有效期至"), d(o.expires_on))],
    create_form=f.DocumentForm, create_service=services.document_create,
    steps={
        "request-review": Step(_("送合法性审查"), f.OnForm, services.document_request_review, "document",
                               lambda o: o.status == DocumentStatus.DRAFT and not o.reviews.filter(status="pending").exists(),
                               done=_("已送合法性审查。")),
        "fair-review": Step(_("公平竞争审查"), f.FairReviewForm, services.document_fair_review, "document",
                            lambda o: o.status == DocumentStatus.LEGALITY_REVIEWED, done=_("已记录公平竞争审查。")),
        "decide": Step(_("集体审议"), f.DecideForm, services.document_decide, "document",
                       lambda o: o.status == DocumentStatus.FAIR_REVIEWED, done=_("已记录集体审议。")),
        "publish": Step(_("公布"), f.PublishForm, services.document_publish, "document",
                        lambda o: o.status == DocumentStatus.DECIDED, done=_("已公布。")),
        "file": Step(_("备案"), f.FileForm, services.document_file, "document",
                     lambda o: o.status == DocumentStatus.PUBLISHED, done=_("已备案，文件生效。")),
        "cleanup": Step(_("清理"), f.CleanupForm, services.cleanup_record, "document",
                        lambda o: o.status == DocumentStatus.IN_FORCE, _cleanup_prepare, done=_("已记录清理结果。")),
    },
    statuses=DocumentStatus.choices, year=True,
    sections=lambda o, actor: [
        (_("法制审核"), [_("送审日期"), _("审核意见"), _("理由"), _("审核日期")],
         [[d(r.requested_on), r.get_opinion_display() or r.get_status_display(), r.reasons, d(r.reviewed_on)]
          for r in o.reviews.all()]),
        (_("清理"), [_("清理名称"), _("清理结果"), _("说明"), _("日期")],
         [[c.round.title, c.get_outcome_display(), c.note, d(c.decided_on)] for c in o.cleanups.all()]),
    ],
)

# --- major decisions ----------------------------------------------------------------------

DECISIONS = Resource(
    key="decisions", title=_("重大行政决策"), list=selectors.decision_list, get=selectors.decision_get,
    headers=[_("目录年度"), _("决策事项"), _("决策单位"), _("决定日期"), _("状态")],
    row=lambda o: [o.year, o.title, o.unit.name, d(o.decided_on), status_badge(o)],
    fields=lambda o: [(_("决策单位"), o.unit.name), (_("目录年度"), o.year), (_("主要内容"), o.summary),
                      (_("公众参与"), f"{d(o.participation_from)}—{d(o.participation_to)} {o.participation_summary}"
                       if o.participation_from else ""),
                      (_("专家论证"), f"{d(o.argued_on)} {o.experts} {o.argument_note}".strip()),
                      (_("风险评估"), f"{d(o.risk_assessed_on)} {o.get_risk_level_display()} {o.risk_note}".strip()),
                      (_("集体讨论决定"), f"{o.meeting} {d(o.decided_on)}".strip()), (_("公布实施"), d(o.issued_on)),
                      (_("后评估"), f"{d(o.evaluated_on)} {o.evaluation}".strip())],
    create_form=f.DecisionForm, create_service=services.decision_create,
    steps={
        "participation": Step(_("公众参与（征求意见）"), f.ParticipationForm, services.decision_participation, "decision",
                              lambda o: o.status == DecisionStatus.CATALOGUED, done=_("已发起征求意见。")),
        "argue": Step(_("专家论证"), f.ArgueForm, services.decision_argue, "decision",
                      lambda o: o.status == DecisionStatus.PARTICIPATION, done=_("已记录专家论证。")),
        "assess-risk": Step(_("风险评估"), f.RiskForm, services.decision_assess_risk, "decision",
                            lambda o: o.status == DecisionStatus.ARGUED, done=_("已记录风险评估。")),
        "request-review": Step(_("送合法性审查"), f.OnForm, services.decision_request_review, "decision",
                               lambda o: o.status == DecisionStatus.RISK_ASSESSED and not o.reviews.filter(status="pending").exists(),
                               done=_("已送合法性审查。")),
        "decide": Step(_("集体讨论决定"), f.DecideForm, services.decision_decide, "decision",
                       lambda o: o.status == DecisionStatus.LEGALITY_REVIEWED, done=_("已记录集体讨论决定。")),
        "issue": Step(_("公布实施"), f.OnForm, services.decision_issue, "decision",
                      lambda o: o.status == DecisionStatus.DECIDED, done=_("已公布实施。")),
        "evaluate": Step(_("后评估"), f.EvaluateForm, services.decision_evaluate, "decision",
                         lambda o: o.status == DecisionStatus.ISSUED, done=_("已记录后评估。")),
    },
    statuses=DecisionStatus.choices, year=True,
    sections=lambda o, actor: [
        (_("公众参与"), [_("征求意见会议编号"), _("收到意见（条）")],
         [[o.participation_meeting_id, selectors.participation_opinions(o, actor=actor)]] if o.participation_meeting_id else []),
        (_("法制审核"), [_("送审日期"), _("审核意见"), _("理由"), _("审核日期")],
         [[d(r.requested_on), r.get_opinion_display() or r.get_status_display(), r.reasons, d(r.reviewed_on)]
          for r in o.reviews.all()]),
    ],
)

# --- enforcement cases ----------------------------------------------------------------------


def _standard(request, data):
    pk = data.get("standard")
    data["standard"] = access(selectors.standard_list(actor=request.user), pk) if pk else None
    return data


CASES = Resource(
    key="cases", title=_("行政执法案件"), list=selectors.case_list, get=selectors.case_get,
    headers=[_("案号"), _("类别"), _("当事人"), _("执法单位"), _("罚款金额（元）"), _("决定日期"), _("公示"), _("状态")],
    row=lambda o: [o.number, o.get_kind_display(), o.party_name, o.unit.name,
                   {"text": yuan(o.penalty_amount), "flag": _("超出裁量范围") if o.out_of_range else ""},
                   d(o.decided_on), disclosure_cell(o), status_badge(o)],
    fields=lambda o: [(_("案件类别"), o.get_kind_display()), (_("执法单位"), o.unit.name),
                      (_("专项整治"), o.special_action.title if o.special_action else ""),
                      (_("当事人"), f"{o.party_name}（{o.get_party_kind_display()}）"),
                      (_("证件号码或统一社会信用代码"), o.party_id_number), (_("违法事实"), o.facts),
                      (_("法律依据"), o.legal_basis), (_("适用裁量基准"), str(o.standard or "")),
                      (_("裁量范围"), f"{yuan(o.standard.min_amount)}–{yuan(o.standard.max_amount)}" if o.standard else ""),
                      (_("罚款金额（元）"), yuan(o.penalty_amount)), (_("处理结果"), o.penalty_text),
                      (_("超出裁量范围的理由"), o.out_of_range_reason), (_("重大执法决定"), _("是") if o.is_major else _("否")),
                      (_("立案日期"), d(o.opened_on)), (_("决定日期"), d(o.decided_on)), (_("公示期限"), d(o.disclosure_due)),
                      (_("公示日期"), d(o.disclosed_on)), (_("结案日期"), d(o.closed_on))],
    create_form=f.CaseForm, create_service=services.case_create, create_prepare=_standard,
    steps={
        "step": Step(_("全过程记录"), f.StepForm, services.case_step_add, "case",
                     lambda o: o.status != CaseStatus.CLOSED, done=_("已记录。")),
        "request-review": Step(_("送法制审核"), f.OnForm, services.case_request_review, "case",
                               lambda o: o.is_major and o.status == CaseStatus.OPEN, done=_("已送法制审核。")),
        "decide": Step(_("作出决定"), f.CaseDecideForm, services.case_decide, "case",
                       lambda o: o.status == CaseStatus.OPEN, done=_("已作出决定。")),
        "disclose": Step(_("公示"), f.OnForm, services.case_disclose, "case",
                         lambda o: o.decided_on is not None and o.disclosed_on is None and o.disclosure_due is not None,
                         done=_("已公示。")),
        "close": Step(_("结案"), f.CloseForm, services.case_close, "case",
                      lambda o: o.status == CaseStatus.DECIDED or (o.status == CaseStatus.OPEN and o.kind == CaseKind.INSPECTION),
                      done=_("已结案。")),
    },
    statuses=CaseStatus.choices, kinds=CaseKind.choices, year=True,
    sections=lambda o, actor: [
        (_("全过程记录"), [_("环节"), _("日期"), _("记录"), _("文书")],
         [[s.get_kind_display(), d(s.on), s.note,
           {"files": [(reverse("enforcement:attachment", args=[a.pk]), a.original_name) for a in s.attachments.all()]}]
          for s in o.steps.all()]),
        (_("法制审核"), [_("送审日期"), _("审核意见"), _("理由"), _("审核日期")],
         [[d(r.requested_on), r.get_opinion_display() or r.get_status_display(), r.reasons, d(r.reviewed_on)]
          for r in o.reviews.all()]),
    ],
    search_hint=_("案号、当事人、法律依据"),
)


def disclosure_cell(o) -> dict:
    if o.disclosed_on:
        late = o.disclosure_due and o.disclosed_on > o.disclosure_due
        return {"text": d(o.disclosed_on), "flag": _("逾期公示") if late else ""}
    if o.disclosure_due:
        overdue = o.disclosure_due < local_today()
        return {"text": _g("期限 {due}").format(due=d(o.disclosure_due)), "flag": _("逾期未公示") if overdue else ""}
    return {"text": ""}


# --- legal reviews ----------------------------------------------------------------------------

def _review_target_url(r) -> str:
    key = {ReviewSubject.DOCUMENT: "documents", ReviewSubject.DECISION: "decisions", ReviewSubject.CASE: "cases"}[r.subject]
    return reverse("enforcement:detail", args=[key, r.target.pk])


REVIEWS = Resource(
    key="reviews", title=_("法制审核"), list=selectors.review_list, get=selectors.review_get,
    headers=[_("事项"), _("审核对象"), _("单位"), _("送审日期"), _("审核意见"), _("状态")],
    row=lambda o: [o.title, o.get_subject_display(), o.unit.name, d(o.requested_on), o.get_opinion_display(),
                   {"badge": o.get_status_display(), "status": o.status}],
    fields=lambda o: [(_("审核对象"), o.get_subject_display()), (_("事项"), {"link": _review_target_url(o), "text": o.title}),
                      (_("单位"), o.unit.name), (_("送审日期"), d(o.requested_on)),
                      (_("审核主体"), o.on_authority), (_("审核范围"), o.on_scope), (_("审核期限"), o.on_time_limit),
                      (_("审核方式"), o.on_manner), (_("审核程序"), o.on_procedure), (_("审核内容"), o.on_content),
                      (_("审核意见"), o.get_opinion_display()), (_("理由"), o.reasons), (_("审核日期"), d(o.reviewed_on))],
    steps={"record": Step(_("记录审核意见"), f.ReviewForm, services.legal_review_record, "review",
                          lambda o: o.status == ReviewStatus.PENDING, done=_("审核意见已记录。"))},
    statuses=ReviewStatus.choices, year=True,
)

# --- discretion standards, approvals ------------------------------------------------------------

STANDARDS = Resource(
    key="standards", title=_("裁量基准"), list=selectors.standard_list,
    get=lambda *, actor, pk: access(selectors.standard_list(actor=actor), pk),
    headers=[_("编号"), _("违法行为"), _("违法情节"), _("罚款范围（元）"), _("制定单位")],
    row=lambda o: [o.code, o.violation, o.circumstance, f"{yuan(o.min_amount)}–{yuan(o.max_amount)}", o.unit.name],
    fields=lambda o: [(_("编号"), o.code), (_("违法行为"), o.violation), (_("违法情节"), o.circumstance),
                      (_("处罚依据"), o.basis), (_("处罚标准"), o.penalty),
                      (_("罚款范围（元）"), f"{yuan(o.min_amount)}–{yuan(o.max_amount)}"), (_("制定单位"), o.unit.name)],
    create_form=f.StandardForm, create_service=services.standard_create, search_hint=_("编号、违法行为、情节、依据"),
)

ITEMS = Resource(
    key="approval-items", title=_("行政审批事项"), list=selectors.approval_item_list,
    get=lambda *, actor, pk: access(selectors.approval_item_list(actor=actor), pk),
    headers=[_("事项编码"), _("事项名称"), _("实施单位"), _("法定时限"), _("承诺时限"), _("压缩比"), _("办件数")],
    row=lambda o: [o.code, o.name, o.unit.name, o.statutory_days, o.promised_days, pct(o.compression), o.case_count],
    fields=lambda o: [(_("事项编码"), o.code), (_("事项名称"), o.name), (_("实施单位"), o.unit.name),
                      (_("法定时限（工作日）"), o.statutory_days), (_("承诺时限（工作日）"), o.promised_days),
                      (_("压缩比"), pct(o.compression))],
    create_form=f.ItemForm, create_service=services.approval_item_create,
)

APPROVAL_CASES = Resource(
    key="approval-cases", title=_("审批办件"), list=selectors.approval_case_list,
    get=lambda *, actor, pk: access(selectors.approval_case_list(actor=actor), pk),
    headers=[_("受理编号"), _("审批事项"), _("申请人"), _("受理日期"), _("办结日期"), _("用时（工作日）"), _("即办件"), _("按时办结")],
    row=lambda o: [o.number, o.item.name, o.applicant, d(o.received_on), d(o.completed_on), o.working_days,
                   _("是") if o.same_day else "", "" if o.on_time is None else (_("是") if o.on_time else {"text": "", "flag": _("超时")})],
    fields=lambda o: [(_("受理编号"), o.number), (_("审批事项"), str(o.item)), (_("受理单位"), o.unit.name),
                      (_("申请人"), o.applicant), (_("受理日期"), d(o.received_on)), (_("办结日期"), d(o.completed_on)),
                      (_("用时（工作日）"), o.working_days), (_("即办件"), _("是") if o.same_day else _("否")),
                      (_("按时办结"), "" if o.on_time is None else (_("是") if o.on_time else _("否")))],
    create_form=f.ApprovalCaseForm, create_service=services.approval_case_record,
    steps={"complete": Step(_("办结"), f.CompleteForm, services.approval_case_complete, "case",
                            lambda o: o.completed_on is None, done=_("已办结。"))},
    year=True, search_hint=_("受理编号、申请人、事项"),
)

# --- powers, advisers, draws --------------------------------------------------------------------

POWERS = Resource(
    key="powers", title=_("权责清单"), list=selectors.power_list, get=lambda *, actor, pk: access(selectors.power_list(actor=actor), pk),
    headers=[_("编码"), _("事项名称"), _("权力类别"), _("责任单位"), _("状态")],
    row=lambda o: [o.code, o.name, o.get_kind_display(), o.unit.name, status_badge(o)],
    fields=lambda o: [(_("编码"), o.code), (_("事项名称"), o.name), (_("权力类别"), o.get_kind_display()),
                      (_("设定依据"), o.basis), (_("责任事项"), o.responsibility), (_("责任单位"), o.unit.name),
                      (_("向社会公布"), _("是") if o.published else _("否")),
                      (_("流程图"), {"link": reverse("enforcement:flow_chart", args=[o.pk]), "text": _("下载")} if o.flow_chart else "")],
    create_form=f.PowerForm, create_service=services.power_create,
    steps={"change": Step(_("调整"), f.PowerChangeForm, services.power_change, "power",
                          lambda o: o.status == PowerStatus.ACTIVE, done=_("已调整。")),
           "revoke": Step(_("取消"), f.PowerRevokeForm, services.power_revoke, "power",
                          lambda o: o.status == PowerStatus.ACTIVE, done=_("已取消。"))},
    statuses=PowerStatus.choices, kinds=PowerKind.choices,
    sections=lambda o, actor: [(_("变更记录"), [_("日期"), _("变更类别"), _("变更理由")],
                                [[d(c.on), c.get_kind_display(), c.reason] for c in o.changes.all()])],
)

ADVISERS = Resource(
    key="advisers", title=_("法律顾问和公职律师"), list=selectors.adviser_list,
    get=lambda *, actor, pk: access(selectors.adviser_list(actor=actor), pk),
    headers=[_("姓名"), _("类别"), _("执业机构或所在部门"), _("聘用单位"), _("聘期"), _("审查事项")],
    row=lambda o: [o.name, o.get_kind_display(), o.firm, o.unit.name, f"{d(o.term_start)}—{d(o.term_end)}", len(o.matters.all())],
    fields=lambda o: [(_("姓名"), o.name), (_("类别"), o.get_kind_display()), (_("执业机构或所在部门"), o.firm),
                      (_("执业证号"), o.license_number), (_("聘用单位"), o.unit.name),
                      (_("聘期"), f"{d(o.term_start)}—{d(o.term_end)}")],
    create_form=f.AdviserForm, create_service=services.adviser_create,
    steps={"matter": Step(_("登记审查事项"), f.MatterForm, services.adviser_matter_add, "adviser", done=_("已登记。"))},
    kinds=AdviserKind.choices,
    sections=lambda o, actor: [(_("审查事项"), [_("日期"), _("事项类别"), _("事项"), _("法律意见")],
                                [[d(m.on), m.get_kind_display(), m.title, m.opinion] for m in o.matters.all()])],
)

DRAWS = Resource(
    key="draws", title=_("双随机抽查"), list=selectors.draw_list, get=lambda *, actor, pk: access(selectors.draw_list(actor=actor), pk),
    headers=[_("抽查事项"), _("组织单位"), _("抽取日期"), _("随机种子"), _("抽取对象数"), _("状态")],
    row=lambda o: [o.title, o.unit.name, d(o.drawn_on), o.seed, o.object_count, status_badge(o)],
    fields=lambda o: [(_("抽查事项"), o.title), (_("组织单位"), o.unit.name), (_("抽取日期"), d(o.drawn_on)),
                      (_("随机种子"), o.seed), (_("抽取对象数"), o.object_count),
                      (_("每个对象检查人数"), o.inspectors_per_object), (_("结果公开日期"), d(o.published_on)),
                      (_("检查结果"), o.results)],
    create_form=f.DrawForm, create_service=services.draw_make,
    steps={"publish": Step(_("公开结果"), f.DrawPublishForm, services.draw_publish, "draw",
                           lambda o: o.status == DrawStatus.DRAWN, done=_("抽查结果已公开。"))},
    statuses=DrawStatus.choices, year=True,
    sections=lambda o, actor: [(_("抽取结果"), [_("检查对象"), _("检查人员")],
                                [[p.object.name, p.inspector.name] for p in o.picks.all()])],
)

RESOURCES = {r.key: r for r in (DOCUMENTS, DECISIONS, CASES, REVIEWS, STANDARDS, ITEMS, APPROVAL_CASES, POWERS, ADVISERS, DRAWS)}


def _resource(key) -> Resource:
    try:
        return RESOURCES[key]
    except KeyError:
        raise Http404 from None


def _roles(user) -> set:
    return {g.role for g in grants_of(user)}


def _units(request):
    return visible_units(request.user)


def _filters(request, res: Resource) -> dict:
    g = request.GET
    return {k: g.get(k, "").strip() for k in ("q", "status", "kind", "year", "unit", "expiring", "overdue", "out_of_range")
            if g.get(k, "").strip()}


# --- generic views ---------------------------------------------------------------------------

@login_required
def resource_list(request, key):
    res = _resource(key)
    filters = _filters(request, res)
    if filters.get("year") and not filters["year"].isdigit():
        filters.pop("year")
    qs = res.list(actor=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(reverse("enforcement:detail", args=[key, o.pk]), res.row(o)) for o in page.object_list]
    ctx = {"res": res, "page": page, "rows": rows, "filters": filters,
           "can_create": res.create_form is not None and (is_unrestricted(request.user) or bool(_roles(request.user) & {Role.OFFICE, Role.LIAISON}))}
    return render(request, "enforcement/list.html", ctx)


@login_required
def review_inbox(request):
    """The reviewer's inbox: legal reviews waiting in the subtrees where they review."""
    qs = selectors.review_inbox(actor=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(reverse("enforcement:detail", args=["reviews", o.pk]), REVIEWS.row(o)) for o in page.object_list]
    return render(request, "enforcement/list.html", {"res": REVIEWS, "page": page, "rows": rows, "filters": {},
                                                      "inbox": True, "title": _g("待我审核")})


def _detail(request, res, obj, *, bound: tuple | None = None, status=200):
    forms_ = []
    for name, step in res.steps.items():
        if not step.show(obj):
            continue
        form = bound[1] if bound and bound[0] == name else step.form(prefix=name)
        forms_.append({"name": name, "label": step.label, "form": form,
                       "url": reverse("enforcement:step", args=[res.key, obj.pk, name])})
    ctx = {"res": res, "obj": obj, "fields": res.fields(obj), "forms": forms_,
           "sections": res.sections(obj, request.user) if res.sections else []}
    return render(request, "enforcement/detail.html", ctx, status=status)


@login_required
def resource_detail(request, key, pk):
    res = _resource(key)
    return _detail(request, res, res.get(actor=request.user, pk=pk))


@require_POST
@forbidden_as_page
def resource_step(request, key, pk, step):
    res = _resource(key)
    obj = res.get(actor=request.user, pk=pk)
    spec = res.steps.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, prefix=step)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if spec.prepare is not None:
                data = spec.prepare(request, obj, data)
            spec.service(actor=request.user, **{spec.kw: obj}, **data)
        except ValidationError as e:
            f.add_service_errors(form, e)
        else:
            messages.success(request, spec.done or _g("已保存。"))
            return redirect("enforcement:detail", key, pk)
    return _detail(request, res, res.get(actor=request.user, pk=pk), bound=(step, form), status=400)


def _create_form(request, res, data=None, files=None):
    form = res.create_form(data, files, units=_units(request))
    if "item" in form.fields:
        form.fields["item"].queryset = selectors.approval_item_list(actor=request.user)
    return form


@forbidden_as_page
def resource_create(request, key):
    res = _resource(key)
    if res.create_form is None:
        raise Http404
    if request.method == "POST" and request.POST.get("unit"):
        # A unit outside the caller's scope answers "not found", as the API does: nothing to probe.
        access(visible_units(request.user), request.POST["unit"])
    form = _create_form(request, res, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if res.create_prepare is not None:
                    data = res.create_prepare(request, data)
                obj = res.create_service(actor=request.user, **data)
            except ValidationError as e:
                f.add_service_errors(form, e)
            else:
                messages.success(request, _g("已保存。"))
                return redirect("enforcement:detail", key, obj.pk)
    return render(request, "enforcement/form.html", {"res": res, "form": form, "standard_search": key == "cases"},
                  status=status)


@login_required
def standard_search(request):
    """While recording a case: standards matching the words typed (an htmx fragment)."""
    results = selectors.standard_search(actor=request.user, q=request.GET.get("q", ""))
    return render(request, "enforcement/_standards.html", {"results": results})


@forbidden_as_page
def import_view(request, key):
    if key not in ("standards", "approval-cases"):
        raise Http404
    form = f.ImportForm(request.POST or None, request.FILES or None, units=_units(request))
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        run = standards_import if key == "standards" else approval_cases_import
        try:
            result = run(actor=request.user, unit=form.cleaned_data["unit"], upload=form.cleaned_data["file"])
        except ValidationError as e:
            f.add_service_errors(form, e)
            status = 400
        else:
            if result.errors:
                status = 400
            else:
                messages.success(request, _g("已导入 {count} 行。").format(count=result.created))
                return redirect("enforcement:list", key)
    elif request.method == "POST":
        status = 400
    return render(request, "enforcement/import.html", {"res": _resource(key), "form": form, "result": result}, status=status)


@login_required
def attachment(request, pk):
    att = selectors.case_attachment_get(actor=request.user, pk=pk)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name, content_type=att.mime)


@login_required
def flow_chart(request, pk):
    power = access(selectors.power_list(actor=request.user), pk)
    if not power.flow_chart:
        raise Http404
    return FileResponse(power.flow_chart.open("rb"), as_attachment=True, filename=f"{power.code}.{power.flow_chart_mime.split('/')[-1]}",
                        content_type=power.flow_chart_mime)


@login_required
def figures(request):
    """The year's figures (the annual report's part on administrative law)."""
    today = local_today()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    data = enforcement_figures(actor=request.user, year=year)
    ctx = {"year": year, "years": range(today.year, today.year - 5, -1), "f": data, "pct": pct,
           "expiring": selectors.documents_expiring(actor=request.user)[:10],
           "overdue": selectors.case_list(actor=request.user, filters={"overdue": "1"})[:10],
           "pending": selectors.review_inbox(actor=request.user).count(),
           "rates": {"compression": pct(data["approvals"]["compression_ratio"]),
                     "same_day": pct(data["approvals"]["same_day_rate"]), "on_time": pct(data["approvals"]["on_time_rate"]),
                     "disclosure": pct(data["cases"]["timely_disclosure_rate"])},
           "by_item": [dict(r, compression=pct(r["compression_ratio"]), same=pct(r["same_day_rate"]), ontime=pct(r["on_time_rate"]))
                       for r in data["approvals"]["by_item"]],
           "by_unit": [dict(r, same=pct(r["same_day_rate"]), ontime=pct(r["on_time_rate"])) for r in data["approvals"]["by_unit"]]}
    return render(request, "enforcement/figures.html", ctx)

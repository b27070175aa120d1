"""Enforcement cases: registered with the discretion standard applied, the full-process
record step by step with checked files, the legal review of a major decision, the decision,
and its disclosure within N working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.files import check_upload
from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar

from .. import messages as m
from ..choices import CaseKind, CaseStatus as S, ReviewSubject, StepKind
from ..models import CaseAttachment, CaseStep, DiscretionStandard, EnforcementCase, EnforcementRule, SpecialAction
from .common import gate, not_before, past_date, require_handler, require_office, required, saved, snapshot, user_or_none
from .reviews import passed_review, review_request

DISCLOSED_KINDS = (CaseKind.PENALTY, CaseKind.COERCION)


def out_of_range(standard: DiscretionStandard | None, amount) -> bool:
    if standard is None or amount is None:
        return False
    amount = Decimal(amount)
    return amount < standard.min_amount or amount > standard.max_amount


def _check_range(standard, amount, reason: str) -> bool:
    outside = out_of_range(standard, amount)
    if outside and not (reason or "").strip():
        raise ValidationError({"out_of_range_reason": str(m.CASE_OUT_OF_RANGE).format(
            amount=amount, standard=f"{standard.code} {standard.circumstance}", low=standard.min_amount,
            high=standard.max_amount)})
    return outside


def _lock(case) -> EnforcementCase:
    return EnforcementCase.objects.select_for_update(of=("self",)).select_related("unit", "standard").get(pk=case.pk)


def _update(case, actor, action, **fields) -> EnforcementCase:
    before = snapshot(case)
    for key, value in fields.items():
        setattr(case, key, value)
    return saved(case, actor=actor, action=action, unit=case.unit, before=before)


@transaction.atomic
def special_action_create(*, actor, unit, title: str, started_on: dt.date, ended_on: dt.date | None = None) -> SpecialAction:
    require_office(actor, unit)
    action = SpecialAction(unit=unit, title=required(title, "title", _("专项整治名称")), started_on=started_on, ended_on=ended_on)
    return saved(action, actor=actor, action="special_action.create", unit=unit)


@transaction.atomic
def case_create(*, actor, unit, number: str, kind: str, party_kind: str, party_name: str, party_id_number: str = "",
                facts: str = "", legal_basis: str = "", standard: DiscretionStandard | None = None,
                penalty_amount=None, penalty_text: str = "", out_of_range_reason: str = "", is_major: bool = False,
                opened_on: dt.date | None = None, special_action: SpecialAction | None = None,
                files: Iterable = ()) -> EnforcementCase:
    require_handler(actor, unit)
    number = required(number, "number", _("案号"))
    if EnforcementCase.objects.filter(number=number).exists():
        raise ValidationError({"number": str(m.CASE_NUMBER_TAKEN).format(number=number)})
    outside = _check_range(standard, penalty_amount, out_of_range_reason)
    opened_on = past_date(opened_on, "opened_on", _("立案日期"))
    case = EnforcementCase(unit=unit, number=number, kind=kind, party_kind=party_kind,
                           party_name=required(party_name, "party_name", _("当事人")),
                           party_id_number=(party_id_number or "").strip(), facts=(facts or "").strip(),
                           legal_basis=(legal_basis or "").strip(), standard=standard, penalty_amount=penalty_amount,
                           penalty_text=(penalty_text or "").strip(), out_of_range=outside,
                           out_of_range_reason=(out_of_range_reason or "").strip() if outside else "",
                           is_major=is_major, opened_on=opened_on, special_action=special_action,
                           created_by=user_or_none(actor))
    saved(case, actor=actor, action="enforcement_case.create", unit=unit)
    _step(case, actor, StepKind.FILING, opened_on, "", files)
    return case


def _step(case, actor, kind, on, note, files) -> CaseStep:
    checked = [(f, check_upload(f)) for f in files or ()]  # every file checked before any is stored
    step = saved(CaseStep(case=case, kind=kind, on=on, note=(note or "").strip(), recorded_by=user_or_none(actor)),
                 actor=actor, action="case_step.create", unit=case.unit)
    for upload, info in checked:
        att = CaseAttachment(step=step, original_name=info.name[:255], sha256=info.sha256, mime=info.mime, size=info.size)
        att.file.save(info.sha256, upload, save=False)
        saved(att, actor=actor, action="case_attachment.upload", unit=case.unit)
    return step


@transaction.atomic
def case_step_add(*, actor, case, kind: str, note: str = "", on: dt.date | None = None, files: Iterable = ()) -> CaseStep:
    """One step of the full-process record; the decision itself goes through case_decide."""
    case = _lock(case)
    require_handler(actor, case.unit)
    if case.status == S.CLOSED:
        raise ValidationError(m.CASE_CLOSED)
    on = past_date(on, "on", _("日期"))
    not_before(on, case.opened_on, "on", _("日期"), _("立案日期"))
    return _step(case, actor, kind, on, note, files)


@transaction.atomic
def case_request_review(*, actor, case, on: dt.date | None = None):
    case = _lock(case)
    require_handler(actor, case.unit)
    if not case.is_major:
        raise ValidationError(m.CASE_NOT_MAJOR)
    gate(case, [S.OPEN], _("送法制审核"))
    review = review_request(actor=actor, subject=ReviewSubject.CASE, target=case, title=f"{case.number} {case.party_name}", on=on)
    _update(case, actor, "enforcement_case.request_review", status=S.AWAITING_REVIEW)
    return review


@transaction.atomic
def case_decide(*, actor, case, on: dt.date | None = None, penalty_amount=None, penalty_text: str | None = None,
                out_of_range_reason: str | None = None, note: str = "", files: Iterable = (),
                cal: WorkCalendar | None = None) -> EnforcementCase:
    case = _lock(case)
    require_handler(actor, case.unit)
    if case.is_major and (case.status == S.AWAITING_REVIEW or passed_review(case) is None):
        raise ValidationError(m.CASE_MAJOR_NO_REVIEW)
    gate(case, [S.OPEN], _("作出决定"))
    amount = case.penalty_amount if penalty_amount is None else penalty_amount
    reason = out_of_range_reason or case.out_of_range_reason
    outside = _check_range(case.standard, amount, reason)
    on = past_date(on, "decided_on", _("决定日期"))
    not_before(on, case.opened_on, "decided_on", _("决定日期"), _("立案日期"))
    due = None
    if case.kind in DISCLOSED_KINDS:
        due = (cal or WorkCalendar()).add_working_days(on, EnforcementRule.current().disclosure_days)
    _update(case, actor, "enforcement_case.decide", status=S.DECIDED, decided_on=on, disclosure_due=due,
            penalty_amount=amount, penalty_text=(penalty_text or "").strip() or case.penalty_text,
            out_of_range=outside, out_of_range_reason=(reason or "").strip() if outside else "")
    _step(case, actor, StepKind.DECISION, on, note, files)
    return case


@transaction.atomic
def case_disclose(*, actor, case, on: dt.date | None = None) -> EnforcementCase:
    case = _lock(case)
    require_handler(actor, case.unit)
    if case.decided_on is None:
        raise ValidationError(m.CASE_NOT_DECIDED)
    if case.disclosed_on is not None:
        raise ValidationError(str(m.CASE_ALREADY_DISCLOSED).format(on=cn_date(case.disclosed_on)))
    on = past_date(on, "disclosed_on", _("公示日期"))
    if on < case.decided_on:
        raise ValidationError({"disclosed_on": str(m.CASE_DISCLOSURE_BEFORE_DECISION).format(
            disclosed=cn_date(on), decided=cn_date(case.decided_on))})
    return _update(case, actor, "enforcement_case.disclose", disclosed_on=on)


@transaction.atomic
def case_close(*, actor, case, on: dt.date | None = None, note: str = "", files: Iterable = ()) -> EnforcementCase:
    case = _lock(case)
    require_handler(actor, case.unit)
    gate(case, [S.DECIDED] if case.kind in DISCLOSED_KINDS else [S.OPEN, S.DECIDED], _("结案"))
    on = past_date(on, "closed_on", _("结案日期"))
    not_before(on, case.decided_on or case.opened_on, "closed_on", _("结案日期"), _("决定日期"))
    _update(case, actor, "enforcement_case.close", status=S.CLOSED, closed_on=on)
    _step(case, actor, StepKind.CLOSURE, on, note, files)
    return case


@transaction.atomic
def standard_create(*, actor, unit, code: str, violation: str, circumstance: str, min_amount=0, max_amount=0,
                    basis: str = "", penalty: str = "") -> DiscretionStandard:
    require_office(actor, unit)
    if Decimal(max_amount or 0) < Decimal(min_amount or 0):
        raise ValidationError({"max_amount": m.STANDARD_RANGE})
    row = DiscretionStandard(unit=unit, code=required(code, "code", _("编号")),
                             violation=required(violation, "violation", _("违法行为")),
                             circumstance=required(circumstance, "circumstance", _("违法情节")),
                             min_amount=min_amount or 0, max_amount=max_amount or 0, basis=(basis or "").strip(),
                             penalty=(penalty or "").strip())
    return saved(row, actor=actor, action="discretion_standard.create", unit=unit)

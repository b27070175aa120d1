"""问责 (「强化责任追究制」): a problem not rectified by its deadline after a red supervision
notice can be referred for accountability by the office; the outcome is recorded when the
discipline or personnel body has decided. Services: one transaction, permission, audit row."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.audit.services import snapshot
from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.scoping import require_role

from . import messages as m
from .choices import UNIT_OWES, AccountabilityOutcome, EventKind, Tier
from .models import AccountabilityReferral, Problem, SupervisionNotice
from .services import _event, _lock, _saved

NOT_AFTER_RED = _("只有发出红色督办单后仍未整改的问题才能移交问责。")
NOT_OVERDUE = _("问题的整改时限（{deadline}）尚未届满，不能移交问责。")
ALREADY_RECTIFIED = _("问题已进入“{status}”，不属于逾期未整改，不能移交问责。")
REASON_REQUIRED = _("请填写移交事由。")
REFERRED_TO_REQUIRED = _("请填写移交机关。")
OUTCOME_REQUIRED = _("请选择处理结果。")
ALREADY_DECIDED = _("该移交已登记处理结果。")
EVENT_REFERRED = _("移交{to}问责：{reason}")
EVENT_DECIDED = _("问责处理结果：{outcome}。{note}")


def red_notice_of(problem: Problem) -> SupervisionNotice | None:
    return SupervisionNotice.objects.filter(problem=problem, tier=Tier.RED).order_by("-issued_on", "-id").first()


def referable_reason(problem: Problem, day: dt.date | None = None) -> str:
    """Why the problem cannot be referred ("" when it can): red notice issued, deadline passed, not rectified."""
    day = day or local_today()
    if problem.status not in UNIT_OWES:
        return str(ALREADY_RECTIFIED).format(status=problem.get_status_display())
    rect = getattr(problem, "rectification", None)
    if rect is None or rect.deadline >= day:
        return str(NOT_OVERDUE).format(deadline=cn_date(rect.deadline) if rect else "—")
    if red_notice_of(problem) is None:
        return str(NOT_AFTER_RED)
    return ""


@transaction.atomic
def accountability_refer(*, actor, problem: Problem, reason: str, referred_to: str,
                         day: dt.date | None = None) -> AccountabilityReferral:
    problem = _lock(problem)
    require_role(actor, [Role.OFFICE], problem.unit, m.NOT_OFFICE)
    day = day or local_today()
    why_not = referable_reason(problem, day)
    if why_not:
        raise ValidationError(why_not)
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if not (referred_to or "").strip():
        raise ValidationError({"referred_to": REFERRED_TO_REQUIRED})
    referral = AccountabilityReferral(problem=problem, notice=red_notice_of(problem), reason=reason.strip(),
                                      referred_to=referred_to.strip(), referred_by=actor, referred_on=day)
    _saved(referral, actor=actor, action="accountability_referral.refer", unit=problem.unit)
    _event(problem, EventKind.NOTICE, actor, str(EVENT_REFERRED).format(to=referral.referred_to, reason=referral.reason))
    return referral


@transaction.atomic
def accountability_decide(*, actor, referral: AccountabilityReferral, outcome: str, note: str = "",
                          day: dt.date | None = None) -> AccountabilityReferral:
    referral = AccountabilityReferral.objects.select_for_update().select_related("problem__unit").get(pk=referral.pk)
    require_role(actor, [Role.OFFICE], referral.problem.unit, m.NOT_OFFICE)
    if referral.outcome != AccountabilityOutcome.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    if outcome not in AccountabilityOutcome.values or outcome == AccountabilityOutcome.PENDING:
        raise ValidationError({"outcome": OUTCOME_REQUIRED})
    before = snapshot(referral)
    referral.outcome, referral.outcome_note = outcome, (note or "").strip()
    referral.decided_on, referral.decided_by = day or local_today(), actor
    _saved(referral, actor=actor, action="accountability_referral.decide", unit=referral.problem.unit, before=before)
    _event(referral.problem, EventKind.NOTICE, actor, str(EVENT_DECIDED).format(
        outcome=referral.get_outcome_display(), note=referral.outcome_note))
    return referral

"""Major administrative decisions: catalogued → public participation (through the portal's
opinion collection) → expert argument → risk assessment → legality review → collective
decision → issued → evaluated after the fact. No step may be skipped; nothing is issued
without a passed legality review."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .. import messages as m
from ..choices import DecisionStatus as S, ReviewSubject, RiskLevel
from ..models import MajorDecision
from .common import gate, not_before, past_date, require_office, required, saved, snapshot, user_or_none
from .reviews import passed_review, review_request


def _lock(decision) -> MajorDecision:
    return MajorDecision.objects.select_for_update(of=("self",)).select_related("unit").get(pk=decision.pk)


def _update(decision, actor, action, **fields) -> MajorDecision:
    before = snapshot(decision)
    for key, value in fields.items():
        setattr(decision, key, value)
    return saved(decision, actor=actor, action=action, unit=decision.unit, before=before)


@transaction.atomic
def decision_create(*, actor, unit, year: int, title: str, summary: str = "") -> MajorDecision:
    """An entry of the year's catalogue of major decisions (重大行政决策目录)."""
    require_office(actor, unit)
    decision = MajorDecision(unit=unit, year=year, title=required(title, "title", _("决策事项")),
                             summary=(summary or "").strip(), created_by=user_or_none(actor))
    return saved(decision, actor=actor, action="major_decision.create", unit=unit)


@transaction.atomic
def decision_participation(*, actor, decision, date_from: dt.date, date_to: dt.date, summary: str = "",
                           place: str = "") -> MajorDecision:
    """Public participation: opinions are gathered through the portal's opinion collection,
    as a meeting of the intake app (its service, not its models); the outcome is summarised here."""
    from fazhi.intake import services as intake_services
    from fazhi.intake.choices import MeetingKind

    decision = _lock(decision)
    require_office(actor, decision.unit)
    gate(decision, [S.CATALOGUED], _("公众参与"))
    if date_to < date_from:
        raise ValidationError({"participation_to": m.PARTICIPATION_PERIOD})
    meeting = intake_services.meeting_create(
        actor=actor, organizer=decision.unit, kind=MeetingKind.SYMPOSIUM,
        title=_g("征求意见：{title}").format(title=decision.title)[:200],
        starts_at=timezone.make_aware(dt.datetime.combine(date_from, dt.time(9))),
        place=place or _g("网上征求意见"), attendees=_g("社会公众"), agenda=decision.summary)
    return _update(decision, actor, "major_decision.participation", status=S.PARTICIPATION,
                   participation_meeting_id=meeting.pk, participation_from=date_from, participation_to=date_to,
                   participation_summary=(summary or "").strip())


@transaction.atomic
def decision_argue(*, actor, decision, experts: str, note: str, on: dt.date | None = None) -> MajorDecision:
    decision = _lock(decision)
    require_office(actor, decision.unit)
    gate(decision, [S.PARTICIPATION], _("专家论证"), m.DECISION_NO_PARTICIPATION if decision.status == S.CATALOGUED else None)
    on = past_date(on, "argued_on", _("专家论证日期"))
    not_before(on, decision.participation_from, "argued_on", _("专家论证日期"), _("征求意见开始"))
    return _update(decision, actor, "major_decision.argue", status=S.ARGUED, argued_on=on,
                   experts=required(experts, "experts", _("论证专家")), argument_note=required(note, "argument_note", _("论证意见")))


@transaction.atomic
def decision_assess_risk(*, actor, decision, level: str, note: str, on: dt.date | None = None) -> MajorDecision:
    decision = _lock(decision)
    require_office(actor, decision.unit)
    gate(decision, [S.ARGUED], _("风险评估"), m.DECISION_NO_ARGUMENT if decision.status in (S.CATALOGUED, S.PARTICIPATION) else None)
    if level not in RiskLevel.values:
        raise ValidationError({"risk_level": str(m.REQUIRED).format(field=_("风险等级"))})
    on = past_date(on, "risk_assessed_on", _("风险评估日期"))
    not_before(on, decision.argued_on, "risk_assessed_on", _("风险评估日期"), _("专家论证日期"))
    return _update(decision, actor, "major_decision.assess_risk", status=S.RISK_ASSESSED, risk_level=level,
                   risk_assessed_on=on, risk_note=required(note, "risk_note", _("风险评估结论")))


@transaction.atomic
def decision_request_review(*, actor, decision, on: dt.date | None = None):
    decision = _lock(decision)
    require_office(actor, decision.unit)
    gate(decision, [S.RISK_ASSESSED], _("送合法性审查"),
         m.DECISION_NO_RISK if decision.status in (S.CATALOGUED, S.PARTICIPATION, S.ARGUED) else None)
    return review_request(actor=actor, subject=ReviewSubject.DECISION, target=decision, title=decision.title, on=on)


@transaction.atomic
def decision_decide(*, actor, decision, meeting: str, on: dt.date | None = None) -> MajorDecision:
    decision = _lock(decision)
    require_office(actor, decision.unit)
    review = passed_review(decision)
    if review is None or decision.status != S.LEGALITY_REVIEWED:
        if decision.status in (S.DECIDED, S.ISSUED, S.EVALUATED):
            gate(decision, [S.LEGALITY_REVIEWED], _("集体讨论决定"))
        raise ValidationError(m.DECISION_NO_LEGAL_REVIEW)
    on = past_date(on, "decided_on", _("决定日期"))
    not_before(on, review.reviewed_on, "decided_on", _("决定日期"), _("合法性审查日期"))
    return _update(decision, actor, "major_decision.decide", status=S.DECIDED, decided_on=on,
                   meeting=required(meeting, "meeting", _("集体讨论会议")))


@transaction.atomic
def decision_issue(*, actor, decision, on: dt.date | None = None) -> MajorDecision:
    decision = _lock(decision)
    require_office(actor, decision.unit)
    if passed_review(decision) is None:
        raise ValidationError(m.DECISION_NO_LEGAL_REVIEW)
    gate(decision, [S.DECIDED], _("公布实施"), m.DECISION_NOT_DECIDED if decision.status == S.LEGALITY_REVIEWED else None)
    on = past_date(on, "issued_on", _("公布实施日期"))
    not_before(on, decision.decided_on, "issued_on", _("公布实施日期"), _("决定日期"))
    return _update(decision, actor, "major_decision.issue", status=S.ISSUED, issued_on=on)


@transaction.atomic
def decision_evaluate(*, actor, decision, text: str, on: dt.date | None = None) -> MajorDecision:
    decision = _lock(decision)
    require_office(actor, decision.unit)
    gate(decision, [S.ISSUED], _("后评估"), m.DECISION_NOT_ISSUED if decision.status != S.EVALUATED else None)
    on = past_date(on, "evaluated_on", _("后评估日期"))
    not_before(on, decision.issued_on, "evaluated_on", _("后评估日期"), _("公布实施日期"))
    return _update(decision, actor, "major_decision.evaluate", status=S.EVALUATED, evaluated_on=on,
                   evaluation=required(text, "evaluation", _("后评估结论")))

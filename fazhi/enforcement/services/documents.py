"""Normative documents: draft → legality review → fair-competition review → collective
decision → published → filed within 30 days → in force; clean-up rounds. Each gate refuses
to be skipped."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.formats import cn_date

from .. import messages as m
from ..choices import CleanupOutcome, DocumentStatus as S, ReviewSubject
from ..models import CleanupEntry, CleanupRound, EnforcementRule, NormativeDocument
from .common import gate, not_before, past_date, require_office, required, saved, snapshot, user_or_none
from .reviews import passed_review, review_request


def _lock(document) -> NormativeDocument:
    return NormativeDocument.objects.select_for_update(of=("self",)).select_related("unit").get(pk=document.pk)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def document_create(*, actor, unit, title: str, summary: str = "", drafted_on: dt.date | None = None,
                    valid_years: int = 5) -> NormativeDocument:
    require_office(actor, unit)
    doc = NormativeDocument(unit=unit, title=required(title, "title", _("文件名称")), summary=(summary or "").strip(),
                            drafted_on=past_date(drafted_on, "drafted_on", _("起草日期")), valid_years=valid_years or 5,
                            created_by=user_or_none(actor))
    return saved(doc, actor=actor, action="normative_document.create", unit=unit)


@transaction.atomic
def document_request_review(*, actor, document, on: dt.date | None = None):
    document = _lock(document)
    require_office(actor, document.unit)
    gate(document, [S.DRAFT], _("送合法性审查"))
    return review_request(actor=actor, subject=ReviewSubject.DOCUMENT, target=document, title=document.title, on=on)


def _update(document, actor, action, **fields) -> NormativeDocument:
    before = snapshot(document)
    for key, value in fields.items():
        setattr(document, key, value)
    return saved(document, actor=actor, action=action, unit=document.unit, before=before)


@transaction.atomic
def document_fair_review(*, actor, document, note: str, on: dt.date | None = None) -> NormativeDocument:
    document = _lock(document)
    require_office(actor, document.unit)
    if document.status in (S.DRAFT,) or passed_review(document) is None:
        raise ValidationError(m.DOC_SKIPPED_LEGALITY)
    gate(document, [S.LEGALITY_REVIEWED], _("公平竞争审查"))
    on = past_date(on, "fair_reviewed_on", _("公平竞争审查日期"))
    not_before(on, passed_review(document).reviewed_on, "fair_reviewed_on", _("公平竞争审查日期"), _("合法性审查日期"))
    return _update(document, actor, "normative_document.fair_review", status=S.FAIR_REVIEWED, fair_reviewed_on=on,
                   fair_review_note=required(note, "fair_review_note", _("公平竞争审查结论")))


@transaction.atomic
def document_decide(*, actor, document, meeting: str, on: dt.date | None = None) -> NormativeDocument:
    document = _lock(document)
    require_office(actor, document.unit)
    if document.status in (S.DRAFT, S.LEGALITY_REVIEWED):
        raise ValidationError(m.DOC_SKIPPED_FAIR if document.status == S.LEGALITY_REVIEWED else m.DOC_SKIPPED_LEGALITY)
    gate(document, [S.FAIR_REVIEWED], _("集体审议"))
    on = past_date(on, "decided_on", _("审议日期"))
    not_before(on, document.fair_reviewed_on, "decided_on", _("审议日期"), _("公平竞争审查日期"))
    return _update(document, actor, "normative_document.decide", status=S.DECIDED, decided_on=on,
                   meeting=required(meeting, "meeting", _("审议会议")))


@transaction.atomic
def document_publish(*, actor, document, number: str, on: dt.date | None = None) -> NormativeDocument:
    document = _lock(document)
    require_office(actor, document.unit)
    if document.status in (S.DRAFT, S.LEGALITY_REVIEWED, S.FAIR_REVIEWED):
        raise ValidationError(m.DOC_SKIPPED_DECISION)
    gate(document, [S.DECIDED], _("公布"))
    number = required(number, "number", _("文号"))
    if NormativeDocument.objects.filter(number=number).exclude(pk=document.pk).exists():
        raise ValidationError({"number": str(m.DOC_NUMBER_TAKEN).format(number=number)})
    on = past_date(on, "published_on", _("公布日期"))
    not_before(on, document.decided_on, "published_on", _("公布日期"), _("审议日期"))
    return _update(document, actor, "normative_document.publish", status=S.PUBLISHED, number=number, published_on=on,
                   expires_on=add_years(on, document.valid_years))


@transaction.atomic
def document_file(*, actor, document, filed_with: str, on: dt.date | None = None) -> NormativeDocument:
    """Filing (备案) within the filing period after publication; the document is then in force."""
    document = _lock(document)
    require_office(actor, document.unit)
    if passed_review(document) is None or not document.fair_reviewed_on or not document.decided_on:
        raise ValidationError(m.DOC_SKIPPED_REVIEW_FILING)
    if document.status != S.PUBLISHED:
        gate(document, [S.PUBLISHED], _("备案"), m.DOC_NOT_PUBLISHED if document.status == S.DECIDED else None)
    on = past_date(on, "filed_on", _("备案日期"))
    not_before(on, document.published_on, "filed_on", _("备案日期"), _("公布日期"))
    days = EnforcementRule.current().filing_days
    due = document.published_on + dt.timedelta(days=days)
    if on > due:
        raise ValidationError({"filed_on": str(m.DOC_FILING_LATE).format(filed=cn_date(on), days=days, due=cn_date(due))})
    return _update(document, actor, "normative_document.file", status=S.IN_FORCE, filed_on=on,
                   filed_with=required(filed_with, "filed_with", _("备案机关")))


@transaction.atomic
def cleanup_round_create(*, actor, unit, title: str, started_on: dt.date | None = None) -> CleanupRound:
    require_office(actor, unit)
    row = CleanupRound(unit=unit, title=required(title, "title", _("清理名称")),
                       started_on=past_date(started_on, "started_on", _("开始日期")))
    return saved(row, actor=actor, action="cleanup_round.create", unit=unit)


OUTCOME_STATUS = {CleanupOutcome.KEPT: S.IN_FORCE, CleanupOutcome.AMENDED: S.AMENDED,
                  CleanupOutcome.REPEALED: S.REPEALED, CleanupOutcome.EXPIRED: S.EXPIRED}


@transaction.atomic
def cleanup_record(*, actor, round: CleanupRound, document, outcome: str, note: str = "",
                   on: dt.date | None = None) -> CleanupEntry:
    document = _lock(document)
    require_office(actor, round.unit)
    require_office(actor, document.unit)
    if document.status != S.IN_FORCE:
        raise ValidationError(m.DOC_NOT_IN_FORCE)
    on = past_date(on, "decided_on", _("日期"))
    entry = saved(CleanupEntry(round=round, document=document, outcome=outcome, note=(note or "").strip(), decided_on=on),
                  actor=actor, action="cleanup_entry.create", unit=document.unit)
    _update(document, actor, "normative_document.cleanup", status=OUTCOME_STATUS[outcome])
    return entry

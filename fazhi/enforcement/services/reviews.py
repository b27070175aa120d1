"""Legal review (法制审核 / 合法性审查): asked by the office for a document, a decision or a major
enforcement decision; recorded by the `reviewer` role on the six points with an opinion."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.formats import cn_date
from fazhi.org.scoping import require_role

from .. import messages as m
from ..choices import CaseStatus, DecisionStatus, DocumentStatus, ReviewOpinion, ReviewStatus, ReviewSubject
from ..models import LegalReview
from .common import REVIEWERS, not_before, past_date, saved, snapshot, user_or_none


def review_request(*, actor, subject: str, target, title: str, on: dt.date | None = None) -> LegalReview:
    """Called inside the services of the subjects (their own permission check is done there)."""
    if target.reviews.filter(status=ReviewStatus.PENDING).exists():
        raise ValidationError(m.REVIEW_PENDING_EXISTS)
    review = LegalReview(unit=target.unit, subject=subject, title=title[:200], requested_by=user_or_none(actor),
                         requested_on=past_date(on, "requested_on", _("送审日期")), **{subject: target})
    return saved(review, actor=actor, action="legal_review.request", unit=target.unit)


def passed_review(target) -> LegalReview | None:
    """The latest recorded review of a subject if it approved (or approved with amendments)."""
    last = target.reviews.filter(status=ReviewStatus.DONE).order_by("-reviewed_on", "-id").first()
    return last if last is not None and last.passed else None


@transaction.atomic
def legal_review_record(*, actor, review: LegalReview, opinion: str, reasons: str = "", on_authority: str = "",
                        on_scope: str = "", on_time_limit: str = "", on_manner: str = "", on_procedure: str = "",
                        on_content: str = "", reviewed_on: dt.date | None = None) -> LegalReview:
    review = LegalReview.objects.select_for_update(of=("self",)).select_related("unit").get(pk=review.pk)
    require_role(actor, REVIEWERS, review.unit, m.NOT_REVIEWER)
    if review.status == ReviewStatus.DONE:
        raise ValidationError(str(m.REVIEW_DONE).format(on=cn_date(review.reviewed_on)))
    aspects = dict(on_authority=on_authority, on_scope=on_scope, on_time_limit=on_time_limit, on_manner=on_manner,
                   on_procedure=on_procedure, on_content=on_content)
    if any(not (v or "").strip() for v in aspects.values()):
        raise ValidationError(m.REVIEW_ASPECTS)
    if opinion not in ReviewOpinion.values:
        raise ValidationError({"opinion": str(m.REQUIRED).format(field=_("审核意见"))})
    if opinion != ReviewOpinion.APPROVE and not (reasons or "").strip():
        raise ValidationError({"reasons": m.REVIEW_REASONS})
    reviewed_on = past_date(reviewed_on, "reviewed_on", _("审核日期"))
    not_before(reviewed_on, review.requested_on, "reviewed_on", _("审核日期"), _("送审日期"))
    before = snapshot(review)
    for key, value in aspects.items():
        setattr(review, key, value.strip())
    review.opinion, review.reasons = opinion, (reasons or "").strip()
    review.status, review.reviewer, review.reviewed_on = ReviewStatus.DONE, user_or_none(actor), reviewed_on
    saved(review, actor=actor, action="legal_review.record", unit=review.unit, before=before)
    _advance(review, actor)
    return review


def _advance(review: LegalReview, actor) -> None:
    """A passed review moves its subject on; a refused one sends it back to be reworked."""
    target = review.target
    before = snapshot(target)
    if review.subject == ReviewSubject.DOCUMENT:
        target.status = DocumentStatus.LEGALITY_REVIEWED if review.passed else DocumentStatus.DRAFT
    elif review.subject == ReviewSubject.DECISION:
        target.status = DecisionStatus.LEGALITY_REVIEWED if review.passed else DecisionStatus.RISK_ASSESSED
    else:
        target.status = CaseStatus.OPEN
    saved(target, actor=actor, action=f"{target._meta.model_name}.reviewed", unit=target.unit, before=before)

"""Every gate of a normative document's life cycle, each refusing to be skipped."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.enforcement import messages as m
from fazhi.enforcement import selectors, services
from fazhi.enforcement.choices import CleanupOutcome, DocumentStatus as S, ReviewOpinion
from fazhi.enforcement.models import LegalReview, NormativeDocument

from .conftest import ASPECTS, d

pytestmark = pytest.mark.django_db


def draft(w, **kw):
    return services.document_create(actor=w.office, unit=w.city, title="晋城市医疗机构依法执业管理办法", drafted_on=d(-60), **kw)


def reviewed(w, opinion=ReviewOpinion.APPROVE):
    doc = draft(w)
    review = services.document_request_review(actor=w.office, document=doc, on=d(-50))
    services.legal_review_record(actor=w.reviewer, review=review, opinion=opinion, reasons="个别条款表述需调整",
                                 reviewed_on=d(-45), **ASPECTS)
    return NormativeDocument.objects.get(pk=doc.pk)


def in_force(w, published=-20, filed=-10):
    doc = reviewed(w)
    services.document_fair_review(actor=w.office, document=doc, note="不含排除限制竞争内容", on=d(-40))
    services.document_decide(actor=w.office, document=doc, meeting="委务会 2026 年第 5 次", on=d(-30))
    services.document_publish(actor=w.office, document=doc, number="晋卫政法发〔2026〕3号", on=d(published))
    return services.document_file(actor=w.office, document=doc, filed_with="晋城市司法局", on=d(filed))


def test_the_whole_life_cycle_in_order(w):
    doc = in_force(w)
    assert doc.status == S.IN_FORCE and doc.expires_on == d(-20).replace(year=d(-20).year + 5)
    assert list(selectors.public_documents()) == [doc]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"normative_document.create", "legal_review.request", "legal_review.record", "normative_document.fair_review",
            "normative_document.decide", "normative_document.publish", "normative_document.file"} <= actions


def test_fair_review_refused_before_legality_review(w):
    doc = draft(w)
    with pytest.raises(ValidationError) as e:
        services.document_fair_review(actor=w.office, document=doc, note="无")
    assert m.DOC_SKIPPED_LEGALITY in e.value.messages
    assert NormativeDocument.objects.get(pk=doc.pk).fair_reviewed_on is None


def test_rejected_legality_review_sends_back_to_draft(w):
    doc = reviewed(w, opinion=ReviewOpinion.REJECT)
    assert doc.status == S.DRAFT
    with pytest.raises(ValidationError):
        services.document_fair_review(actor=w.office, document=doc, note="无")


def test_decision_refused_before_fair_review(w):
    doc = reviewed(w)
    with pytest.raises(ValidationError) as e:
        services.document_decide(actor=w.office, document=doc, meeting="委务会")
    assert m.DOC_SKIPPED_FAIR in e.value.messages


def test_publication_refused_before_decision(w):
    doc = reviewed(w)
    services.document_fair_review(actor=w.office, document=doc, note="无", on=d(-40))
    with pytest.raises(ValidationError) as e:
        services.document_publish(actor=w.office, document=NormativeDocument.objects.get(pk=doc.pk), number="X〔2026〕1号")
    assert m.DOC_SKIPPED_DECISION in e.value.messages


def test_filing_a_document_that_skipped_a_review_is_refused(w):
    doc = draft(w)
    # Forced past the gates behind the services' back: filing still looks at the reviews themselves.
    NormativeDocument.objects.filter(pk=doc.pk).update(status=S.PUBLISHED, published_on=d(-5), number="X〔2026〕9号")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        services.document_file(actor=w.office, document=doc, filed_with="市司法局")
    assert e.value.messages == [str(m.DOC_SKIPPED_REVIEW_FILING)]
    assert NormativeDocument.objects.get(pk=doc.pk).status == S.PUBLISHED and AuditEntry.objects.count() == before


def test_filing_refused_before_publication_and_after_thirty_days(w):
    doc = reviewed(w)
    services.document_fair_review(actor=w.office, document=doc, note="无", on=d(-44))
    services.document_decide(actor=w.office, document=doc, meeting="委务会", on=d(-43))
    with pytest.raises(ValidationError) as e:
        services.document_file(actor=w.office, document=doc, filed_with="市司法局")
    assert m.DOC_NOT_PUBLISHED in e.value.messages
    services.document_publish(actor=w.office, document=doc, number="晋卫发〔2026〕7号", on=d(-40))
    with pytest.raises(ValidationError) as e:
        services.document_file(actor=w.office, document=doc, filed_with="市司法局", on=d(-5))
    assert "备案期限" in e.value.messages[0]
    assert NormativeDocument.objects.get(pk=doc.pk).status == S.PUBLISHED


def test_only_the_reviewer_records_and_only_once(w):
    doc = draft(w)
    review = services.document_request_review(actor=w.office, document=doc)
    with pytest.raises(PermissionDenied):
        services.legal_review_record(actor=w.office, review=review, opinion="approve", **ASPECTS)
    with pytest.raises(ValidationError) as e:
        services.legal_review_record(actor=w.reviewer, review=review, opinion="approve", **{**ASPECTS, "on_scope": ""})
    assert m.REVIEW_ASPECTS in e.value.messages
    with pytest.raises(ValidationError) as e:
        services.legal_review_record(actor=w.reviewer, review=review, opinion="reject", reasons="", **ASPECTS)
    assert m.REVIEW_REASONS in e.value.messages
    assert LegalReview.objects.get(pk=review.pk).status == "pending"
    services.legal_review_record(actor=w.reviewer, review=review, opinion="approve", **ASPECTS)
    with pytest.raises(ValidationError):
        services.legal_review_record(actor=w.reviewer, review=review, opinion="approve", **ASPECTS)


def test_expiry_reminder_and_cleanup(w):
    doc = in_force(w)
    NormativeDocument.objects.filter(pk=doc.pk).update(expires_on=d(30))
    assert list(selectors.documents_expiring(actor=w.office)) == [doc]
    assert list(selectors.documents_expiring(actor=w.other_office)) == []
    rnd = services.cleanup_round_create(actor=w.office, unit=w.city, title="2026 年规范性文件清理")
    services.cleanup_record(actor=w.office, round=rnd, document=doc, outcome=CleanupOutcome.REPEALED, note="上位法已修改")
    assert NormativeDocument.objects.get(pk=doc.pk).status == S.REPEALED
    assert list(selectors.public_documents()) == []
    with pytest.raises(ValidationError) as e:
        services.cleanup_record(actor=w.office, round=rnd, document=doc, outcome=CleanupOutcome.KEPT)
    assert m.DOC_NOT_IN_FORCE in e.value.messages


def test_expired_document_leaves_the_public_list(w):
    doc = in_force(w)
    NormativeDocument.objects.filter(pk=doc.pk).update(expires_on=d(-1))
    assert list(selectors.public_documents()) == []


def test_other_units_cannot_draft_here(w):
    with pytest.raises(PermissionDenied):
        services.document_create(actor=w.liaison, unit=w.zezhou, title="某文件")
    with pytest.raises(PermissionDenied):
        services.document_create(actor=w.other_office, unit=w.city, title="某文件")
    assert not NormativeDocument.objects.exists()

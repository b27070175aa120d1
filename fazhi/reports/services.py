"""Every write of the reports app: one transaction, a permission check, an audit row.

Sign-off (拟稿 → 核稿 → 签发): the office drafts and edits; another member of the office checks
(核稿) and passes it on or returns it with a reason; a leader (or the office) signs (签发), which
freezes the figures, takes the next document number and archives the Word file as issued, with
its PDF when LibreOffice is there — after that nothing about the document changes."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.org.choices import Role
from fazhi.org.scoping import has_role, require_role

from . import messages as m
from .choices import DocumentKind, DocumentStatus
from .drafts import first_draft
from .figures import frozen_figures, report_figures
from .models import OutgoingDocument
from .numbering import next_number
from .pdf import docx_to_pdf
from .rendering import docx_bytes, file_name

OFFICE = [Role.OFFICE]
SIGNERS = [Role.LEADER, Role.OFFICE]
EDITABLE = ("title", "recipients", "cc", "prefix", "sections")
DOCUMENT_LANGUAGE = "zh-hans"


def _saved(document, *, actor, action: str, before=None, fields=None) -> OutgoingDocument:
    document.full_clean()
    document.save(update_fields=fields) if fields else document.save()
    audit_record(actor=actor, action=action, obj=document, before=before, after=snapshot(document), unit=document.issuer)
    return document


def _locked(document) -> OutgoingDocument:
    # Only the document row: a plain FOR UPDATE over the join would lock the issuer unit too.
    return OutgoingDocument.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=document.pk)


def _step(document, *allowed) -> None:
    if document.status not in allowed:
        raise ValidationError(str(m.WRONG_STEP).format(status=document.get_status_display()))


def _clean_sections(sections) -> list[dict]:
    if not isinstance(sections, list):
        raise ValidationError({"sections": m.NO_SUCH_SECTION.format(n=1)})
    return [{"heading": str(s.get("heading", "")).strip(), "text": str(s.get("text", "")).strip()}
            for s in sections if isinstance(s, dict)]


@transaction.atomic
def document_create(*, actor, kind: str, issuer, year: int, campaign=None, person=None, prefix: str = "") -> OutgoingDocument:
    require_role(actor, OFFICE, issuer, m.NOT_OFFICE)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": str(kind)})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": m.YEAR_RANGE})
    from django.utils.translation import override

    with override(DOCUMENT_LANGUAGE):
        title, recipients, sections = first_draft(kind, issuer=issuer, year=int(year), campaign=campaign, person=person)
    document = OutgoingDocument(kind=kind, issuer=issuer, year=int(year), campaign=campaign, subject_person=person,
                                title=title, recipients=recipients, sections=sections, prefix=prefix.strip(),
                                drafted_by=actor)
    return _saved(document, actor=actor, action="document.create")


@transaction.atomic
def document_update(*, actor, document: OutgoingDocument, **fields) -> OutgoingDocument:
    """Change the listed fields of a draft; anything else is refused."""
    document = _locked(document)
    require_role(actor, OFFICE, document.issuer, m.NOT_OFFICE)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError(", ".join(unknown))
    if document.status != DocumentStatus.DRAFTING:
        raise ValidationError(m.NOT_EDITABLE)
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": m.TITLE_REQUIRED})
    if "sections" in fields:
        fields["sections"] = _clean_sections(fields["sections"])
    before = snapshot(document)
    for name in EDITABLE:
        if name in fields:
            setattr(document, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    return _saved(document, actor=actor, action="document.update", before=before,
                  fields=[n for n in EDITABLE if n in fields])


@transaction.atomic
def document_section_update(*, actor, document: OutgoingDocument, index: int, heading: str, text: str) -> OutgoingDocument:
    sections = list(_locked(document).sections)
    if not 0 <= index < len(sections):
        raise ValidationError(str(m.NO_SUCH_SECTION).format(n=index + 1))
    sections[index] = {"heading": heading, "text": text}
    return document_update(actor=actor, document=document, sections=sections)


@transaction.atomic
def document_freeze(*, actor, document: OutgoingDocument, frozen: bool = True) -> OutgoingDocument:
    """Fix the figures as they are now (or let them follow the data again, while drafting)."""
    document = _locked(document)
    require_role(actor, OFFICE, document.issuer, m.NOT_OFFICE)
    _step(document, DocumentStatus.DRAFTING)
    before = snapshot(document)
    document.figures = _figures_now(actor, document) if frozen else None
    return _saved(document, actor=actor, action="document.freeze" if frozen else "document.unfreeze", before=before,
                  fields=["figures"])


def _figures_now(actor, document) -> dict:
    from django.utils.translation import override

    with override(DOCUMENT_LANGUAGE):
        return frozen_figures(report_figures(actor=actor, issuer=document.issuer, year=document.year,
                                             campaign=document.campaign))


@transaction.atomic
def document_submit(*, actor, document: OutgoingDocument) -> OutgoingDocument:
    """拟稿 done: to 核稿."""
    document = _locked(document)
    require_role(actor, OFFICE, document.issuer, m.NOT_OFFICE)
    _step(document, DocumentStatus.DRAFTING)
    before = snapshot(document)
    document.status = DocumentStatus.CHECKING
    document.return_reason = ""
    return _saved(document, actor=actor, action="document.submit", before=before, fields=["status", "return_reason"])


@transaction.atomic
def document_check(*, actor, document: OutgoingDocument, approve: bool, reason: str = "") -> OutgoingDocument:
    """核稿: passed on to 签发, or returned to 拟稿 with a reason. Not by the drafter."""
    document = _locked(document)
    require_role(actor, OFFICE, document.issuer, m.NOT_OFFICE)
    _step(document, DocumentStatus.CHECKING)
    if document.drafted_by_id == actor.pk:
        raise PermissionDenied(m.SAME_CHECKER)
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": m.RETURN_REASON_REQUIRED})
    before = snapshot(document)
    document.checked_by = actor
    document.status = DocumentStatus.CHECKED if approve else DocumentStatus.DRAFTING
    document.return_reason = "" if approve else reason.strip()
    return _saved(document, actor=actor, action="document.check" if approve else "document.return", before=before,
                  fields=["checked_by", "status", "return_reason"])


@transaction.atomic
def document_sign(*, actor, document: OutgoingDocument) -> OutgoingDocument:
    """签发: the figures are frozen, the number taken, the Word file archived as issued."""
    document = _locked(document)
    if not has_role(actor, SIGNERS, document.issuer):
        raise PermissionDenied(m.NOT_SIGNER)
    _step(document, DocumentStatus.CHECKED)
    if not document.prefix:
        raise ValidationError({"prefix": m.PREFIX_REQUIRED})
    before = snapshot(document)
    if not document.frozen:
        document.figures = _figures_now(actor, document)
    document.doc_number = next_number(issuer=document.issuer, prefix=document.prefix, year=document.year)
    document.issued_on = timezone.localdate()
    document.signed_by = actor
    document.status = DocumentStatus.ISSUED
    data = docx_bytes(document, document.figures, date=document.issued_on)
    document.archive.save(file_name(document), ContentFile(data), save=False)
    document.archive_sha256 = hashlib.sha256(data).hexdigest()
    pdf = docx_to_pdf(data)
    if pdf is not None:
        document.archive_pdf.save(file_name(document).removesuffix(".docx") + ".pdf", ContentFile(pdf), save=False)
        document.archive_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    return _saved(document, actor=actor, action="document.sign", before=before)

"""Charts as images in the Word documents (matplotlib with a CJK font, none without one), and the
PDF archived beside the issued .docx (LibreOffice headless; without it the document is issued
all the same and its page says the PDF is missing)."""

import datetime as dt
import hashlib
import io
import shutil
import subprocess

import pytest
from django.test import Client
from docx import Document

from fazhi.campaigns.choices import AssignmentStatus
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.reports import charts, pdf, services
from fazhi.reports.choices import DocumentKind, DocumentStatus
from fazhi.reports.rendering import docx_bytes
from fazhi.reports.selectors import figures_of
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, person_with_role

pytestmark = pytest.mark.django_db
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
needs_charts = pytest.mark.skipif(not charts.available(), reason="matplotlib or a CJK font is missing")


@pytest.fixture
def w():
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    a = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=1)
    b = Unit.objects.create(name="乙县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=2)
    campaign = CampaignFactory(issuer=city, title="法治建设规范年")
    for unit, status in [(a, AssignmentStatus.DONE), (a, AssignmentStatus.DONE), (b, AssignmentStatus.DONE),
                         (b, AssignmentStatus.IN_PROGRESS)]:
        AssignmentFactory(task=TaskFactory(campaign=campaign), unit=unit, due_date=dt.date(2026, 6, 1), status=status)
    return dict(city=city, campaign=campaign,
                drafter=person_with_role(Role.OFFICE, city, "drafter").user,
                checker=person_with_role(Role.OFFICE, city, "checker").user,
                leader=person_with_role(Role.LEADER, city, "leader").user)


def _images(data: bytes) -> int:
    return len(Document(io.BytesIO(data)).inline_shapes)


def _issued(w, kind=DocumentKind.CIRCULAR):
    doc = services.document_create(actor=w["drafter"], kind=kind, issuer=w["city"], year=2026, prefix="某卫法发",
                                   campaign=w["campaign"] if kind == DocumentKind.CIRCULAR else None)
    services.document_submit(actor=w["drafter"], document=doc)
    services.document_check(actor=w["checker"], document=doc, approve=True)
    return services.document_sign(actor=w["leader"], document=doc)


@needs_charts
def test_the_annual_report_and_the_circular_carry_their_charts(w):
    annual = services.document_create(actor=w["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=w["city"], year=2026)
    data = docx_bytes(annual, figures_of(actor=w["drafter"], document=annual, language="zh-hans"))
    assert _images(data) == 2
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "图1  主要工作数量" in text and "图2  主要工作指标完成情况" in text
    circular = services.document_create(actor=w["drafter"], kind=DocumentKind.CIRCULAR, issuer=w["city"], year=2026,
                                        campaign=w["campaign"])
    figures = figures_of(actor=w["drafter"], document=circular, language="zh-hans")
    assert figures["ranking"].value == [["甲县卫生健康局", 2, 2], ["乙县卫生健康局", 1, 2]]
    assert _images(docx_bytes(circular, figures)) == 1


@needs_charts
def test_a_chart_is_a_png_drawn_with_a_cjk_font():
    png = charts.bars(["分解任务", "完成任务"], [("数量", [3, 5], charts.BLUE)])
    assert png.startswith(b"\x89PNG")
    assert "CJK" in charts.cjk_font() or "wqy" in charts.cjk_font()


def test_without_a_cjk_font_the_documents_are_written_without_charts(w, monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    assert charts.bars(["甲"], [("数量", [1], charts.BLUE)]) is None
    annual = services.document_create(actor=w["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=w["city"], year=2026)
    data = docx_bytes(annual, figures_of(actor=w["drafter"], document=annual, language="zh-hans"))
    assert _images(data) == 0 and "一、2026年法治政府建设主要举措和成效" in "\n".join(
        p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_without_libreoffice_the_document_is_issued_without_pdf_and_the_page_says_so(w):
    doc = _issued(w)
    assert doc.status == DocumentStatus.ISSUED and doc.archive and not doc.archive_pdf
    c = Client()
    c.force_login(w["leader"])
    html = c.get(f"/reports/{doc.pk}/").content.decode()
    assert "data-pdf-missing" in html and "未能生成 PDF" in html
    assert c.get(f"/reports/{doc.pk}/document.pdf").status_code == 404


def test_a_hung_conversion_gives_no_pdf_rather_than_an_error(monkeypatch, settings):
    settings.SOFFICE_BINARY = "sh"  # found on PATH; the run itself times out

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs.get("timeout"))

    monkeypatch.setattr(pdf.subprocess, "run", hang)
    assert pdf.docx_to_pdf(b"PK") is None


@needs_soffice
@pytest.mark.soffice
def test_libreoffice_converts_the_word_file_in_its_own_profile(w, tmp_path):
    annual = services.document_create(actor=w["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=w["city"], year=2026)
    data = docx_bytes(annual, figures_of(actor=w["drafter"], document=annual, language="zh-hans"), with_charts=False)
    out = pdf.docx_to_pdf(data)
    assert out is not None and out.startswith(b"%PDF") and len(out) > 5000


@needs_soffice
@pytest.mark.soffice
def test_signing_archives_the_pdf_beside_the_docx_and_the_page_offers_it(w):
    doc = _issued(w)
    assert doc.archive_pdf.name.endswith(".pdf") and doc.archive_pdf.name.startswith("reports/")
    with doc.archive_pdf.open("rb") as fh:
        stored = fh.read()
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == doc.archive_pdf_sha256
    c = Client()
    c.force_login(w["leader"])
    assert "data-pdf-missing" not in c.get(f"/reports/{doc.pk}/").content.decode()
    response = c.get(f"/reports/{doc.pk}/document.pdf")
    assert response.status_code == 200 and response.content == stored

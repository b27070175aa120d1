"""On the demo (loaded at 2026-12-02): the annual report of the demo year, generated and opened
with python-docx, quotes exactly the figures the leaders' dashboard shows; every chart of the
dashboard has something to draw."""

import io

from django.core.cache import cache
from django.test import Client
from docx import Document

from fazhi.demo.units import COMMISSION
from fazhi.org.models import Unit
from fazhi.reports import services
from fazhi.reports.choices import DocumentKind
from fazhi.reports.dashboard import compute
from fazhi.reports.rendering import docx_bytes, fill
from fazhi.reports.selectors import figures_of


def _commission():
    return Unit.objects.get(parent__isnull=True, name=COMMISSION)


def test_the_annual_report_of_the_demo_year_quotes_the_dashboards_figures(demo):
    office, commission = demo["office"], _commission()
    shown = {f["key"]: f["display"] for f in compute(actor=office, issuer=commission, year=2026)["figures"]}
    doc = services.document_create(actor=office, kind=DocumentKind.ANNUAL_REPORT, issuer=commission, year=2026)
    data = docx_bytes(doc, figures_of(actor=office, document=doc, language="zh-hans"))
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    # Each paragraph of the draft, with the dashboard's numbers put in, is in the Word file as it is.
    paragraphs = [line for section in doc.sections for line in fill(section["text"], shown).splitlines() if line.strip()]
    assert len(paragraphs) >= 8
    for paragraph in paragraphs:
        assert paragraph.strip() in text, paragraph
    assert f"查找问题{shown['problems']}个，已整改销号{shown['problems_closed']}个" in text
    assert f"举办法治培训和专题讲座{shown['trainings']}期" in text and shown["trainings"] == "4"
    assert f"执法决定按时公示率{shown['disclosure_rate']}" in text
    # A leader sees the same figures as the office.
    cache.clear()
    leader = {f["key"]: f["display"] for f in compute(actor=demo["leader"], issuer=commission, year=2026)["figures"]}
    assert leader == shown


def test_every_chart_has_something_to_draw_on_the_demo(demo):
    charts = compute(actor=demo["leader"], issuer=_commission(), year=2026)["charts"]
    for key, chart in charts.items():
        total = sum(v or 0 for s in chart["series"] for v in s["data"])
        assert chart["categories"] and total > 0, key


def test_the_dashboard_page_on_the_demo(demo):
    c = Client()
    c.force_login(demo["leader"])
    html = c.get("/reports/dashboard/").content.decode()
    assert "晋城市" in html and html.count('class="chart"') == 14

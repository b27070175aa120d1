"""The numeric rules of seed 002 as indicators on the demo data (loaded at 2026-12-02), each
figure checked against what the demo was built to hold (seed 001's figures: 4 trainings, 54 of
54 enforcement staff trained, approval limits compressed by 95.20 %, 134 of 142 same-day cases),
and the annual report of the demo year written with the same figures."""

import io
from decimal import Decimal

from docx import Document

from fazhi.campaigns.choices import Colour
from fazhi.demo.units import COMMISSION
from fazhi.indicators import selectors
from fazhi.indicators.models import Indicator
from fazhi.org.models import Unit
from fazhi.reports import services as reports
from fazhi.reports.choices import DocumentKind
from fazhi.reports.rendering import docx_bytes
from fazhi.reports.selectors import figures_of


def _own(demo, title):
    indicator = Indicator.objects.get(title=title)
    [ev] = selectors.evaluate(actor=demo["office"], indicator=indicator, units=[indicator.unit])
    return ev


def test_every_numeric_rule_of_seed_002_is_an_indicator_on_the_demo(demo):
    seed = {"每年至少1次督导、1次考评", "每年至少举办两期法治专题培训", "公务员法治学时不低于20%",
            "医务人员法律知识比例不低于10%", "第一季度报告上一年度法治建设情况"}
    assert seed <= set(Indicator.objects.values_list("title", flat=True))
    for title in seed:
        indicator = Indicator.objects.get(title=title)
        assert selectors.evaluate(actor=demo["office"], indicator=indicator), title


def test_the_figures_are_the_ones_the_demo_holds(demo):
    trainings = _own(demo, "每年至少举办两期法治专题培训")
    assert trainings.value == 4 and trainings.colour == Colour.GREEN
    coverage = _own(demo, "执法人员培训全覆盖")
    assert (coverage.figure.numerator, coverage.figure.denominator) == (54, 54) and coverage.colour == Colour.GREEN
    compression = _own(demo, "审批承诺时限压缩比不低于50%")
    assert compression.value == Decimal("0.9520") and compression.colour == Colour.GREEN
    first_quarter = _own(demo, "第一季度报告上一年度法治建设情况")
    assert first_quarter.value == 0  # the report on last year is still being checked: not issued
    share = {ev.unit.name: ev for ev in selectors.evaluate(actor=demo["office"],
                                                          indicator=Indicator.objects.get(title="公务员法治学时不低于20%"))}
    assert share["沁水县卫生计生局"].value < Decimal("0.2") and share["沁水县卫生计生局"].colour != Colour.GREEN


def test_the_annual_report_of_the_demo_year_quotes_the_same_figures(demo):
    commission = Unit.objects.get(parent__isnull=True, name=COMMISSION)
    doc = reports.document_create(actor=demo["office"], kind=DocumentKind.ANNUAL_REPORT, issuer=commission, year=2026)
    figures = figures_of(actor=demo["office"], document=doc, language="zh-hans")
    assert figures["trainings"].value == 4
    assert figures["compression_ratio"].display == "95.20%"
    assert figures["same_day_rate"].display == "94.37%"
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes(doc, figures))).paragraphs)
    assert "举办法治培训和专题讲座4期" in text
    assert "审批承诺时限压缩比95.20%，即办件率94.37%" in text
    assert f"发放宣传资料{figures['materials'].value}份" in text

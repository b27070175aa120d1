"""The measure this app offers to the indicators catalogue (registered when the app is ready):
the report on last year's rule-of-law work issued within the first quarter (「每年第一季度…报告
上一年度法治建设情况」)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from fazhi.indicators.choices import MeasureUnit
from fazhi.indicators.measures import Figure, Measure, per_unit, register

from .choices import DocumentKind, DocumentStatus


def _reports_in_first_quarter(actor, units, start, end):
    from .selectors import document_list

    first_quarter_end = dt.date(start.year, 3, 31)
    qs = document_list(actor=actor).filter(kind__in=[DocumentKind.QUARTER_REPORT, DocumentKind.ANNUAL_REPORT],
                                           year=start.year - 1, status=DocumentStatus.ISSUED,
                                           issued_on__range=(start, first_quarter_end))
    rows = per_unit(qs, "issuer__path", units, num=Count("id", filter=Q(pk__isnull=False)))
    return {u.pk: Figure(Decimal(rows.get(u.pk, {}).get("num") or 0)) for u in units}


def register_measures() -> None:
    register(Measure("reports.first_quarter_report", _("第一季度报告上年度法治建设情况"), MeasureUnit.COUNT,
                     _reports_in_first_quarter))

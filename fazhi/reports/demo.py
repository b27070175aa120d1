"""Demo documents for the 晋城 demo: the year's annual report as a draft with live figures, the
report to the level above waiting for 核稿, and a progress circular with its ranking, signed
and archived with its number. The platform demo's second member of the office (周敏, no login)
drafts the last two, since nobody checks their own draft."""

from __future__ import annotations

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from fazhi.campaigns.models import Campaign
from fazhi.core.workdays import today as local_today
from fazhi.demo.people import SECOND_DRAFTER
from fazhi.demo.units import COMMISSION
from fazhi.org.models import Unit

from . import services
from .choices import DocumentKind
from .models import OutgoingDocument

PREFIX = "晋卫计政法发"


def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    User = get_user_model()
    office, leader = User.objects.filter(username="office").first(), User.objects.filter(username="leader").first()
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if office is None or leader is None or commission is None:
        out.write(_("报告演示数据需要先载入平台演示数据。") + "\n")
        return {"created": 0}
    year = (today or local_today()).year
    campaign = Campaign.objects.filter(issuer=commission).order_by("pk").first()
    existing = set(OutgoingDocument.objects.filter(issuer=commission, year=year).values_list("kind", flat=True))
    created = 0
    if DocumentKind.ANNUAL_REPORT not in existing:
        services.document_create(actor=office, kind=DocumentKind.ANNUAL_REPORT, issuer=commission, year=year, prefix=PREFIX)
        created += 1
    drafter = User.objects.filter(username=SECOND_DRAFTER[0]).first() or office
    if DocumentKind.QUARTER_REPORT not in existing:
        doc = services.document_create(actor=drafter, kind=DocumentKind.QUARTER_REPORT, issuer=commission, year=year,
                                       prefix=PREFIX)
        services.document_submit(actor=drafter, document=doc)
        created += 1
    if DocumentKind.CIRCULAR not in existing and campaign is not None:
        doc = services.document_create(actor=drafter, kind=DocumentKind.CIRCULAR, issuer=commission, year=year,
                                       campaign=campaign, prefix=PREFIX)
        services.document_update(actor=drafter, document=doc, cc="市人民政府法制办公室")
        services.document_submit(actor=drafter, document=doc)
        services.document_check(actor=office, document=doc, approve=True)
        services.document_sign(actor=leader, document=doc)
        created += 1
    out.write(_("报告与公文：新建 {n} 份。").format(n=created) + "\n")
    return {"created": created}

"""The register of legal advisers and public-sector lawyers, and the matters they reviewed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import AdviserMatter, LegalAdviser
from .common import past_date, require_office, required, saved


@transaction.atomic
def adviser_create(*, actor, unit, kind: str, name: str, term_start: dt.date, term_end: dt.date, firm: str = "",
                   license_number: str = "") -> LegalAdviser:
    require_office(actor, unit)
    adviser = LegalAdviser(unit=unit, kind=kind, name=required(name, "name", _("姓名")), firm=(firm or "").strip(),
                           license_number=(license_number or "").strip(), term_start=term_start, term_end=term_end)
    return saved(adviser, actor=actor, action="legal_adviser.create", unit=unit)


@transaction.atomic
def adviser_matter_add(*, actor, adviser: LegalAdviser, kind: str, title: str, opinion: str,
                       on: dt.date | None = None) -> AdviserMatter:
    require_office(actor, adviser.unit)
    matter = AdviserMatter(adviser=adviser, kind=kind, title=required(title, "title", _("事项")),
                           opinion=required(opinion, "opinion", _("法律意见")), on=past_date(on, "on", _("日期")))
    return saved(matter, actor=actor, action="adviser_matter.create", unit=adviser.unit)

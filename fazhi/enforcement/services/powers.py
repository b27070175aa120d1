"""The list of powers and responsibilities under dynamic management: every addition, change
and revocation is a PowerChange with its reason and the values before and after."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.core.files import check_upload
from fazhi.core.workdays import today as local_today

from .. import messages as m
from ..choices import ChangeKind, PowerStatus
from ..models import Power, PowerChange
from .common import require_office, required, saved, snapshot, user_or_none

EDITABLE = ("name", "kind", "basis", "responsibility", "published")


def _change(power, actor, kind, reason, before, on=None) -> PowerChange:
    return saved(PowerChange(power=power, kind=kind, on=on or local_today(), reason=reason, before=before,
                             after=snapshot(power), by=user_or_none(actor)),
                 actor=actor, action="power_change.create", unit=power.unit)


def _flow_chart(power, upload) -> None:
    info = check_upload(upload)
    power.sha256, power.flow_chart_mime = info.sha256, info.mime
    power.flow_chart.save(info.sha256, upload, save=False)


@transaction.atomic
def power_create(*, actor, unit, code: str, name: str, kind: str, basis: str, responsibility: str = "",
                 published: bool = True, flow_chart=None, reason: str = "", on: dt.date | None = None) -> Power:
    require_office(actor, unit)
    power = Power(unit=unit, code=required(code, "code", _("编码")), name=required(name, "name", _("事项名称")), kind=kind,
                  basis=required(basis, "basis", _("设定依据")), responsibility=(responsibility or "").strip(),
                  published=published)
    if flow_chart is not None:
        _flow_chart(power, flow_chart)
    saved(power, actor=actor, action="power.create", unit=unit)
    _change(power, actor, ChangeKind.ADDED, (reason or "").strip() or str(_("编制权责清单")), None, on)
    return power


@transaction.atomic
def power_change(*, actor, power, reason: str, flow_chart=None, on: dt.date | None = None, **fields) -> Power:
    power = Power.objects.select_for_update(of=("self",)).select_related("unit").get(pk=power.pk)
    require_office(actor, power.unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": m.POWER_REASON})
    if power.status == PowerStatus.REVOKED:
        raise ValidationError(m.POWER_REVOKED)
    before = snapshot(power)
    for key in EDITABLE:
        if fields.get(key) not in (None, ""):
            setattr(power, key, fields[key])
    if flow_chart is not None:
        _flow_chart(power, flow_chart)
    saved(power, actor=actor, action="power.change", unit=power.unit, before=before)
    _change(power, actor, ChangeKind.CHANGED, reason.strip(), before, on)
    return power


@transaction.atomic
def power_revoke(*, actor, power, reason: str, on: dt.date | None = None) -> Power:
    power = Power.objects.select_for_update(of=("self",)).select_related("unit").get(pk=power.pk)
    require_office(actor, power.unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": m.POWER_REASON})
    if power.status == PowerStatus.REVOKED:
        raise ValidationError(m.POWER_REVOKED)
    before = snapshot(power)
    power.status = PowerStatus.REVOKED
    saved(power, actor=actor, action="power.revoke", unit=power.unit, before=before)
    _change(power, actor, ChangeKind.REVOKED, reason.strip(), before, on)
    return power

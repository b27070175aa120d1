"""争创示范: the office records that a unit strives for a demonstration level in a campaign
(seed 002: the directly affiliated units 「至少创建1个法治创建示范窗口并争创示范机构」).
Whether it was selected is read from the campaign's nominations (selectors.demo_targets)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.campaigns.choices import CampaignStatus, DemoLevel
from fazhi.campaigns.models import Campaign
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import require_role

from . import messages as m
from .choices import LEVEL_OF_KIND
from .models import DemoTarget

OFFICE = [Role.OFFICE]


@transaction.atomic
def demo_target_create(*, actor, campaign: Campaign, unit: Unit, level: str, note: str = "") -> DemoTarget:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(str(m.TARGET_CAMPAIGN_CLOSED).format(title=campaign.title))
    if not unit.is_within(campaign.issuer):
        raise ValidationError(str(m.TARGET_OUTSIDE_CAMPAIGN).format(unit=unit.name, title=campaign.title))
    if level not in DemoLevel.values:
        raise ValidationError(m.TARGET_LEVEL_INVALID)
    if LEVEL_OF_KIND.get(unit.kind) != level:
        raise ValidationError(str(m.TARGET_LEVEL_MISMATCH).format(unit=unit.name, kind=unit.get_kind_display(),
                                                                  level=DemoLevel(level).label))
    if DemoTarget.objects.filter(campaign=campaign, unit=unit, level=level, withdrawn_at__isnull=True).exists():
        raise ValidationError(str(m.TARGET_DUPLICATE).format(unit=unit.name, level=DemoLevel(level).label))
    target = DemoTarget(campaign=campaign, unit=unit, level=level, note=(note or "").strip()[:200], created_by=actor)
    target.full_clean()
    target.save()
    audit_record(actor=actor, action="demo_target.create", obj=target, after=snapshot(target), unit=unit)
    return target


@transaction.atomic
def demo_target_withdraw(*, actor, target: DemoTarget) -> DemoTarget:
    target = DemoTarget.objects.select_for_update().select_related("unit").get(pk=target.pk)
    require_role(actor, OFFICE, target.unit, m.NOT_OFFICE)
    if target.withdrawn_at is not None:
        raise ValidationError(m.TARGET_ALREADY_WITHDRAWN)
    before = snapshot(target)
    target.withdrawn_at = timezone.now()
    target.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, action="demo_target.withdraw", obj=target, before=before, after=snapshot(target),
                 unit=target.unit)
    return target

"""The three-tier supervision ladder's names, shared by every app that supervises (督办)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    BLUE = "blue", _("蓝色督办")
    YELLOW = "yellow", _("黄色督办")
    RED = "red", _("红色督办")


TIER_RANK = {Tier.BLUE: 1, Tier.YELLOW: 2, Tier.RED: 3}


def next_tier(tier: str) -> str:
    return {Tier.BLUE: Tier.YELLOW, Tier.YELLOW: Tier.RED}.get(tier, Tier.RED)


class NoticeStatus(models.TextChoices):
    ACTIVE = "active", _("督办中")
    ESCALATED = "escalated", _("已升级")
    RESOLVED = "resolved", _("已解除")


class Trigger(models.TextChoices):
    """Why a notice was issued: only the notices a deadline rule raised are lifted by the rules."""

    MANUAL = "manual", _("人工督办")
    NEAR = "near", _("临近整改时限")
    STALE = "stale", _("进度滞后")
    OVERDUE = "overdue", _("超过整改时限")
    ESCALATED = "escalated", _("无进展升级")


TIER_TRIGGER = {Tier.BLUE: Trigger.NEAR, Tier.YELLOW: Trigger.STALE, Tier.RED: Trigger.OVERDUE}

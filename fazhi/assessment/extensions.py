"""What the assessment app adds to pages it does not own, through the registries of the apps
below it: the unit lists' filter by current grade and the unit page's panel (org.extensions),
and the campaign page's quota section (campaigns.extensions). Registered from AppConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.campaigns import selectors as campaign_selectors
from fazhi.campaigns.choices import CampaignStatus, DemoLevel
from fazhi.campaigns.extensions import register_quota_section
from fazhi.org.choices import Role
from fazhi.org.extensions import UnitFilter, UnitPanel, register_unit_filter, register_unit_panel
from fazhi.org.scoping import has_role

from . import quotas, selectors
from .choices import LEVEL_OF_KIND


def unit_panel(user, unit) -> dict | None:
    """The unit's grade register (current grade and history) and its 争创 targets."""
    grades = selectors.unit_grade_history(actor=user, unit=unit)
    targets = list(selectors.demo_target_list(actor=user, filters={"unit": unit}))
    level = LEVEL_OF_KIND.get(unit.kind)
    campaigns = []
    if level and has_role(user, [Role.OFFICE], unit):
        striving = {t.campaign_id for t in targets if t.level == level}
        campaigns = [c for c in campaign_selectors.campaign_list(actor=user, filters={"status": CampaignStatus.ACTIVE})
                     if unit.is_within(c.issuer) and c.pk not in striving]
    current = next((g for g in grades if g.is_current), None)
    return {"template": "assessment/_unit_panel.html",
            "context": {"unit": unit, "grades": grades, "current": current, "targets": targets,
                        "target_level": level, "target_level_label": DemoLevel(level).label if level else "",
                        "target_campaigns": campaigns, "can_manage": has_role(user, [Role.OFFICE], unit)}}


def campaign_quotas(user, campaign) -> dict:
    """The campaign's quotas with their progress (推荐 2 / 至少 1) and the units striving (争创)."""
    uses = quotas.campaign_quota_overview(campaign)
    # Scopes still short of a minimum come right after the system-wide rows: they need action.
    uses.sort(key=lambda u: (u.scope is not None, u.short == 0))
    return {"template": "assessment/_campaign_quotas.html",
            "context": {"uses": uses,
                        "targets": list(selectors.demo_target_list(actor=user, filters={"campaign": campaign}))}}


def register() -> None:
    register_unit_filter(UnitFilter(name="grade", label=_("当前等次"), choices=selectors.grade_choices,
                                    q=selectors.units_with_current_grade, column=selectors.current_grade_text))
    register_unit_panel(UnitPanel(key="assessment", order=20, build=unit_panel))
    register_quota_section(campaign_quotas)

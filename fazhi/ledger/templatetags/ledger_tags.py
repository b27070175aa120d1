from django import template
from django.utils.html import format_html

from fazhi.ledger.choices import PlanReview, ProblemStatus, Tier

register = template.Library()

STATUS_CLASS = {
    ProblemStatus.OPEN: "text-bg-secondary", ProblemStatus.RECTIFYING: "text-bg-primary",
    ProblemStatus.REPORTED: "text-bg-info", ProblemStatus.RETURNED: "text-bg-warning",
    ProblemStatus.ACCEPTED: "text-bg-success", ProblemStatus.CLOSED: "text-bg-dark",
    ProblemStatus.EXPLAINED: "text-bg-light border border-secondary",
}
REVIEW_CLASS = {PlanReview.PENDING: "text-bg-info", PlanReview.APPROVED: "text-bg-success", PlanReview.RETURNED: "text-bg-warning"}
TIER_CLASS = {Tier.BLUE: "tier-blue", Tier.YELLOW: "tier-yellow", Tier.RED: "tier-red"}


@register.simple_tag
def problem_status(status: str):
    return format_html('<span class="badge {}">{}</span>', STATUS_CLASS.get(status, "text-bg-light"),
                       ProblemStatus(status).label if status in ProblemStatus.values else status)


@register.simple_tag
def tier_badge(tier: str | None):
    if not tier:
        return ""
    return format_html('<span class="badge {}"><i class="bi bi-flag-fill"></i> {}</span>', TIER_CLASS.get(tier, ""),
                       Tier(tier).label)


@register.filter
def person(user):
    """A user's name as people know it: the Person's name, else the login."""
    if user is None:
        return ""
    p = getattr(user, "person", None)
    return p.name if p else user.get_username()


@register.simple_tag
def plan_review(plan):
    """A plan's review state; a plan not yet filed has none to show but that."""
    from django.utils.translation import gettext

    if not plan.filed_at:
        return format_html('<span class="badge text-bg-light border">{}</span>', gettext("未报备"))
    return format_html('<span class="badge {}">{}</span>', REVIEW_CLASS.get(plan.review_status, ""),
                       plan.get_review_status_display())

"""The assessment's panels on the workbench: scoring for inspectors, self-assessment for units."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.campaigns.home import Item, Panel, campaign_panel, panel
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, path_q

from . import selectors
from .choices import AssessmentKind, AssessmentStatus, NominationStatus, RoundStatus


def _items(qs) -> list[Item]:
    return [Item(text=a.unit.name, url=reverse("assessment:assessment", args=[a.pk]),
                 meta=f"{a.round.title} · {a.stage.name}", right=a.get_status_display()) for a in qs]


@panel(Role.INSPECTOR, order=10, reads=("assessment", "campaigns"))
def to_score(user, cal):
    qs = (selectors.assessment_list(actor=user).filter(kind=AssessmentKind.INSPECTION, status=AssessmentStatus.IN_PROGRESS,
                                                       round__status=RoundStatus.OPEN)
          .filter(Q(team=user) | Q(leader=user) | Q(team__isnull=True, leader__isnull=True)).distinct()
          .order_by("round_id", "unit__path"))
    return Panel("to_score", _("待我评分的单位"), "bi-clipboard-data", _items(qs[:8]), _("目前没有待您评分的单位。"),
                 count=qs.count(), more_url=reverse("assessment:rounds"))


@panel(Role.LIAISON, order=30, reads=("assessment", "campaigns"))
def self_assessments(user, cal):
    qs = (selectors.assessment_list(actor=user).filter(kind=AssessmentKind.SELF, status=AssessmentStatus.IN_PROGRESS,
                                                       round__status=RoundStatus.OPEN)
          .filter(path_q(granted_paths(user, [Role.LIAISON]), "unit__path")).order_by("round_id", "unit__path"))
    return Panel("self_assess", _("待完成的自评"), "bi-ui-checks", _items(qs[:8]), _("目前没有待完成的自评。"),
                 count=qs.count(), more_url=reverse("assessment:rounds"))


@panel(Role.OFFICE, Role.LEADER, order=40, reads=("assessment", "campaigns"))
def open_rounds(user, cal):
    qs = selectors.round_list(actor=user).filter(status=RoundStatus.OPEN)
    items = [Item(text=r.title, url=reverse("assessment:round", args=[r.pk]), meta=r.get_status_display()) for r in qs[:5]]
    return Panel("rounds", _("考评中的轮次"), "bi-award", items, _("目前没有进行中的考评。"), count=qs.count(),
                 more_url=reverse("assessment:rounds"))


@campaign_panel(order=20)
def selections(user, campaign):
    """On the campaign page: each published round of the campaign with the units it selected
    (a three-year campaign shows one line per year)."""
    rounds = list(selectors.round_list(actor=user, filters={"campaign": campaign.pk, "status": RoundStatus.PUBLISHED})
                  .order_by("circular_date", "id"))
    if not rounds:
        return None
    selected: dict[int, list[str]] = {r.pk: [] for r in rounds}
    for n in (selectors.nomination_list(actor=user).filter(round__in=rounds, status=NominationStatus.SELECTED)
              .order_by("unit__path").values("round_id", "unit__name")):
        selected[n["round_id"]].append(n["unit__name"])
    items = [Item(text=r.title, url=reverse("assessment:round", args=[r.pk]), date=r.circular_date,
                  meta=(_("评选结果：{units}").format(units="、".join(selected[r.pk])) if selected[r.pk]
                        else _("本轮无单位入选。"))) for r in rounds]
    return Panel("selections", _("评选结果"), "bi-trophy", items, count=len(items))

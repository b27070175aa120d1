"""The assessment's panels on the workbench: scoring for inspectors, self-assessment for units."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.campaigns.home import Item, Panel, panel
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, path_q

from . import selectors
from .choices import AssessmentKind, AssessmentStatus, RoundStatus


def _items(qs) -> list[Item]:
    return [Item(text=a.unit.name, url=reverse("assessment:assessment", args=[a.pk]),
                 meta=f"{a.round.title} · {a.stage.name}", right=a.get_status_display()) for a in qs]


@panel(Role.INSPECTOR, order=10)
def to_score(user, cal):
    qs = (selectors.assessment_list(actor=user).filter(kind=AssessmentKind.INSPECTION, status=AssessmentStatus.IN_PROGRESS,
                                                       round__status=RoundStatus.OPEN)
          .filter(Q(team=user) | Q(leader=user) | Q(team__isnull=True, leader__isnull=True)).distinct()
          .order_by("round_id", "unit__path"))
    return Panel("to_score", _("待我评分的单位"), "bi-clipboard-data", _items(qs[:8]), _("目前没有待您评分的单位。"),
                 count=qs.count(), more_url=reverse("assessment:rounds"))


@panel(Role.LIAISON, order=30)
def self_assessments(user, cal):
    qs = (selectors.assessment_list(actor=user).filter(kind=AssessmentKind.SELF, status=AssessmentStatus.IN_PROGRESS,
                                                       round__status=RoundStatus.OPEN)
          .filter(path_q(granted_paths(user, [Role.LIAISON]), "unit__path")).order_by("round_id", "unit__path"))
    return Panel("self_assess", _("待完成的自评"), "bi-ui-checks", _items(qs[:8]), _("目前没有待完成的自评。"),
                 count=qs.count(), more_url=reverse("assessment:rounds"))


@panel(Role.OFFICE, Role.LEADER, order=40)
def open_rounds(user, cal):
    qs = selectors.round_list(actor=user).filter(status=RoundStatus.OPEN)
    items = [Item(text=r.title, url=reverse("assessment:round", args=[r.pk]), meta=r.get_status_display()) for r in qs[:5]]
    return Panel("rounds", _("考评中的轮次"), "bi-award", items, _("目前没有进行中的考评。"), count=qs.count(),
                 more_url=reverse("assessment:rounds"))

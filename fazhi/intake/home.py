"""The portal's panels on the workbench: cases to accept and cases running out of time."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.campaigns.home import Item, Panel, panel
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role

from . import selectors
from .choices import SubmissionStatus as S


def _items(qs) -> list[Item]:
    return [Item(text=f"{s.case_number} {s.title or s.text[:40]}", url=reverse("intake:detail", args=[s.pk]),
                 meta=f"{s.get_kind_display()} · {s.get_status_display()}",
                 date=s.current_due if s.current_due else None, colour=s.colour or "") for s in qs]


@panel(Role.INTAKE, order=10, reads=("intake",))
def to_accept(user, cal):
    qs = selectors.submission_list(actor=user, filters={"status": S.NEW}, cal=cal).order_by("received_at", "id")
    return Panel("intake_new", _("待受理的意见投诉"), "bi-envelope-open", _items(qs[:8]), _("没有待受理的意见投诉。"),
                 count=qs.count(), more_url=reverse("intake:inbox") + f"?status={S.NEW}")


@panel(Role.INTAKE, Role.OFFICE, Role.LEADER, order=35, reads=("intake",))
def running_late(user, cal):
    day = local_today()
    qs = selectors.submission_list(actor=user, filters={"colour": "red"}, cal=cal, day=day).order_by("received_at", "id")
    # Counted over every case of the subtree (the colour is computed per row): the panel is kept in
    # the roll-up cache for the day until a write of the cases (`reads`), and the count with it.
    return Panel("intake_late", _("超过办理时限的意见投诉"), "bi-hourglass-bottom", _items(qs[:8]),
                 _("没有超过办理时限的意见投诉。"), count=qs.count(), more_url=reverse("intake:inbox") + "?colour=red")

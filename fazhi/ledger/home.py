"""The ledger's panels on the workbench: what each role has to do about problems."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.campaigns.home import Item, Panel, panel
from fazhi.org import branches
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, path_q

from . import selectors
from .choices import UNIT_OWES, NoticeStatus, ProblemStatus
from .models import Problem


def _items(qs) -> list[Item]:
    return [Item(text=f"{p.number} {p.description[:50]}", url=reverse("ledger:detail", args=[p.pk]),
                 meta=f"{p.unit.name} · {p.get_status_display()}",
                 date=p.rectification.deadline if getattr(p, "rectification", None) else None, colour=p.colour)
            for p in qs]


def _count_piles(q, by) -> dict[str, dict]:
    # Counted on the unit (never empty): the index on status and unit answers alone, without reading
    # the problems' rows (PostgreSQL), as it does for the count by status.
    rows = (Problem.objects.filter(q, status__in=[ProblemStatus.REPORTED, ProblemStatus.ACCEPTED]).annotate(branch=by)
            .values("branch").annotate(reported=Count("unit", filter=Q(status=ProblemStatus.REPORTED)),
                                       accepted=Count("unit", filter=Q(status=ProblemStatus.ACCEPTED))).order_by())
    return {r["branch"]: {"reported": r["reported"], "accepted": r["accepted"]} for r in rows}


def _merge_piles(parts: list[dict]) -> dict:
    return {"reported": sum(p["reported"] for p in parts), "accepted": sum(p["accepted"] for p in parts)}


# Problems and what hangs on them are located rows; categories and plans are not read.
_PILES = branches.Figure(("ledger:office-piles",), "unit__path", _count_piles, _merge_piles, located="ledger",
                         apps=("ledger", "org"))


def _office_counts(user, cal) -> dict:
    """The office's two piles of the ledger (reports to verify, problems to close) over the subtrees
    it keeps, summed from their branches (fazhi.org.branches), each counted again only after a
    write in it."""
    return branches.summed(_PILES, branches.scope_paths(user, [Role.OFFICE]))


@panel(Role.OFFICE, order=20, reads=("ledger",))
def reports_to_verify(user, cal):
    qs = selectors.problem_list(actor=user, filters={"status": ProblemStatus.REPORTED}, cal=cal).filter(
        path_q(granted_paths(user, [Role.OFFICE]), "unit__path"))
    return Panel("ledger_verify", _("待核验的办结报告"), "bi-patch-check", _items(qs[:8]), _("没有待核验的办结报告。"),
                 count=_office_counts(user, cal)["reported"],
                 more_url=reverse("ledger:list") + f"?status={ProblemStatus.REPORTED}")


@panel(Role.OFFICE, order=25, reads=("ledger",))
def to_close(user, cal):
    count = _office_counts(user, cal)["accepted"]
    if not count:
        return None
    qs = selectors.problem_list(actor=user, filters={"status": ProblemStatus.ACCEPTED}, cal=cal).filter(
        path_q(granted_paths(user, [Role.OFFICE]), "unit__path"))
    return Panel("ledger_close", _("核验通过、待销号的问题"), "bi-check2-square", _items(qs[:8]), "", count=count,
                 more_url=reverse("ledger:list") + f"?status={ProblemStatus.ACCEPTED}")


@panel(Role.LEADER, order=20, reads=("ledger",))
def overdue_problems(user, cal):
    qs = selectors.problem_list(actor=user, filters={"overdue": True}, cal=cal)
    return Panel("ledger_overdue", _("逾期未整改的问题"), "bi-exclamation-octagon", _items(qs[:8]),
                 _("没有逾期未整改的问题。"), count=qs.count(), more_url=reverse("ledger:list") + "?overdue=on")


@panel(Role.LIAISON, order=20, reads=("ledger",))
def unit_problems(user, cal):
    qs = selectors.problem_list(actor=user, cal=cal).filter(status__in=UNIT_OWES).filter(
        path_q(granted_paths(user, [Role.LIAISON]), "unit__path")).order_by("rectification__deadline", "id")
    return Panel("ledger_mine", _("本单位待整改的问题"), "bi-tools", _items(qs[:8]), _("本单位没有待整改的问题。"),
                 count=qs.count(), more_url=reverse("ledger:list"))


@panel(Role.INSPECTOR, order=30, reads=("ledger",))
def supervised(user, cal):
    qs = selectors.notice_list(actor=user, filters={"status": NoticeStatus.ACTIVE})
    items = [Item(text=f"{n.number} · {n.problem.description[:40]}", url=reverse("ledger:detail", args=[n.problem_id]),
                  meta=f"{n.addressed_to.name} · {n.get_tier_display()}", date=n.issued_on,
                  colour={"red": "red", "yellow": "amber"}.get(n.tier, "green")) for n in qs[:8]]
    return Panel("ledger_notices", _("督办中的问题"), "bi-megaphone", items, _("没有生效的督办单。"), count=qs.count(),
                 more_url=reverse("ledger:notices"))

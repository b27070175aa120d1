"""The workbench (工作台): each role sees its own work.

Every app contributes panels for the roles it serves from its own `home` module
(`fazhi/<app>/home.py`), found like the admin's modules; this keeps the dependencies
pointing one way (campaigns knows nothing of the ledger, the ledger registers here).
A panel function takes (user, cal) and returns a `Panel`, or None when it has nothing
to say for that user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language, gettext as _

from fazhi.core import rollups
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, path_q, scope_key

from . import selectors
from .choices import AssignmentStatus, CampaignStatus, Colour

ROLE_ORDER = [Role.OFFICE, Role.LEADER, Role.LIAISON, Role.INSPECTOR, Role.REVIEWER, Role.INTAKE]


@dataclass
class Item:
    text: str
    url: str = ""
    meta: str = ""
    right: str = ""
    date: object = None  # shown as the reader's language writes dates (cndate)
    colour: str = ""


@dataclass
class Panel:
    key: str
    title: str
    icon: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    count: int | None = None
    more_url: str = ""
    note: str = ""


@dataclass
class _Entry:
    roles: set[str]
    order: int
    build: Callable


_PANELS: list[_Entry] = []
_discovered = False


def panel(*roles: str, order: int = 50):
    """Register a panel function for these roles."""

    def decorate(fn):
        _PANELS.append(_Entry(set(roles), order, fn))
        return fn

    return decorate


def sections(user, roles: set[str], cal) -> list[dict]:
    """One section per role the user holds, in the order of ROLE_ORDER, with its panels.

    Kept in the roll-up cache (fazhi.core.rollups) per person, roles, language and day: the
    workbench is the page opened most, and its dozen panels read across the whole subtree (80 ms
    of a county office's 100 at province scale). Any write to the data the panels read makes it
    stale, as it does the dashboard's figures; colours move with the day, which is in the key.
    The years the calendar had to count on weekends alone are kept with it, for the warning."""
    # The person's grants need no place in the key: a change of grant is a write, which makes it stale.
    key = ("home:sections", user.pk, ",".join(sorted(roles)), get_language(), local_today().isoformat())
    built, weekend_years = rollups.cached(key, lambda: (_sections(user, roles, cal), sorted(cal.fallback_years)))
    cal.fallback_years.update(weekend_years)
    return built


def _sections(user, roles: set[str], cal) -> list[dict]:
    global _discovered
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True
    labels = dict(Role.choices)
    out, done = [], set()
    for role in ROLE_ORDER:
        if role not in roles:
            continue
        panels = []
        for entry in sorted(_PANELS, key=lambda e: e.order):
            if role in entry.roles and entry.build not in done:
                built = entry.build(user, cal)
                done.add(entry.build)  # a panel shared by two roles is shown once, under the first
                if built is not None:
                    panels.append(built)
        out.append({"role": role, "label": labels[role], "panels": panels})
    return out


# --- panels of other apps on a campaign's page -----------------------------------------------

_CAMPAIGN_PANELS: list[_Entry] = []


def campaign_panel(order: int = 50):
    """Register a panel of the campaign page: fn(user, campaign) -> Panel or None. Registered from
    the app's `home` module too, so that campaigns imports nothing of the apps built on it."""

    def decorate(fn):
        _CAMPAIGN_PANELS.append(_Entry(set(), order, fn))
        return fn

    return decorate


def campaign_panels(user, campaign) -> list[Panel]:
    global _discovered
    if not _discovered:
        autodiscover_modules("home")
        _discovered = True
    built = (entry.build(user, campaign) for entry in sorted(_CAMPAIGN_PANELS, key=lambda e: e.order))
    return [p for p in built if p is not None]


# --- the campaign's own panels --------------------------------------------------------------

def _assignment_items(qs) -> list[Item]:
    return [Item(text=f"{a.task.label}{(a.task.heading or a.task.text)[:60]}", url=reverse("campaigns:assignment", args=[a.pk]),
                 meta=f"{a.unit.name} · {a.task.campaign.title}", date=a.due_date if a.due_date else None,
                 colour=a.colour) for a in qs]


@panel(Role.OFFICE, order=10)
def reports_to_review(user, cal):
    qs = selectors.reports_awaiting_review(actor=user).order_by("submitted_at", "id")
    items = [Item(text=f"{r.assignment.task.label}{(r.assignment.task.heading or r.assignment.task.text)[:60]}",
                  url=reverse("campaigns:assignment", args=[r.assignment_id]),
                  meta=_("{unit} · {name} 报送 · 进度 {p}%").format(unit=r.assignment.unit.name, p=r.progress,
                                                           name=getattr(getattr(r.author, "person", None), "name", r.author.username)),
                  date=r.submitted_at) for r in qs[:8]]
    # Counted over every report of the subtree (a join through all its assignments): kept in the
    # roll-up cache, which any write to a report or an assignment makes stale.
    count = rollups.cached(("campaigns:to-review", scope_key(user)), qs.count)
    return Panel("reports", _("待我审核的进展报送"), "bi-inbox", items, _("没有待审核的进展报送。"), count=count,
                 more_url=reverse("campaigns:assignments") + "?status=pending_review")


@panel(Role.LIAISON, order=10)
def my_tasks(user, cal):
    qs = (selectors.assignment_list(actor=user, cal=cal).exclude(status=AssignmentStatus.DONE)
          .filter(path_q(granted_paths(user, [Role.LIAISON]), "unit__path")).order_by("due_date", "id"))
    return Panel("my_tasks", _("本单位待办的任务"), "bi-clipboard-check", _assignment_items(qs[:8]),
                 _("本单位的任务都已完成，或尚未分配任务。"), count=qs.count(), more_url=reverse("campaigns:assignments"))


@panel(Role.OFFICE, Role.LEADER, order=30)
def overdue_tasks(user, cal):
    qs = selectors.assignment_list(actor=user, cal=cal, filters={"colour": Colour.RED}).order_by("due_date", "id")
    # The count is the red of the colour roll-up (same scope, same rule, withdrawn work left out),
    # which the workbench reads anyway: counting again read every overdue assignment of the tree.
    count = selectors.colour_counts(actor=user, cal=cal)[Colour.RED]
    return Panel("overdue", _("逾期的任务"), "bi-alarm", _assignment_items(qs[:8]), _("没有逾期事项。"), count=count,
                 more_url=reverse("campaigns:assignments") + "?colour=red")


@panel(Role.REVIEWER, Role.INSPECTOR, order=90)
def active_campaigns(user, cal):
    qs = selectors.campaign_list(actor=user, filters={"status": CampaignStatus.ACTIVE})
    items = [Item(text=c.title, url=reverse("campaigns:detail", args=[c.pk]),
                  meta=c.issuer.name + (f" · {c.doc_number}" if c.doc_number else "")) for c in qs[:5]]
    return Panel("campaigns", _("进行中的活动"), "bi-flag", items, _("目前没有进行中的活动。"),
                 more_url=reverse("campaigns:list"))

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

from django.db.models import Count
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language, gettext as _

from fazhi.core import rollups
from fazhi.core.workdays import today as local_today
from fazhi.org import branches
from fazhi.org.choices import Role
from fazhi.org.scoping import granted_paths, path_q

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
    reads: tuple[str, ...] | None = None


_PANELS: list[_Entry] = []
_discovered = False
# What every panel reads besides its own apps' rows: the unit tree and the statutory calendar.
_ALWAYS_READ = ("org", "core")


def panel(*roles: str, order: int = 50, reads: tuple[str, ...] | None = None):
    """Register a panel function for these roles. `reads`: the apps whose rows it shows, in the
    viewer's subtrees: it is kept in the roll-up cache until a write of one of them there (or of the
    unit tree or the calendar); left out, until any write."""

    def decorate(fn):
        _PANELS.append(_Entry(set(roles), order, fn, reads))
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
    # Of the located rows (fazhi.core.rollups) the panels read those of the person's subtrees alone,
    # and the person's own messages: a report from another county leaves the workbench standing.
    key = ("home:sections", user.pk, ",".join(sorted(roles)), get_language(), local_today().isoformat())
    built, weekend_years = rollups.cached(key, lambda: (_sections(user, roles, cal), sorted(cal.fallback_years)),
                                          tags=[*branches.scope_tags(user), rollups.user_tag(user.pk)])
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
                built = _built(entry, user, cal)
                done.add(entry.build)  # a panel shared by two roles is shown once, under the first
                if built is not None:
                    panels.append(built)
        out.append({"role": role, "label": labels[role], "panels": panels})
    return out


def _built(entry: _Entry, user, cal) -> Panel | None:
    """One panel, from the roll-up cache: after a report from a county, the ledger's and the public's
    panels are not built again, only those that show assignments and reports (`reads`)."""
    def build():
        return entry.build(user, cal), sorted(cal.fallback_years)

    if entry.reads is None:
        tags = apps = None
    else:
        tags, apps = branches.scope_tags(user, apps=entry.reads), (*entry.reads, *_ALWAYS_READ)
    key = ("home:panel", entry.build.__module__, entry.build.__qualname__, user.pk, get_language(),
           local_today().isoformat())
    built, weekend_years = rollups.cached(key, build, tags=tags, apps=apps)
    cal.fallback_years.update(weekend_years)
    return built


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


def _count_to_review(q, by) -> dict[str, int]:
    return dict(selectors.reports_submitted().filter(q).annotate(branch=by).values("branch")
                .annotate(n=Count("*")).values_list("branch", "n").order_by())


_TO_REVIEW = branches.Figure(("campaigns:to-review",), "assignment__unit__path", _count_to_review, sum,
                             located="campaigns", apps=selectors.ASSIGNMENT_APPS)


@panel(Role.OFFICE, order=10, reads=("campaigns",))
def reports_to_review(user, cal):
    qs = selectors.reports_awaiting_review(actor=user).order_by("submitted_at", "id")
    items = [Item(text=f"{r.assignment.task.label}{(r.assignment.task.heading or r.assignment.task.text)[:60]}",
                  url=reverse("campaigns:assignment", args=[r.assignment_id]),
                  meta=_("{unit} · {name} 报送 · 进度 {p}%").format(unit=r.assignment.unit.name, p=r.progress,
                                                           name=getattr(getattr(r.author, "person", None), "name", r.author.username)),
                  date=r.submitted_at) for r in qs[:8]]
    # Counted over every report of the subtree (a join through all its assignments): summed from the
    # branches of the office's subtrees, each kept until a report of that branch is written.
    count = branches.summed(_TO_REVIEW, branches.scope_paths(user, [Role.OFFICE]))
    return Panel("reports", _("待我审核的进展报送"), "bi-inbox", items, _("没有待审核的进展报送。"), count=count,
                 more_url=reverse("campaigns:assignments") + "?status=pending_review")


@panel(Role.LIAISON, order=10, reads=("campaigns",))
def my_tasks(user, cal):
    qs = (selectors.assignment_list(actor=user, cal=cal).exclude(status=AssignmentStatus.DONE)
          .filter(path_q(granted_paths(user, [Role.LIAISON]), "unit__path")).order_by("due_date", "id"))
    return Panel("my_tasks", _("本单位待办的任务"), "bi-clipboard-check", _assignment_items(qs[:8]),
                 _("本单位的任务都已完成，或尚未分配任务。"), count=qs.count(), more_url=reverse("campaigns:assignments"))


@panel(Role.OFFICE, Role.LEADER, order=30, reads=("campaigns",))
def overdue_tasks(user, cal):
    qs = selectors.assignment_list(actor=user, cal=cal, filters={"colour": Colour.RED}).order_by("due_date", "id")
    # The count is the red of the colour roll-up (same scope, same rule, withdrawn work left out),
    # which the workbench reads anyway: counting again read every overdue assignment of the tree.
    count = selectors.colour_counts(actor=user, cal=cal)[Colour.RED]
    return Panel("overdue", _("逾期的任务"), "bi-alarm", _assignment_items(qs[:8]), _("没有逾期事项。"), count=count,
                 more_url=reverse("campaigns:assignments") + "?colour=red")


@panel(Role.REVIEWER, Role.INSPECTOR, order=90, reads=("campaigns",))
def active_campaigns(user, cal):
    qs = selectors.campaign_list(actor=user, filters={"status": CampaignStatus.ACTIVE})
    items = [Item(text=c.title, url=reverse("campaigns:detail", args=[c.pk]),
                  meta=c.issuer.name + (f" · {c.doc_number}" if c.doc_number else "")) for c in qs[:5]]
    return Panel("campaigns", _("进行中的活动"), "bi-flag", items, _("目前没有进行中的活动。"),
                 more_url=reverse("campaigns:list"))

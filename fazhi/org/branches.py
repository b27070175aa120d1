"""Roll-ups over a subtree summed from its branches, and where a written row lies.

The province office's figures count every assignment of the province. Kept whole, any write
anywhere made them stale, and the first page after it read the whole province again. Kept per
branch, a report from one county leaves standing every branch but the ones it lies in
(fazhi.core.rollups: a located write bumps the tags of its unit and of that unit's ancestors
only), and only the county is counted again: the province's figure is its city's figure summed
again with the other cities', the city's its county's with the other counties'.

A subtree is split into its unit alone and one branch per child where it pays: a unit with a few
children (2 to MAX_BRANCHES) and a large subtree (MIN_UNITS); a county's hundred-odd hospitals and
clinics, or a hospital's departments, are counted whole. Whatever is stale is counted in one
query, grouped by the branches it falls in: after a change of the unit tree or the calendar, the
whole province in one query, as before there were branches.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.db.models import Q
from django.db.models.functions import Left

from fazhi.core import rollups
from fazhi.core.tree import subtree_q

from .models import PATH_SEGMENT, Unit
from .scoping import granted_paths, is_unrestricted

MAX_BRANCHES = 40
MIN_UNITS = 200


@dataclass(frozen=True)
class Node:
    path: str
    whole: bool  # the subtree under `path`; else the unit at `path` alone

    def q(self, field: str) -> Q:
        """Rows whose unit path (at `field`, e.g. "unit__path") lies in this branch."""
        return subtree_q(self.path, field) if self.whole else Q(**{field: self.path})

    def tag(self, app: str) -> str:
        """Of the rows of `app` in this branch (fazhi.core.rollups)."""
        return rollups.subtree_tag(self.path, app) if self.whole else rollups.unit_tag(self.path, app)

    @property
    def key(self) -> str:
        return ("tree:" if self.whole else "unit:") + self.path


@dataclass(frozen=True)
class Figure:
    """A roll-up that adds up over branches.

    `count(q, by)` runs one query over the rows of `q` and returns {branch: part}, grouping by the
    expression `by` (the leading part of each row's unit path) besides its own groups; `merge`
    adds parts up (of no part: the empty figure). Every row counted lies at the unit of `field`
    and is a located row of `located` (an app's label); `apps`: the apps of the rows not located
    it reads (fazhi.core.rollups)."""
    parts: tuple
    field: str
    count: Callable[[Q, object], dict]
    merge: Callable[[list], object]
    located: str
    apps: tuple[str, ...]

    def by(self, length: int):
        return Left(self.field, length)


def tops(paths: Iterable[str]) -> list[str]:
    """The paths, without those inside another (a grant on a county under one on its city)."""
    out: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(t) for t in out):
            out.append(p)
    return out


def scope_paths(user, roles: Iterable[str] | None = None) -> list[str]:
    """The subtrees the user counts over: their grants' (of these roles), every root for an
    administrator, as `fazhi.org.scoping.scope` lets them see."""
    if is_unrestricted(user):
        return _tree()["roots"]
    return tops(granted_paths(user, roles))


def scope_tags(user, roles: Iterable[str] | None = None, apps: Iterable[str | None] = (None,)) -> list[str]:
    """The tags a figure over the user's scope depends on (fazhi.core.rollups): of the located rows
    of these apps, or (None) of any app."""
    return [rollups.subtree_tag(p, app) for app in apps for p in scope_paths(user, roles)]


def _tree() -> dict:
    """The roots, and the children of every unit split into branches: read once per version of
    the unit tree (org's rows are not located: any change of the tree is a write of org)."""
    def compute() -> dict:
        seg = PATH_SEGMENT + 1  # a path is its parent's and one segment more (fazhi.org.models)
        paths = list(Unit.objects.order_by("path").values_list("path", flat=True))
        children: dict[str | None, list[str]] = {}
        for path in paths:
            children.setdefault(path[:-seg] or None, []).append(path)

        def size(p: str) -> int:  # the units under p: sorted, a subtree's paths are consecutive
            return bisect.bisect_left(paths, p + "~") - bisect.bisect_right(paths, p)

        split = {p: kids for p, kids in children.items()
                 if p is not None and 2 <= len(kids) <= MAX_BRANCHES and size(p) >= MIN_UNITS}
        return {"roots": sorted(children.get(None, [])), "split": split}

    return rollups.cached(("org:branches",), compute, tags=[], apps=["org"])


def _children(node: Node, split: dict) -> list[Node] | None:
    kids = split.get(node.path) if node.whole else None
    if not kids:
        return None
    return [Node(node.path, whole=False), *(Node(k, whole=True) for k in kids)]


class _Sum:
    """The figure's cached parts, counted again where stale: a branch whose parts are all stale (or
    that has none) in one query grouped by its parts, which fills them too; else each stale part
    the same way, deeper."""

    def __init__(self, figure: Figure):
        self.figure = figure
        self.split = _tree()["split"]
        self.slots: dict[Node, rollups.Slot] = {}

    def slot(self, node: Node) -> rollups.Slot:
        if node not in self.slots:
            self.slots[node] = rollups.Slot((*self.figure.parts, node.key), tags=[node.tag(self.figure.located)],
                                            apps=self.figure.apps)
        return self.slots[node]

    def value(self, node: Node):
        figure = self.figure
        if self.slot(node).value is not None:
            return self.slot(node).value
        kids = _children(node, self.split)
        if kids is not None and any(self.slot(kid).value is not None for kid in kids):
            return self.slot(node).fill(figure.merge([self.value(kid) for kid in kids]))
        # Counted in one query, grouped by the node's parts when it has some (whose figures are kept
        # too, for the next write in one of them), else as a whole.
        groups = figure.count(node.q(figure.field), figure.by(len(kids[1].path) if kids else len(node.path)))
        for kid in kids or []:
            self.slot(kid).fill(figure.merge([groups[kid.path]] if kid.path in groups else []))
        return self.slot(node).fill(figure.merge(list(groups.values())))


def summed(figure: Figure, paths: Iterable[str]):
    """The figure over the subtrees `paths`, from the cached figures of their branches."""
    total = _Sum(figure)
    return figure.merge([total.value(Node(p, whole=True)) for p in tops(paths)])


def parts(figure: Figure, path: str) -> dict[str, object] | None:
    """The figure's part of each branch of the subtree at `path`, by the branch's path (the unit
    alone under `path` itself); None where the subtree is not split into branches."""
    total = _Sum(figure)
    kids = _children(Node(path, whole=True), total.split)
    if kids is None:
        return None
    total.value(Node(path, whole=True))  # what is stale counted, and its parts kept
    return {kid.path: total.value(kid) for kid in kids}


# --- where a written row lies ---------------------------------------------------------------

def unit_path_at(instance, chain: str) -> str | None:
    """The path of the unit at the end of `chain` ("unit", "assignment__unit") from the row:
    through the objects already loaded, then one query for the rest of the way."""
    obj = instance
    hops = chain.split("__")
    for i, hop in enumerate(hops):
        field = obj._meta.get_field(hop)
        if field.is_cached(obj):
            obj = getattr(obj, hop)
            if obj is None:
                return None
            continue
        pk = getattr(obj, field.attname)
        if pk is None:
            return None
        rest = "__".join([*hops[i + 1:], "path"])
        return field.related_model._base_manager.filter(pk=pk).values_list(rest, flat=True).first()
    return obj.path


def _at(chain: str, instance) -> list[str] | None:
    path = unit_path_at(instance, chain)
    return rollups.path_tags(path, instance._meta.app_label) if path else None


def locate_by_unit(model, chain: str) -> None:
    """Rows of `model` lie at the unit reached through `chain`, which never changes once the row
    is made: a write of one makes stale only the figures of that unit and its ancestors."""
    rollups.locate(model, partial(_at, chain))

"""What the apps above org add to units without org (or the unit page) importing them: a
filter of the unit lists (the unit list page and /api/units/) and a panel of the unit page.

An app registers from its AppConfig.ready(); a filter gives its choices and the rows it keeps
as a Q on Unit (a subquery, so a filtered list costs no more queries); a panel gives a
template and its context for one unit and one viewer, or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class UnitFilter:
    name: str
    label: object
    choices: Callable[[], list[tuple[str, str]]]
    q: Callable[[str], Q]


@dataclass(frozen=True)
class UnitPanel:
    key: str
    order: int
    build: Callable  # (user, unit) -> {"template": str, "context": dict} | None


_FILTERS: dict[str, UnitFilter] = {}
_PANELS: dict[str, UnitPanel] = {}


def register_unit_filter(spec: UnitFilter) -> None:
    _FILTERS[spec.name] = spec


def register_unit_panel(spec: UnitPanel) -> None:
    _PANELS[spec.key] = spec


def unit_filters() -> list[UnitFilter]:
    return list(_FILTERS.values())


def apply_unit_filters(qs, values: dict):
    """Keep the units matching every registered filter given a value in `values`."""
    for spec in _FILTERS.values():
        value = values.get(spec.name)
        if value:
            qs = qs.filter(spec.q(str(value)))
    return qs


def unit_panels(user, unit) -> list[dict]:
    out = []
    for spec in sorted(_PANELS.values(), key=lambda s: s.order):
        built = spec.build(user, unit)
        if built:
            out.append(built)
    return out

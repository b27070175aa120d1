"""What the apps above org add to units without org (or the unit page) importing them: a
filter of the unit lists (the unit list page and /api/units/) and a panel of the unit page.

An app registers from its AppConfig.ready(); a filter gives its choices and the rows it keeps
as a Q on Unit (a subquery, so a filtered list costs no more queries), and may give the column
the unit list shows beside it (an expression on Unit, also a subquery); a panel gives a
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
    # The value shown in the unit list's column for this filter (None: no column).
    column: Callable[[], object] | None = None


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


def with_unit_columns(qs):
    """Annotate each unit with the columns the filters give, as `column_<name>`."""
    return qs.annotate(**{f"column_{spec.name}": spec.column() for spec in _FILTERS.values() if spec.column})


def unit_columns(unit) -> list:
    """The unit's values of those columns, in the filters' order (after with_unit_columns)."""
    return [getattr(unit, f"column_{spec.name}", None) for spec in _FILTERS.values() if spec.column]


def unit_column_labels() -> list:
    return [spec.label for spec in _FILTERS.values() if spec.column]


def unit_panels(user, unit) -> list[dict]:
    out = []
    for spec in sorted(_PANELS.values(), key=lambda s: s.order):
        built = spec.build(user, unit)
        if built:
            out.append(built)
    return out

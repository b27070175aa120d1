"""Which units a per-child quota (「各县（市、区）重点培养1个…」) counts for.

A plan that gives each subordinate unit of an administration its own number means the
administrations below it (the county bureaus under a city commission), not the commission's
own 科室, its service windows or the institutions it runs directly: those are part of the
commission, not jurisdictions. Only when an administration has no administration below it
(or the scope is not an administration) does every direct child count, 科室 excepted.
The assessment's quota checks and the campaign page's quota card both ask this function.
"""

from __future__ import annotations

from collections.abc import Iterable

from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit


def counted_children(base: Unit, children: Iterable[Unit]) -> list[Unit]:
    """The direct children of `base` that a per-child quota on `base` counts, in the given order."""
    children = list(children)
    if base.kind == UnitKind.ADMIN_DEPT:
        administrations = [c for c in children if c.kind == UnitKind.ADMIN_DEPT]
        if administrations:
            return administrations
    return [c for c in children if c.kind != UnitKind.OFFICE]

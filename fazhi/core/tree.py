"""The one rule of the unit tree's paths: a unit's subtree is every row whose path starts with
the unit's path. Pure and without units, so that core and audit can filter by it; org's
scoping function (fazhi.org.scoping) builds on it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def subtree_q(paths: str | Iterable[str], field: str) -> Q:
    """Q for rows whose path (at `field`) lies in the subtree of any of the given paths."""
    if isinstance(paths, str):
        paths = [paths]
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q

"""Reads of units and people: scoped querysets with their joins done here (views stay thin)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from fazhi.core.tree import subtree_q

from .choices import Role
from .extensions import apply_unit_filters, with_unit_columns
from .models import Grant, Person
from .scoping import is_unrestricted, visible_units

OFFICE = [Role.OFFICE]


def office_units(user):
    """Units on which the user may manage units and people (office grant subtrees)."""
    return visible_units(user, roles=OFFICE)


def is_office(user) -> bool:
    return is_unrestricted(user) or office_units(user).exists()


def unit_list(*, actor, filters: dict):
    qs = visible_units(actor).select_related("parent").annotate(people_count=Count("people", distinct=True))
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(short_name__icontains=filters["q"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("under"):
        qs = qs.filter(subtree_q(filters["under"].path, "path"))
    qs = with_unit_columns(apply_unit_filters(qs, filters))
    return qs.order_by(*{"name": ["name"], "kind": ["kind", "path"]}.get(filters.get("sort"), ["path"]))


def person_list(*, actor, filters: dict):
    qs = (Person.objects.visible_to(actor).select_related("unit", "user")
          .prefetch_related(Prefetch("grants", queryset=Grant.objects.select_related("unit"))))
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(name__icontains=q) | Q(user__username__icontains=q) | Q(phone__icontains=q))
    if filters.get("unit"):
        qs = qs.filter(subtree_q(filters["unit"].path, "unit__path"))
    if filters.get("role"):
        qs = qs.filter(grants__role=filters["role"]).distinct()
    return qs.order_by(*{"name": ["name"], "username": ["user__username"]}.get(filters.get("sort"), ["unit__path", "name"]))

"""The one scoping function: what a person may see is the union of the subtrees of the
units on which they hold a grant. Every selector filters through `scope`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fazhi.core.messages import NOT_FOUND  # noqa: F401  re-exported: the answer of `access`
from fazhi.core.tree import subtree_q


NO_PERMISSION = _("您没有在该单位办理此事项的权限。")


def grants_of(user) -> list:
    """The user's grants, loaded once per request (cached on the user object of that request)."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_fazhi_grants", None)
    if cached is None:
        from .models import Grant, Person

        # Sorted here, not by the database: Grant's default ordering (person, role) joins and sorts
        # on every request, and compiling it cost more than the query (0.3 ms of each request). One
        # person per user, so (role, unit path) is that ordering, with its ties broken.
        cached = sorted(Grant.objects.filter(person__user=user).select_related("unit", "person__unit").order_by(),
                        key=lambda g: (g.role, g.unit.path))
        user._fazhi_grants = cached
        if cached:
            # Every grant's person is the user's own: the top bar and the workbench read
            # `user.person`, which would otherwise be a query of its own on every page.
            Person._meta.get_field("user").remote_field.set_cached_value(user, cached[0].person)
    return cached


def granted_paths(user, roles: Iterable[str] | None = None) -> list[str]:
    roles = set(roles) if roles else None
    return [g.unit.path for g in grants_of(user) if roles is None or g.role in roles]


def is_unrestricted(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def path_q(paths: Iterable[str], field: str) -> Q:
    """Q for rows whose unit path (at `field`) lies in any of the given subtrees (fazhi.core.tree)."""
    return subtree_q(list(paths), field)


def scope(qs: QuerySet, user, *, path_field: str = "unit__path", roles: Iterable[str] | None = None) -> QuerySet:
    """Restrict a queryset to what the user may see: the scoping function every read uses."""
    if is_unrestricted(user):
        return qs
    paths = granted_paths(user, roles)
    if not paths:
        return qs.none()
    return qs.filter(path_q(paths, path_field))


def scope_key(user) -> str:
    """Who looks, as far as a cached roll-up is concerned (fazhi.core.rollups): their grants
    (role and subtree), which decide what `scope` lets them count."""
    import hashlib

    if is_unrestricted(user):
        return "all"
    grants = sorted(f"{g.role}:{g.unit.path}" for g in grants_of(user))
    return hashlib.sha256("|".join(grants).encode()).hexdigest()[:16]


def office_paths(user) -> list[str] | None:
    """The subtrees the user keeps as the office, for the audit log; None for an administrator."""
    from .choices import Role

    return None if is_unrestricted(user) else granted_paths(user, [Role.OFFICE])


def has_role(user, roles: Iterable[str], unit) -> bool:
    """Whether the user holds one of the roles on the unit or on one of its ancestors."""
    if is_unrestricted(user):
        return True
    return any(unit.path.startswith(p) for p in granted_paths(user, roles))


def units_outside_role(user, roles: Iterable[str], unit_ids: Iterable[int]) -> set[int]:
    """The ids among `unit_ids` on which the user does not hold one of the roles (on the unit or
    above it), read from the database in one query per 20,000 ids: a bulk write checks its whole
    set of units at once rather than unit by unit. Ids of no unit count as outside."""
    from .models import Unit

    ids = list(dict.fromkeys(unit_ids))
    if is_unrestricted(user):
        inside: set[int] = set()
        for start in range(0, len(ids), 20000):
            inside.update(Unit.objects.filter(pk__in=ids[start:start + 20000]).values_list("pk", flat=True))
        return set(ids) - inside
    paths = granted_paths(user, roles)
    if not paths:
        return set(ids)
    inside = set()
    for start in range(0, len(ids), 20000):
        inside.update(Unit.objects.filter(path_q(paths, "path"), pk__in=ids[start:start + 20000])
                      .values_list("pk", flat=True))
    return set(ids) - inside


def require_role(user, roles: Iterable[str], unit, message=NO_PERMISSION) -> None:
    """Raise PermissionDenied (with a message for the user) unless has_role."""
    if not has_role(user, roles, unit):
        raise PermissionDenied(message)


def access(qs: QuerySet, pk) -> object:
    """One object out of an already scoped queryset: the same 404 whether missing or out of scope."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


class ScopedQuerySet(QuerySet):
    """Adds `.visible_to(user)` to a model that declares `scope_path` (e.g. "unit__path")."""

    def visible_to(self, user, roles: Iterable[str] | None = None) -> QuerySet:
        return scope(self, user, path_field=self.model.scope_path, roles=roles)


def visible_units(user, roles: Iterable[str] | None = None) -> QuerySet:
    from .models import Unit

    return scope(Unit.objects.all(), user, path_field="path", roles=roles)


def calendar_office_unit(actor):
    """The top-level unit on which the actor holds the office role (None for an administrator):
    who keeps the installation's holiday table (fazhi.core.services). PermissionDenied otherwise."""
    from fazhi.core.services import NOT_CALENDAR_OFFICE

    from .choices import Role

    tops = [g.unit for g in grants_of(actor) if g.role == Role.OFFICE and g.unit.parent_id is None]
    if tops:
        return tops[0]
    if is_unrestricted(actor):
        return None
    raise PermissionDenied(NOT_CALENDAR_OFFICE)


def ancestor_or_subtree_q(user, field: str = "unit__path") -> Q:
    """Rows on a unit in the user's subtrees or above them: what a higher level sets (a city's
    rubric, round or indicator) applies to the units below it, which may read it."""
    if is_unrestricted(user):
        return ~Q(pk__in=[])
    paths = granted_paths(user)
    ancestors = {p[:i + 1] for p in paths for i, ch in enumerate(p) if ch == "/"}
    return path_q(paths, field) | Q(**{f"{field}__in": ancestors})

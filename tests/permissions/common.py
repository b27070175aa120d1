"""The world, the probes and the check of the permission suite (see tests/permissions/__init__.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.conftest import rows_kept_for_the_module, session_of, signed_in
from tests.factories import PersonFactory, UnitFactory, person_with_role

OK, DENIED, HIDDEN, INVALID, LOGIN, NOT_ALLOWED = "ok", "denied", "hidden", "invalid", "login", "not allowed"
TARGETS = ("own", "sibling", "foreign")  # the hospitals of 泽州县, 高平市 and 长治县
ACTORS = (*Role.values, "county office", "no grant", "anonymous")
# Where each actor holds its role: "city" covers own and sibling, "county" own only.
GRANTED_AT = {**{role: "city" for role in Role.values}, Role.LIAISON: "county", "county office": "county"}
ROLE_OF = {**{role: role for role in Role.values}, "county office": Role.OFFICE}
COVERS = {"city": {"own", "sibling"}, "county": {"own"}}


@dataclass
class World:
    city: Unit
    counties: dict  # target -> county
    hospitals: dict  # target -> hospital (the unit a target's objects belong to)
    users: dict  # actor -> User (None for anonymous)
    makers: dict  # target -> an office user over it (not an actor), to build objects with the services
    objects: dict = field(default_factory=dict)  # (resource name, target) -> object
    sessions: dict = field(default_factory=dict)  # actor -> its signed-in session's key
    # (session key, URL) -> (status, body, Location) of a list: the same for each of an actor's three targets,
    # as the module's rows are the same for every case (each case's writes are rolled back).
    listings: dict = field(default_factory=dict)

    def listing(self, client, url: str) -> tuple[int, str, str]:
        """The list at `url` as `client`'s actor sees it, fetched once per actor."""
        key = (getattr(client.cookies.get(settings.SESSION_COOKIE_NAME), "value", None), url)
        if key not in self.listings:
            response = client.get(url)
            self.listings[key] = (response.status_code, response.content.decode(), response.get("Location", ""))
        return self.listings[key]


def make_world() -> World:
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other_city = UnitFactory(name="长治市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    other_county = UnitFactory(name="长治县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=other_city)
    counties = {"own": zezhou, "sibling": gaoping, "foreign": other_county}
    hospitals = {t: UnitFactory(name=f"{c.name[:3]}人民医院", kind=UnitKind.INSTITUTION, parent=c) for t, c in counties.items()}
    users = {}
    for actor in ACTORS:
        if actor == "anonymous":
            users[actor] = None
        elif actor == "no grant":
            users[actor] = PersonFactory(unit=zezhou, user__username="perm-nogrant").user
        else:
            unit = city if GRANTED_AT[actor] == "city" else zezhou
            users[actor] = person_with_role(ROLE_OF[actor], unit, f"perm-{actor.replace(' ', '-')}").user
    makers = {"own": users[Role.OFFICE], "sibling": users[Role.OFFICE],
              "foreign": person_with_role(Role.OFFICE, other_city, "perm-maker-foreign").user}
    return World(city=city, counties=counties, hospitals=hospitals, users=users, makers=makers,
                 sessions={actor: session_of(user) for actor, user in users.items() if user is not None})


@pytest.fixture(scope="module")
def perm_world(request, django_db_setup, django_db_blocker):
    """The world and one object per target of every resource in the module's RESOURCES, made
    once per module inside a transaction rolled back after it; each test runs in a savepoint."""
    def make():
        world = make_world()
        for resource in getattr(request.module, "RESOURCES", []):
            for target in TARGETS:
                world.objects[resource.name, target] = resource.make(world, target)
        return world

    yield from rows_kept_for_the_module(django_db_blocker, make)


# --- probes ------------------------------------------------------------------------------

@dataclass
class Seen:
    statuses: list
    listed: bool | None = None
    location: str = ""


@dataclass
class Probe:
    """One way to touch a resource: `send(client, obj, world, unit)` returns a Seen;
    `written(world, obj, unit)` says whether a write landed (None for reads)."""

    channel: str  # "page" or "api"
    op: str  # "read" or a write's name
    send: Callable
    written: Callable | None = None
    list_only: bool = False  # a list page and no detail: hidden means absent from a page that answers 200


def _seen(*responses, listed=None) -> Seen:
    for r in responses:
        if getattr(r, "streaming", False):
            b"".join(r.streaming_content)
    return Seen([r.status_code for r in responses], listed, responses[0].get("Location", "") or "")


def page_read(url_name: str, list_url_name: str | None = None, arg=lambda obj: obj.pk) -> Probe:
    """GET the object's page (and find its link in the list page, when there is one)."""
    def send(client, obj, world, unit):
        detail_url = reverse(url_name, args=[arg(obj)])
        detail = client.get(detail_url)
        if not list_url_name:
            return _seen(detail)
        status, body, _location = world.listing(client, reverse(list_url_name))
        listed = detail_url in body if status == 200 else None
        return _seen(detail, listed=listed)
    return Probe("page", "read", send)


def page_list(list_url_name: str, marker: Callable) -> Probe:
    """GET a list page with no detail page behind it; `marker(obj)` is the text that shows the row."""
    def send(client, obj, world, unit):
        status, body, location = world.listing(client, reverse(list_url_name))
        listed = marker(obj) in body if status == 200 else None
        return Seen([status], listed, location)
    return Probe("page", "read", send, list_only=True)


def api_read(resource: str, list_filter: str = "") -> Probe:
    """GET /api/<resource>/<pk>/, and look for the object in /api/<resource>/."""
    def send(client, obj, world, unit):
        detail = client.get(f"/api/{resource}/{obj.pk}/")
        status, body, _location = world.listing(client, f"/api/{resource}/?page_size=500{list_filter}")
        listed = any(r["id"] == obj.pk for r in json.loads(body)["results"]) if status == 200 else None
        return _seen(detail, listed=listed)
    return Probe("api", "read", send)


def api_create(resource: str, body: Callable, written: Callable, op: str = "create") -> Probe:
    """POST /api/<resource>/ with `body(world, obj, unit)`: a new object under the target's unit
    (or beside the target's object); `written(world, obj, unit)`."""
    def send(client, obj, world, unit):
        return _seen(client.post(f"/api/{resource}/", body(world, obj, unit), format="json"))
    return Probe("api", op, send, written=written)


def api_action(path: Callable, body: Callable, written: Callable, op: str) -> Probe:
    """POST to an action of the object, `path(obj)` (e.g. f"/api/problems/{obj.pk}/close/")."""
    def send(client, obj, world, unit):
        return _seen(client.post(path(obj), body(world, obj, unit), format="json"))
    return Probe("api", op, send, written=written)


def page_post(url: Callable, data: Callable, written: Callable, op: str) -> Probe:
    """POST a form: `url(obj, unit)`, `data(world, obj, unit)`."""
    def send(client, obj, world, unit):
        return _seen(client.post(url(obj, unit), data(world, obj, unit)))
    return Probe("page", op, send, written=written)


# --- resources and their policy ------------------------------------------------------------

@dataclass
class Resource:
    name: str
    make: Callable  # (world, target) -> the object of the target's hospital (world.hospitals[target])
    probes: list
    readers: set = field(default_factory=lambda: set(Role.values))
    writers: set = field(default_factory=lambda: {Role.OFFICE})
    # Roles let into the resource at all (None: everyone signed in); anyone else meets 403 everywhere.
    gate: set | None = None
    # (actor, channel, op, target) -> outcome, where a channel departs from the policy; say why.
    deviations: dict = field(default_factory=dict)


def expected(resource: Resource, probe: Probe, actor: str, target: str) -> str:
    key = (actor, probe.channel, probe.op, target)
    if key in resource.deviations:
        return resource.deviations[key]
    if actor == "anonymous":
        return LOGIN
    role = ROLE_OF.get(actor)
    if resource.gate is not None and role not in resource.gate:
        return DENIED
    visible = role is not None and target in COVERS[GRANTED_AT[actor]] and role in resource.readers
    if not visible:
        return HIDDEN
    if probe.op == "read":
        return OK
    return OK if role in resource.writers else DENIED


@dataclass
class Case:
    resource: Resource
    probe: Probe
    actor: str
    target: str

    @property
    def id(self) -> str:
        return f"{self.resource.name}-{self.probe.channel}-{self.probe.op}-{self.actor.replace(' ', '_')}-{self.target}"


def permission_cases(resources: list) -> list[Case]:
    return [Case(r, p, a, t) for r in resources for p in r.probes for a in ACTORS for t in TARGETS]


def check_case(world: World, case: Case) -> None:
    client = (Client if case.probe.channel == "page" else APIClient)()
    if world.users[case.actor] is not None:
        signed_in(client, world.sessions[case.actor])
    obj = world.objects[case.resource.name, case.target]
    unit = world.hospitals[case.target]
    seen = case.probe.send(client, obj, world, unit)
    written = bool(case.probe.written(world, obj, unit)) if case.probe.written else False
    outcome = expected(case.resource, case.probe, case.actor, case.target)
    try:
        _check(outcome, case.probe, seen, written)
    except AssertionError:
        raise AssertionError(f"{case.id}: expected {outcome}, saw {seen}, written={written}") from None


def _check(outcome: str, probe: Probe, seen: Seen, written: bool) -> None:
    login = resolve_url(settings.LOGIN_URL)
    if outcome == OK:
        if probe.op == "read":
            assert set(seen.statuses) == {200} and seen.listed in ((True,) if probe.list_only else (True, None))
        else:
            assert seen.statuses[0] in (200, 201, 204, 302) and written
            assert not seen.location.startswith(login)
    elif outcome == DENIED:
        assert seen.statuses[0] == 403 and set(seen.statuses) <= {403, 404} and not written
    elif outcome == HIDDEN and probe.list_only:
        assert seen.listed is False and not written
    elif outcome == HIDDEN:
        assert set(seen.statuses) == {404} and not written
        assert seen.listed in (False, None)
    elif outcome == NOT_ALLOWED:
        assert set(seen.statuses) == {405} and not written
    elif outcome == INVALID:
        assert seen.statuses[0] == 400 and not written
    elif outcome == LOGIN:
        if probe.channel == "page":
            assert set(seen.statuses) == {302} and seen.location.startswith(login)
        else:
            assert set(seen.statuses) <= {401, 403}
        assert not written
    else:  # pragma: no cover
        raise AssertionError(f"unknown outcome {outcome}")

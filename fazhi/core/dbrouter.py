"""Reads that may go to a read replica (PostgreSQL streaming replication), when one is configured.

With `DATABASE_REPLICA_URL` set, settings add the database alias "replica". Nothing is routed
there by default: a view says that its reads may lag the primary by a moment (a dashboard, an
export) with `replica_reads()` (a context manager) or `@replica_view` (a decorator), or by being
named in REPLICA_VIEWS, which ReplicaReadsMiddleware applies. Inside such a block:

- reads of the product's own models go to the replica; sessions, accounts, two-factor devices
  and lock-out records always to the primary (a login must be seen by the very next request);
- once anything is written, every later read of the block goes to the primary (a write followed
  by a read sees its write), as does every read inside a transaction on the primary;
- writes always go to the primary.

Without the variable there is no "replica" alias and the router changes nothing.
"""

from __future__ import annotations

import contextvars
import functools
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# Views whose reads may go to the replica: the home dashboard and the read-only Excel exports.
REPLICA_VIEWS = frozenset({
    "home",
    "campaigns:assignments_export",
    "ledger:export",
    "intake:export",
    "assessment:results_export",
    "assessment:rubric_export",
    "learning:figures_export",
})


@dataclass
class _Reads:
    wrote: bool = False


_block: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("fazhi_replica_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads():
    """Reads of the product's models inside this block may go to the replica (until a write)."""
    token = _block.set(_Reads())
    try:
        yield
    finally:
        _block.reset(token)


def _streamed(content):
    with replica_reads():
        yield from content


def under_replica(response):
    """A streamed response reads while it is sent, after the view returned: its rows too."""
    if getattr(response, "streaming", False):
        response.streaming_content = _streamed(response.streaming_content)
    return response


def replica_view(view):
    """Decorator: this view's reads may go to the replica."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            response = view(request, *args, **kwargs)
        return under_replica(response)
    return wrapped


class ReplicaReadsMiddleware:
    """Runs the views named in REPLICA_VIEWS under `replica_reads()`; a no-op without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, args, kwargs):
        match = getattr(request, "resolver_match", None)
        if not replica_configured() or match is None or match.view_name not in REPLICA_VIEWS:
            return None
        # The session and the account are read now, on the primary, before the view runs.
        getattr(getattr(request, "user", None), "pk", None)
        return replica_view(view_func)(request, *args, **kwargs)


class ReplicaRouter:
    """Listed in DATABASE_ROUTERS; see the module's docstring."""

    def db_for_read(self, model, **hints):
        block = _block.get()
        if block is None or block.wrote or not replica_configured():
            return None
        if not model.__module__.startswith("fazhi."):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        block = _block.get()
        if block is not None:
            block.wrote = True
        # Explicitly the primary: an object read from the replica is saved to the primary.
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # The replica receives its schema from the primary, by replication.
        return False if db == REPLICA else None

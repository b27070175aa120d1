"""Cached roll-ups: the dashboard's figures, the campaign pages' colours and progress.

At province scale these read hundreds of thousands of rows; they are computed once and kept in
Django's cache (a folder shared by the server's workers, see settings.CACHES), keyed by who looks
(`fazhi.org.scoping.scope_key`: their grants decide what they may count) and by what the caller
says the figures depend on (the unit, the year, the language, the day: overdue work moves with
the calendar). Every key also carries a version number that any write to the data the figures read
bumps: a service write always leaves an audit row, and a plain save or delete of a row of one of
the apps below is caught too. A stale roll-up is never served; an unchanged one is never recomputed.
"""

from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "reports:rollup-version"
TIMEOUT = 15 * 60
# The apps whose rows the dashboard counts (and the audit log every service write appends to), and
# core's statutory calendar, by which every deadline's colour is counted.
WATCHED = {"core", "org", "campaigns", "assessment", "ledger", "intake", "learning", "enforcement", "indicators", "reports",
           "audit", "notices"}


# Inside `one_bump()`: whether a write happened since the version was last bumped.
_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rollup_writes_pending", default=None)


@contextmanager
def one_bump():
    """Writes in bulk (loading the demo: some nine thousand rows) bump the version once, before
    the next read of it and at the end, instead of once per row: each bump is a round trip to
    the cache (a file read and written with the file cache), a third of the demo's loading time.
    What this process reads is never stale; another process may see the old version until the
    block ends."""
    pending = {"writes": False}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        if pending["writes"]:
            bump()


def version() -> int:
    pending = _pending.get()
    if pending is not None and pending["writes"]:
        pending["writes"] = False
        bump()
    value = cache.get(VERSION_KEY)
    if value is None:
        # Not set yet, or thrown away by the cache when full: started again from the clock (in
        # milliseconds), not from 1, so that it cannot meet again a version whose roll-ups are
        # still in the cache (that would take more than a write per millisecond since the start).
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        value = cache.get(VERSION_KEY) or time.time_ns() // 1_000_000
    return int(value)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from every key made so far
        cache.set(VERSION_KEY, version() + 1, timeout=None)


def _bump_after_commit() -> None:
    bump()


def _on_write(sender, **kwargs) -> None:
    if sender._meta.app_label not in WATCHED:
        return
    pending = _pending.get()
    if pending is not None:  # inside one_bump(): bumped before the next read and at the end
        pending["writes"] = True
        return
    bump()
    # Again once the write is committed: a roll-up computed by another request between the first
    # bump and the commit could not see the write yet, and was kept under the new version. Once
    # per transaction, not once per row it saves.
    conn = transaction.get_connection()
    if conn.in_atomic_block and not any(entry[1] is _bump_after_commit for entry in conn.run_on_commit):
        transaction.on_commit(_bump_after_commit, robust=True)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="core.rollups.save")
    post_delete.connect(_on_write, dispatch_uid="core.rollups.delete")


def cached(parts: tuple, compute):
    """compute() once per version and key; the value must pickle (plain dicts and lists)."""
    key = "reports:rollup:" + ":".join(str(p) for p in (version(),) + parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value

"""Cached roll-ups: the dashboard's figures, the campaign pages' colours and progress.

At province scale these read hundreds of thousands of rows; they are computed once and kept in
Django's cache (a folder shared by the server's workers, see settings.CACHES), keyed by who looks
(`fazhi.org.scoping.scope_key`: their grants decide what they may count) and by what the caller
says the figures depend on (the unit, the year, the language, the day: overdue work moves with
the calendar). A stale roll-up is never served; an unchanged one is never recomputed.

Every key carries version numbers that writes bump, by what the write touched:
- a row of a *located* model (`locate()`: rows every reader finds by one unit's path) bumps the
  tags of where it lies: "path:<p>" for its unit's path and each ancestor's (a figure over a
  subtree depends on the tag of the subtree's path), "unit:<p>" for the unit itself, the same
  again for its app alone ("campaigns|path:<p>"), "user:<pk>" for one person's messages, and "*"
  (what a figure depends on when it does not say);
- any other row bumps its app's tag ("app:campaigns") and "app:*";
- `bump()`, the global version: everything is stale. Writes that send no signal (bulk_create,
  update) call it, as does the end of `one_bump()`.
A figure says which tags and apps it reads (`cached(tags=, apps=)`). A progress report in one
county thus leaves standing the figures of every other county, and the parts of the province's
figures that lie elsewhere (fazhi.org.branches); an appeal answered leaves the assignments' figures.
"""

from __future__ import annotations

import contextvars
import hashlib
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "reports:rollup-version"
TAG_KEY = "reports:rollup-tag:"
ANY = "*"  # the tag every located write bumps
APP_TAG = "app:"  # + an app's label: the tag every write of that app's rows not located bumps
ALL_APPS = "app:*"  # the tag every write not located bumps
TIMEOUT = 15 * 60
# The apps whose rows the dashboard counts (and the audit log every service write appends to), and
# core's statutory calendar, by which every deadline's colour is counted.
WATCHED = {"core", "org", "campaigns", "assessment", "ledger", "intake", "learning", "enforcement", "indicators", "reports",
           "audit", "notices"}

# model -> fn(instance) -> the tags of where the row lies, or None when it cannot say (then global)
_LOCATORS: dict = {}

# Inside `one_bump()`: whether a write happened since the version was last bumped.
_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rollup_writes_pending", default=None)


def locate(model, fn) -> None:
    """Declare where the rows of `model` lie: fn(instance) returns their tags (`path_tags`,
    `user_tag`), or None to fall back on the global version. Only for a model every reader
    finds by that place alone (its scope path, one that never changes once the row is made)."""
    _LOCATORS[model] = fn


def path_tags(path: str, app: str | None = None) -> list[str]:
    """The tags a write at a unit of this path bumps: the subtree of every ancestor and its own,
    and the unit itself (paths are "00000001/00000007/": each ancestor's is a prefix); each both
    for any app and for the app of the row written (`app`), for figures of that app alone."""
    cuts = [i + 1 for i, ch in enumerate(path) if ch == "/"]
    apps = [None, app] if app else [None]
    return [tag for a in apps for tag in [*(subtree_tag(path[:i], a) for i in cuts), unit_tag(path, a)]]


def subtree_tag(path: str, app: str | None = None) -> str:
    """A figure over the subtree at `path` (of the rows of `app`, or of any app)."""
    return f"{app}|path:{path}" if app else "path:" + path


def unit_tag(path: str, app: str | None = None) -> str:
    return f"{app}|unit:{path}" if app else "unit:" + path


def user_tag(user_id) -> str:
    return f"user:{user_id}"


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


def _fresh() -> int:
    # Started from the clock (in milliseconds), not from 1: a counter thrown away by the cache
    # when full must not meet again a version whose roll-ups are still in the cache (that would
    # take more than a write per millisecond since the start).
    return time.time_ns() // 1_000_000


def _versions(keys: list[str]) -> list[int]:
    pending = _pending.get()
    if pending is not None and pending["writes"]:
        pending["writes"] = False
        bump()
    memo = _request_memo.get()
    known = memo if memo is not None else {}
    missing = [k for k in keys if k not in known]
    found = cache.get_many(missing) if missing else {}
    out = []
    for key in keys:
        value = known.get(key, found.get(key))
        if value is None:  # not set yet, or thrown away by the cache when full
            cache.add(key, _fresh(), timeout=None)
            value = cache.get(key) or _fresh()
        if memo is not None:
            memo[key] = value
        out.append(int(value))
    return out


# The versions read during one request (`VersionsPerRequest`): the workbench reads the same few
# versions some hundred times (once per branch of each figure), each a file read with the file
# cache. A request's figures are those of the moment it read them first, as if it had been served
# that moment; a write in the same process forgets what it bumps.
_request_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rollup_versions", default=None)


class VersionsPerRequest:
    """Middleware: each request reads each roll-up version from the cache once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def version() -> int:
    return _versions([VERSION_KEY])[0]


def _incr(key: str, create: bool = True) -> None:
    memo = _request_memo.get()
    if memo is not None:
        memo.pop(key, None)
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any new value differs from every key made so far
        # A tag nobody has read yet is left unset (a unit's own tag: thousands of them): the first
        # reader sets it from the clock, which is past any version a figure was kept under.
        if create:
            cache.set(key, max(_fresh(), _versions([key])[0] + 1), timeout=None)


def bump() -> None:
    """Everything cached is stale."""
    _incr(VERSION_KEY)
    _again_after_commit(None)


def bump_tags(tags: Iterable[str]) -> None:
    """A located write: what depends on these tags (and on no tag in particular) is stale."""
    _bump([*tags, ANY])


def bump_app(label: str) -> None:
    """A write of a row of this app that is not located: what reads the app's rows is stale."""
    _bump([APP_TAG + label, ALL_APPS])


def _bump(tags: list[str]) -> None:
    tags = list(dict.fromkeys(tags))
    _incr_tags(tags)
    _again_after_commit(tags)


def _incr_tags(tags: Iterable[str]) -> None:
    for tag in tags:
        _incr(TAG_KEY + tag, create=False)


class _AfterCommit:
    """The bumps of one transaction, made again once it commits: a roll-up computed by another
    request between the first bump and the commit could not see the write yet, and was kept under
    the new version. Registered once per transaction, not once per row it saves."""

    def __init__(self):
        self.all = False
        self.tags: set[str] = set()

    def __call__(self):
        if self.all:
            _incr(VERSION_KEY)
        _incr_tags(self.tags)


def _again_after_commit(tags: list[str] | None) -> None:
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        return
    pending = getattr(conn, "_fazhi_rollup_after_commit", None)
    if pending is None or not any(entry[1] is pending for entry in conn.run_on_commit):
        pending = conn._fazhi_rollup_after_commit = _AfterCommit()
        transaction.on_commit(pending, robust=True)
    if tags is None:
        pending.all = True
    else:
        pending.tags.update(tags)


def _on_write(sender, instance=None, **kwargs) -> None:
    if sender._meta.app_label not in WATCHED:
        return
    pending = _pending.get()
    if pending is not None:  # inside one_bump(): bumped before the next read and at the end
        pending["writes"] = True
        return
    # A row deleted is not located: its place may be gone with it (a cascade), and deletes are rare.
    locator = _LOCATORS.get(sender) if kwargs.get("signal") is post_save else None
    tags = locator(instance) if locator is not None else None
    if tags is None:
        bump_app(sender._meta.app_label)
    else:
        bump_tags(tags)


def _on_relations(sender, instance=None, action="", **kwargs) -> None:
    # A many-to-many change (an exam's candidates, an assessment's team) is not located.
    if action.startswith("post_") and instance._meta.app_label in WATCHED:
        _on_write(type(instance), instance=instance)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="core.rollups.save")
    post_delete.connect(_on_write, dispatch_uid="core.rollups.delete")
    m2m_changed.connect(_on_relations, dispatch_uid="core.rollups.relations")


class Slot:
    """A roll-up's place in the cache under the current versions: `value` is None when it must be
    computed (then `fill` keeps it)."""

    def __init__(self, parts: tuple, tags: Iterable[str] | None = None, apps: Iterable[str] | None = None):
        tags = [ANY] if tags is None else list(dict.fromkeys(tags))
        tags += [ALL_APPS] if apps is None else [APP_TAG + a for a in dict.fromkeys(apps)]
        versions = _versions([VERSION_KEY] + [TAG_KEY + t for t in tags])
        full = ":".join([str(versions[0]), *(f"{t}={v}" for t, v in zip(tags, versions[1:])), *(str(p) for p in parts)])
        # Hashed: tags and parts make keys longer than a cache server takes (250 characters).
        self.key = "reports:rollup:" + hashlib.sha256(full.encode()).hexdigest()
        self.value = cache.get(self.key)

    def fill(self, value):
        self.value = value
        cache.set(self.key, value, TIMEOUT)
        return value


def cached(parts: tuple, compute, tags: Iterable[str] | None = None, apps: Iterable[str] | None = None):
    """compute() once per version and key; the value must pickle (plain dicts and lists).

    `tags`: the located rows the figures read (fazhi.core.rollups): the subtrees they count
    (`subtree_tag`), a person's messages (`user_tag`); an empty list for none; left out, any.
    `apps`: the apps whose rows not located they read (the unit tree is org's, the calendar
    core's); left out, every app. `bump()` makes every figure stale whatever it says."""
    slot = Slot(parts, tags, apps)
    return slot.value if slot.value is not None else slot.fill(compute())

"""What every test shares.

Files: the run gets a temporary data folder, removed at its end. `FAZHI_DATA_DIR` points at it
(for any command or subprocess a test starts) and so do `DATA_DIR`, `MEDIA_ROOT` and
`STATIC_ROOT` (Django's settings are loaded before this module, so they are set here too);
each test's uploads and collected files go to its own `tmp_path`. Hypothesis keeps no example
database and its caches in the run's folder. Nothing is written under the user's home or the repository.

Time: every test runs with the clock at `TODAY_AT` (Wednesday 2 December 2026, 10:00 in
Beijing), running on from there, whatever the machine's date. `@pytest.mark.today("2027-01-04")`
(a date, or a date and time) starts a test on another day.

The demo: the `demo` fixture gives the demo of every app (`fazhi demo`), put in once per xdist
worker and held inside a transaction that stays open until the run ends; each test that
uses it runs in a savepoint inside it, as in Django's TestCase.setUpTestData, so its writes vanish
after it. The tests that use it run after all others (see pytest_collection_modifyitems): no
other test ever sees the demo rows. They cannot be transactional tests. A transactional test
(a live server's, the browser tests) takes `demo_site` instead: the same demo, committed, put back
from a copy (tests/snapshot.py) before each. The demo is loaded once per run: the first process
that needs it loads it and leaves a copy in the run's shared folder for the others.
Rows that many tests of one module share are made once with `rows_kept_for_the_module`.
"""

from __future__ import annotations

import atexit
import datetime as dt
import fcntl
import io
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

_RUN_DIR = Path(tempfile.mkdtemp(prefix="fazhi-tests-"))
atexit.register(shutil.rmtree, _RUN_DIR, ignore_errors=True)
os.environ["FAZHI_DATA_DIR"] = str(_RUN_DIR)

from django.conf import settings as _settings  # noqa: E402  (loaded already by pytest-django)

_settings.DATA_DIR = _RUN_DIR
_settings.MEDIA_ROOT = _RUN_DIR / "media"
_settings.STATIC_ROOT = _RUN_DIR / "static"
# One process's memory: each test worker has its own database, so roll-ups must not be shared.
# As many entries as the product's cache keeps (settings.CACHES): the roll-ups are kept per branch and
# per panel, and Django's default of 300 would throw the oldest third away in the middle of a test.
_settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                "OPTIONS": {"MAX_ENTRIES": 20_000}}}

try:
    from hypothesis import settings as _hypothesis
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(str(_RUN_DIR / "hypothesis"))  # its caches, otherwise .hypothesis/ in the repository
    _hypothesis.register_profile("fazhi", database=None)
    _hypothesis.load_profile("fazhi")
except ImportError:  # pragma: no cover
    pass

import time_machine  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 12, 2)
TODAY_AT = dt.datetime(2026, 12, 2, 10, 0, tzinfo=SHANGHAI)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """As it ends, pytest collects garbage five times over (to report unraisable exceptions), each
    time through every object the run left, some seconds in all at the very end of the run: one
    collection here does the work (and raises what there is to raise), the rest find the objects
    left frozen."""
    import gc

    gc.collect()
    gc.freeze()


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        from tests.migrated import drop_template

        drop_template(_RUN_DIR)
    shutil.rmtree(_RUN_DIR, ignore_errors=True)  # xdist workers may leave without running atexit


def _start_of(marker) -> dt.datetime:
    if marker is None:
        return TODAY_AT
    value = marker.args[0]
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    return dt.datetime.combine(value, dt.time(10, 0), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fixed_today(request):
    """The clock at the test's stated day; it moves on in real time from there."""
    with time_machine.travel(_start_of(request.node.get_closest_marker("today")), tick=True) as traveller:
        yield traveller


@pytest.fixture
def clock(_fixed_today):
    """The time-machine traveller of the running test: `clock.shift(dt.timedelta(minutes=31))`."""
    return _fixed_today


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Plain static storage (no manifest to build) and uploads in a temporary folder."""
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.LANGUAGE_CODE = "zh-hans"
    settings.PASSWORD_HASHERS = FAST_HASHERS  # speed only; tests
    # Cached roll-ups (fazhi.core.rollups) of a test's rows, rolled back since, must not be served
    # to the next test: its writes bump the version, but a test that only reads would not.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """After a transactional test Django empties every table (flush), on PostgreSQL with a TRUNCATE
    that takes half a second whatever the tables hold; here with DELETEs (tests/snapshot.py,
    `emptying`). Sequences are not reset, as with TRUNCATE without RESTART IDENTITY; a test that
    asks for them to be reset (or for a cascade) gets Django's own statements."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    from tests.snapshot import emptying

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return emptying(sorted(tables), using=self.connection)

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


# --- rows made once for many tests ------------------------------------------------------------

def rows_kept_for_the_module(django_db_blocker, build):
    """For a module-scoped fixture, as Django's TestCase.setUpTestData: `build()` runs once, at
    TODAY_AT with the fast hasher, inside a transaction that is rolled back after the module;
    each test (a `db` test, never a transactional one) runs in a savepoint inside it, so its
    writes vanish after it. Use: `yield from rows_kept_for_the_module(django_db_blocker, make)`."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(TODAY_AT, tick=True):
                built = build()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def session_of(user) -> str:
    """The key of a new signed-in session of `user` (as force_login makes it). Made once, with the
    rows a module's tests share, it signs in every client of those tests (`signed_in`) instead
    of a force_login for each, which writes a session and runs the login signals every time."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in(client, key: str):
    """`client` with the session `key` (from `session_of`)."""
    from django.conf import settings

    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


# --- the demo, once per run ------------------------------------------------------------------

@dataclass
class Demo:
    """What loading the demo gave: the platform's result, and per app module its result and output."""

    result: object
    media: Path
    loaded: dict = field(default_factory=dict)  # "fazhi.ledger.demo" -> (result, printed text)
    users: dict = field(default_factory=dict)  # demo user name -> User

    def __getitem__(self, username: str):
        return self.users[username]


def _load_the_demo(media: Path) -> Demo:
    """`fazhi demo`'s data, as on the run's day, its files under `media`."""
    from django.test import override_settings

    from fazhi.core.rollups import one_bump
    from fazhi.demo import app_demo_loaders, load_demo

    # one_bump: the cached roll-ups are invalidated once for the lot, as `fazhi demo` does (load_all).
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS), time_machine.travel(TODAY_AT, tick=True), \
            one_bump():
        out = io.StringIO()
        demo = Demo(result=load_demo(stdout=out), media=media)
        demo.loaded["fazhi.demo"] = (demo.result, out.getvalue())
        for loader in app_demo_loaders():
            out = io.StringIO()
            demo.loaded[loader.__module__] = (loader(stdout=out), out.getvalue())
    return demo


# This process's committed copy of the demo (tests/snapshot.py), made by the first test that
# wants the demo: (the Demo, its Snapshot).
_COMMITTED_DEMO: list = []


def _shared_dir(config) -> Path:
    """The folder the run's test processes share: the controller's run folder under xdist."""
    workerinput = getattr(config, "workerinput", None) or {}
    return Path(workerinput.get("fazhi_shared", _RUN_DIR))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, pytestconfig):
    """Under xdist, the test database is migrated by the first worker only (tests/migrated.py)."""
    if not hasattr(pytestconfig, "workerinput"):
        return
    from django.db import connection

    from tests.migrated import create_test_db_once

    shared = _shared_dir(pytestconfig)
    connection.creation.create_test_db = create_test_db_once(connection.creation, shared, shared.name.rsplit("-", 1)[-1])


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist's controller: each worker is told the controller's run folder (removed at its end)."""
    node.workerinput["fazhi_shared"] = str(_RUN_DIR)


def _committed_demo(config, tmp_path_factory) -> Demo:
    """The demo, committed in this process's test database: put back from this process's copy, or
    else from the copy another process of the run left in the shared folder, or else loaded (13 s
    on SQLite, 23 s on PostgreSQL) and left there for the others. A lock makes the others wait for
    the copy instead of loading the demo too."""
    from tests.snapshot import Snapshot

    if _COMMITTED_DEMO:
        demo, snapshot = _COMMITTED_DEMO[0]
        snapshot.restore()
        return demo
    shared = _shared_dir(config)
    media = tmp_path_factory.mktemp("demo-site-media")
    with open(shared / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        copy, copy_media = shared / "demo.pickle", shared / "demo-media"
        if copy.exists():
            demo, data = pickle.loads(copy.read_bytes())
            snapshot = Snapshot.load(data)
            shutil.copytree(copy_media, media, dirs_exist_ok=True)
            demo.media = media
            snapshot.restore()
        else:
            demo = _load_the_demo(media)
            snapshot = Snapshot.take()
            shutil.copytree(media, copy_media)
            partial = copy.with_suffix(".partial")
            partial.write_bytes(pickle.dumps((demo, snapshot.dump())))
            partial.replace(copy)
    _COMMITTED_DEMO.append((demo, snapshot))
    return demo


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path_factory, pytestconfig):
    """The demo of every app, committed, for a transactional test (a live server's): put back from
    a copy before each test (a second instead of 13–23, see `_committed_demo`). The test's writes
    are emptied after it, as for every transactional test."""
    demo = _committed_demo(pytestconfig, tmp_path_factory)
    settings.MEDIA_ROOT = demo.media
    demo.users = _demo_users()
    return demo


def _demo_users() -> dict:
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(person__isnull=False)}


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker, tmp_path_factory, pytestconfig):
    """The demo for the tests that use `demo`, in a transaction that stays open until the run
    ends. The demo is put in committed first (`_committed_demo`), which no later test minds: these
    tests run last."""
    from django.db import transaction

    with django_db_blocker.unblock():
        demo = _committed_demo(pytestconfig, tmp_path_factory)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_session, db, settings):
    """The demo of every app (loaded once per run); this test's writes are rolled back after it.
    Returns a Demo whose `users` maps the demo accounts' user names to their users."""
    settings.MEDIA_ROOT = _demo_session.media
    _demo_session.users = _demo_users()
    return _demo_session


def pytest_collection_modifyitems(config, items):
    """The tests on the demo run last, so that the open transaction holding it wraps only them."""
    on_demo = [item for item in items if "_demo_session" in getattr(item, "fixturenames", ())]
    for item in on_demo:
        marker = item.get_closest_marker("django_db")
        if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            raise pytest.UsageError(f"{item.nodeid}: the shared demo cannot be used by a transactional test")
    others = [item for item in items if "_demo_session" not in getattr(item, "fixturenames", ())]
    # The long ones (@pytest.mark.heavy) are handed out while every worker is still busy, so that
    # they spread over the workers instead of leaving one to run them at the end while the rest
    # idle: first of all those that use no test database (the order of the others matters: a
    # transactional test's flush empties the rows the migrations made), first among the demo's.
    heavy = [item for item in others if item.get_closest_marker("heavy") and not _uses_db(item)]
    others = [item for item in others if item not in heavy]
    on_demo.sort(key=lambda item: item.get_closest_marker("heavy") is None)
    items[:] = heavy + _demo_loaded_while_others_run(others) + on_demo
    if hasattr(config, "workerinput"):
        _write_work_units(config, items)


def _demo_loaded_while_others_run(items: list) -> list:
    """The first module of transactional tests on the committed demo (`demo_site`), then the
    transactional tests without it, then the other demo modules: the worker that takes the first
    loads the demo (some 20 s on PostgreSQL) while the other runs the tests that need no demo,
    instead of waiting for it. Only transactional tests move, among themselves."""
    on_site = [item for item in items if "demo_site" in getattr(item, "fixturenames", ())]
    if not on_site:
        return items
    first_module = on_site[0].nodeid.split("::", 1)[0]
    first = [item for item in on_site if item.nodeid.startswith(first_module + "::")]
    later = on_site[len(first):]  # a module's tests are together
    without = [item for item in items if _is_transactional(item) and item not in on_site]
    moved = {id(item) for item in on_site + without}
    start = next(i for i, item in enumerate(items) if id(item) in moved)
    rest = [item for item in items if id(item) not in moved]
    return rest[:start] + first + without + later + rest[start:]


# --- handing the tests out to the workers ------------------------------------------------------
# xdist's default hands out runs of consecutive tests as they come: near the end one worker can be
# left with a long run of browser tests while the other has finished (a minute idle on PostgreSQL),
# and a module's tests split over both workers build the module's shared rows twice. Here a worker
# is given one unit at a time, in the order above, when it is nearly out of work: a module's tests
# of one kind (plain, transactional, without database, on the demo), or one long test alone. As
# units go out in order, a worker never runs a plain test after a transactional one, nor any test
# but the demo's after a demo test.

def _work_unit(item) -> str:
    if item.get_closest_marker("heavy"):
        return item.nodeid
    if "_demo_session" in getattr(item, "fixturenames", ()):
        kind = "demo"
    elif _is_transactional(item):
        kind = "transactional"
    else:
        kind = "db" if _uses_db(item) else "nodb"
    return f"{item.nodeid.split('::', 1)[0]}::<{kind}>"


def _write_work_units(config, items) -> None:
    """For the controller's scheduler, which sees test ids only: each test's unit (every worker
    collects the same tests and writes the same file, before the controller schedules)."""
    units = _shared_dir(config) / "work-units.json"
    partial = units.with_suffix(f".{os.getpid()}")
    partial.write_text(json.dumps({item.nodeid: _work_unit(item) for item in items}))
    partial.replace(units)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def __init__(self, config, log=None):
            super().__init__(config, log)
            config.option.loadscopereorder = False  # the units' order is the tests' order
            self.units = None

        def _split_scope(self, nodeid):
            if self.units is None:
                self.units = json.loads((_RUN_DIR / "work-units.json").read_text())
            return self.units[nodeid]

    return ByWorkUnit(config, log)



# --- connections left open -------------------------------------------------------------------

def other_sessions() -> list[str]:
    """The other backends connected to this worker's test database (PostgreSQL only): a
    connection that some thread or context opened and never closed. One left at the end keeps
    the test database from being dropped ("being accessed by other users")."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid, state, left(query, 80) FROM pg_stat_activity"
                       " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [" | ".join(map(str, row)) for row in cursor.fetchall()]


def other_sessions_after(seconds: float = 10.0) -> list[str]:
    """A thread closes its connection as it ends, a moment after the test: wait for it."""
    import time

    deadline = time.monotonic() + seconds
    while (left := other_sessions()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _uses_db(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    by_marker = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return by_marker or bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="session")
def _no_session_left_at_the_end(django_db_setup, django_db_blocker):
    """At the end of the run, before the test database is dropped: nothing else is connected to it."""
    yield
    with django_db_blocker.unblock():
        left = other_sessions_after()
    assert not left, f"connections to the test database still open at the end of the run: {left}"


@pytest.fixture(autouse=True)
def _no_connection_left_open(request):
    """After a transactional test (the ones that run threads or a live server, whose data other
    connections see), no other connection to the test database is open; at the end of the run,
    none at all (PostgreSQL)."""
    if not _uses_db(request.node):
        yield
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    request.getfixturevalue("_no_session_left_at_the_end")
    yield
    if _is_transactional(request.node):
        with request.getfixturevalue("django_db_blocker").unblock():
            left = other_sessions_after()
        assert not left, f"connections to the test database still open after the test: {left}"

"""The suite itself: a fixed today, temporary files only."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from fazhi.core.workdays import today as local_today
from tests.conftest import TODAY


def _inside(path, folder) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def test_the_data_folder_is_a_temporary_one():
    temp = tempfile.gettempdir()
    assert _inside(settings.DATA_DIR, temp) and os.environ["FAZHI_DATA_DIR"] == str(settings.DATA_DIR)
    assert not _inside(settings.DATA_DIR, Path.home()) or _inside(Path.home(), temp)


def test_uploads_land_in_the_tests_own_folder(tmp_path):
    name = default_storage.save("probe/file.txt", ContentFile(b"x"))
    assert (tmp_path / "media" / name).read_bytes() == b"x"


def test_today_is_the_stated_day_whatever_the_machine_says():
    assert local_today() == TODAY == timezone.localdate()
    assert dt.date.today() == TODAY


@pytest.mark.today("2030-03-01")
def test_a_test_may_state_another_day():
    assert local_today() == dt.date(2030, 3, 1)


def test_the_clock_runs_on_and_can_be_moved(clock):
    before = timezone.now()
    clock.shift(dt.timedelta(minutes=31))
    assert timezone.now() - before >= dt.timedelta(minutes=31)


@pytest.mark.django_db(transaction=True)
def test_a_connection_a_thread_leaves_open_is_seen():
    """The check run after every transactional test and at the end of the run (tests/conftest.py)
    sees a connection that another thread holds, and no longer once it is closed."""
    import threading

    from django.db import connection, connections

    from fazhi.org.models import Unit
    from tests.conftest import other_sessions, other_sessions_after

    if connection.vendor != "postgresql":
        pytest.skip("the check reads pg_stat_activity")
    opened, release = threading.Event(), threading.Event()

    def hold():
        try:
            Unit.objects.exists()  # this thread's own connection
            opened.set()
            release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert opened.wait(10)
        assert len(other_sessions()) == 1
    finally:
        release.set()
        thread.join()
    assert other_sessions_after(seconds=10) == []  # the server ends the backend a moment after

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

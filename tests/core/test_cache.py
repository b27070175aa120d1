"""The embedded cache (fazhi.core.cache) and the roll-up versions read once per request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.core import rollups
from fazhi.core.cache import CULL_EVERY, FileCache


def test_the_file_cache_looks_at_its_folder_once_every_hundred_writes_and_still_culls(tmp_path, monkeypatch):
    folder = FileCache(str(tmp_path / "cache"), {"OPTIONS": {"MAX_ENTRIES": 50}})
    listings = []
    real = FileCache._list_cache_files

    def counted(self):
        listings.append(1)
        return real(self)

    monkeypatch.setattr(FileCache, "_list_cache_files", counted)
    for n in range(3 * CULL_EVERY):
        folder.set(f"k{n}", n)
    assert 1 <= len(listings) <= 3 * 2  # Django's file cache lists it on every write: 300 times
    assert len(list((tmp_path / "cache").iterdir())) < 3 * CULL_EVERY  # and it was culled when over
    assert folder.get(f"k{3 * CULL_EVERY - 1}") == 3 * CULL_EVERY - 1


@pytest.mark.django_db
def test_a_request_reads_each_rollup_version_once(client, monkeypatch):
    from tests.org.helpers import make_tree

    tree = make_tree()
    client.force_login(tree.city_office.user)
    cache.clear()
    asked: list[str] = []
    real = cache.get_many

    def get_many(keys, *args, **kwargs):
        asked.extend(k for k in keys if k.startswith((rollups.VERSION_KEY, rollups.TAG_KEY)))
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    assert client.get(reverse("home")).status_code == 200
    assert asked and len(asked) == len(set(asked))
    # Outside a request (a command, a task), each read asks again.
    asked.clear()
    rollups.version(), rollups.version()
    assert asked == [rollups.VERSION_KEY] * 2


@pytest.mark.django_db
def test_a_write_during_a_request_is_seen_by_the_rest_of_it(rf):
    seen = []

    def view(request):
        counted = iter(range(10))
        seen.append(rollups.cached(("during",), lambda: next(counted), tags=[]))
        rollups.bump()
        seen.append(rollups.cached(("during",), lambda: next(counted), tags=[]))
        return None

    rollups.VersionsPerRequest(view)(rf.get("/"))
    assert seen == [0, 1]

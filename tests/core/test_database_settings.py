"""How settings turn DATABASE_URL into the connection's options, and the cache's size."""

import runpy
from pathlib import Path

import fazhi

SETTINGS = Path(fazhi.__file__).with_name("settings.py")


def _databases(monkeypatch, tmp_path, url: str, replica: str | None = None) -> dict:
    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    if replica:
        monkeypatch.setenv("DATABASE_REPLICA_URL", replica)
    else:
        monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    return runpy.run_path(str(SETTINGS))["DATABASES"]


def test_postgresql_plans_for_memory_or_ssd_on_the_primary_and_the_replica(monkeypatch, tmp_path):
    dbs = _databases(monkeypatch, tmp_path, "postgres://u@db:5432/fazhi", replica="postgres://u@replica:5432/fazhi")
    assert dbs["default"]["OPTIONS"]["options"] == "-c random_page_cost=1.1"
    assert dbs["replica"]["OPTIONS"]["options"] == "-c random_page_cost=1.1"


def test_options_in_the_url_replace_it(monkeypatch, tmp_path):
    dbs = _databases(monkeypatch, tmp_path, "postgres://u@db:5432/fazhi?options=-c%20random_page_cost%3D4")
    assert dbs["default"]["OPTIONS"]["options"] == "-c random_page_cost=4"


def test_sqlite_has_no_such_option(monkeypatch, tmp_path):
    dbs = _databases(monkeypatch, tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert "options" not in dbs["default"]["OPTIONS"]


def test_the_cache_keeps_more_than_a_few_hundred_workbenches(monkeypatch, tmp_path):
    """A workbench is kept per person until the next write: with Django's default of 300 entries
    the file cache threw a third away at random, every few requests, once a few hundred people
    were at work. (The tests themselves run on a cache in memory: the product's is read here.)"""
    from fazhi.core.cache import FileCache

    monkeypatch.setenv("FAZHI_DATA_DIR", str(tmp_path))
    product = runpy.run_path(str(SETTINGS))["CACHES"]["default"]
    assert product["BACKEND"] == "fazhi.core.cache.FileCache"
    cache = FileCache(product["LOCATION"], {"OPTIONS": product["OPTIONS"]})
    for n in range(600):
        cache.set(f"workbench:{n}", n)
    assert all(cache.get(f"workbench:{n}") == n for n in range(600))

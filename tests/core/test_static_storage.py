"""collectstatic under the product's storage (fazhi.core.storage): the hashed names compressed
once, kept on the next run, the plain copies and the source maps left as they are."""

import gzip
import os

import pytest
from django.core.management import call_command

JS = "function fazhi() { return '法治卫健'; }\n" * 200  # compresses well
CSS = "body { background: url('logo.svg'); }\n" * 100


@pytest.fixture
def sources(tmp_path, settings):
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.js").write_text(JS, encoding="utf-8")
    (src / "app.js.map").write_text('{"version": 3, "mappings": "' + "AAAA;" * 2000 + '"}')
    (src / "site.css").write_text(CSS)
    (src / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>" + "<g/>" * 300 + "</svg>")
    settings.STATICFILES_DIRS = [src]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "fazhi.core.storage.StaticStorage"}}
    return src


def _collect():
    call_command("collectstatic", interactive=False, verbosity=0)


def _compressed(root) -> dict:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.suffix in (".gz", ".br")}


def test_only_the_hashed_names_are_compressed_and_not_the_maps(sources, settings):
    _collect()
    root = settings.STATIC_ROOT
    made = _compressed(root)
    hashed_js = next(p.name for p in root.glob("app.*.js"))
    assert f"{hashed_js}.gz" in made and f"{hashed_js}.br" in made
    assert gzip.decompress((root / f"{hashed_js}.gz").read_bytes()).decode() == JS
    assert any(name.startswith("site.") and name.endswith(".css.gz") for name in made)
    assert "app.js.gz" not in made and "site.css.gz" not in made  # the plain copies stay plain
    assert (root / "app.js").read_text(encoding="utf-8") == JS
    assert not any(".map" in name for name in made)
    assert not list(root.rglob("*.partial"))


def test_a_second_run_keeps_the_compressed_copies(sources, settings):
    _collect()
    before = _compressed(settings.STATIC_ROOT)
    assert before
    _collect()
    assert _compressed(settings.STATIC_ROOT) == before  # not written again


def test_a_changed_file_gets_its_own_compressed_copies(sources, settings):
    _collect()
    (sources / "app.js").write_text(JS + "// 二\n" * 50, encoding="utf-8")
    os.utime(sources / "app.js", (1, 2_000_000_000))  # newer than the collected copy
    _collect()
    hashed = sorted(p.name for p in settings.STATIC_ROOT.glob("app.*.js"))
    assert len(hashed) == 2
    for name in hashed:
        assert (settings.STATIC_ROOT / f"{name}.gz").exists()


def test_a_cut_off_write_leaves_no_copy_behind(sources, settings, monkeypatch):
    from fazhi.core import storage

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", fail)
    with pytest.raises(OSError):
        _collect()
    assert not _compressed(settings.STATIC_ROOT)
    assert not list(settings.STATIC_ROOT.rglob("*.partial"))
    monkeypatch.undo()
    _collect()  # the next run makes them
    assert any(name.endswith(".js.gz") for name in _compressed(settings.STATIC_ROOT))

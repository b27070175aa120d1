"""scripts/installed.py, by which the test command skips pip when nothing is missing."""

import importlib.util
from importlib import metadata
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "installed.py"


@pytest.fixture
def installed():
    spec = importlib.util.spec_from_file_location("installed_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nothing_missing_where_the_tests_run(installed):
    assert installed.missing(["test"]) == []


def test_a_package_absent_or_too_old_is_missing(installed, monkeypatch):
    real = metadata.version

    def version(name):
        if name.lower() == "openpyxl":
            raise metadata.PackageNotFoundError(name)
        if name.lower() == "django":
            return "4.2.0"
        return real(name)

    monkeypatch.setattr(installed.metadata, "version", version)
    missing = installed.missing(["test"])
    assert "openpyxl>=3.1" in missing and "Django>=5.2,<5.3 (4.2.0)" in missing and len(missing) == 2


def test_a_test_extra_counts_only_when_asked_for(installed, monkeypatch):
    real = metadata.version
    monkeypatch.setattr(installed.metadata, "version",
                        lambda name: "1.0" if name.lower() == "pytest-xdist" else real(name))
    assert installed.missing([]) == []
    assert installed.missing(["test"]) == ["pytest-xdist>=3.5 (1.0)"]

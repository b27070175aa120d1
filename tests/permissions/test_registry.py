"""Every model the office works with is in the permission suite."""

import importlib
import pkgutil

import tests.permissions

# Assignments, progress reports and evidence: tests/test_permission_matrix.py.
REQUIRED = {"units", "people", "grants", "campaigns", "tasks", "rubrics", "rounds", "assessments", "item-scores",
            "nominations", "unit-grades", "demo-targets", "problems", "rectifications", "notices", "submissions", "meetings",
            "channels", "questionnaires", "audit-rows", "plan-rules", "rectification-plans", "problem-explanations",
            "problem-publications", "special-checks", "special-evaluations", "demo_sites", "ladder-settings"}


def covered() -> dict:
    names = {}
    for info in pkgutil.iter_modules(tests.permissions.__path__):
        if info.name.startswith("test_"):
            module = importlib.import_module(f"tests.permissions.{info.name}")
            for resource in getattr(module, "RESOURCES", []):
                names[resource.name] = module.__name__
    return names


def test_every_model_is_covered():
    assert REQUIRED <= set(covered()), REQUIRED - set(covered())


def test_every_resource_reads_and_writes_or_says_why_not():
    """Each resource is read in some channel; the few without a write are read-only by design."""
    # Written through the scoring and round pages (the grade register by publishing a round), covered in tests/assessment;
    # the unit chooser is the search of the units resource, whose writes are probed under "units".
    read_only = {"rounds", "assessments", "unit-grades", "unit chooser"}
    for info in pkgutil.iter_modules(tests.permissions.__path__):
        module = importlib.import_module(f"tests.permissions.{info.name}")
        for resource in getattr(module, "RESOURCES", []):
            ops = {p.op for p in resource.probes}
            assert "read" in ops, resource.name
            assert ops - {"read"} or resource.name in read_only, resource.name

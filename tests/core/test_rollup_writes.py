"""Writes that send no signal say so: every bulk_create, bulk_update and QuerySet.update of the
product is in a function that bumps the roll-up versions itself (fazhi.core.rollups), or writes
the one audit row of a bulk action, which does. Otherwise a cached roll-up would outlive it."""

import ast
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2] / "fazhi"
BULK = {"bulk_create", "bulk_update"}
QUERYSET = {"objects", "filter", "exclude", "select_for_update", "all"}
BUMPS = {"bump", "bump_tags", "bump_app", "audit_bulk", "one_bump"}


def _names(node) -> set[str]:
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)} | {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _unsignalled_writes(fn: ast.AST) -> list[int]:
    querysets = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                 and _names(n.value.func) & QUERYSET for t in n.targets if isinstance(t, ast.Name)}
    lines = []
    for call in ast.walk(fn):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        receiver = call.func.value
        if call.func.attr in BULK or (call.func.attr == "update" and (
                (isinstance(receiver, ast.Call) and _names(receiver) & QUERYSET)
                or (isinstance(receiver, ast.Name) and receiver.id in querysets))):
            lines.append(call.lineno)
    return lines


def _functions(tree):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and not any(isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef)) for c in n.body)]


def test_every_write_without_a_signal_bumps_the_rollups():
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or path.name == "demo.py" or "demo" in path.parts:
            continue  # the demo loads inside one_bump(); migrations run before any roll-up
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in _functions(tree):
            writes = _unsignalled_writes(fn)
            if writes and not _names(fn) & BUMPS:
                missing += [f"{path.relative_to(ROOT.parent)}:{line} ({fn.name})" for line in writes]
    assert missing == []


def test_the_check_finds_such_a_write():
    sample = ast.parse("def f(qs):\n    rows = Model.objects.filter(a=1)\n    rows.update(b=2)\n"
                       "def g():\n    Model.objects.bulk_create([])\n    rollups.bump()\n")
    first, second = _functions(sample)
    assert _unsignalled_writes(first) == [3] and not _names(first) & BUMPS
    assert _unsignalled_writes(second) and _names(second) & BUMPS


@pytest.mark.django_db
def test_postgresql_knows_how_few_branches_there_are():
    """fazhi/org/migrations/0004: without these statistics the branch counts lose their parallel plan."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'org_unit_branch_%%' ORDER BY 1")
        names = [r[0] for r in cursor.fetchall()]
    assert names == ["org_unit_branch_18", "org_unit_branch_27", "org_unit_branch_36", "org_unit_branch_45"]

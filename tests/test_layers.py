"""Dependencies point one way (DESIGN.md): core, audit ← org ← the domain apps. Checked on the
import statements themselves, parsed with ast, so a lazy import inside a function counts too."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "fazhi"
APPS = {"core", "audit", "org", "notices", "campaigns", "assessment", "ledger", "intake", "learning", "enforcement",
        "indicators", "reports"}
# What each app must never import.
FORBIDDEN = {
    "core": APPS - {"core"},
    "audit": APPS - {"audit", "core"},
    "org": APPS - {"org", "core", "audit"},
    # The shared ladder, its settings and the inbox serve the ledger and campaigns: they import neither.
    "notices": APPS - {"notices", "org", "core", "audit"},
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n.split(".")[1] for n in names if n.startswith("fazhi.") and n.count(".") >= 1}


def test_lower_layers_import_nothing_above_them():
    found = {}
    for app, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / app).rglob("*.py"):
            bad = _imports(path) & forbidden
            if bad:
                found[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert found == {}


def test_planparse_imports_no_django():
    for path in (PACKAGE / "planparse").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mods = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        mods |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
        assert not {m for m in mods if m.split(".")[0] in {"django", "rest_framework"} or m.startswith("fazhi.")
                    and not m.startswith("fazhi.planparse")}, path


def test_reads_filter_subtrees_through_the_one_rule():
    """Selectors, APIs and views use fazhi.core.tree.subtree_q (through org.scoping), never a hand-rolled path filter."""
    hand_rolled = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if (p.name in {"selectors.py", "api.py", "apibase.py", "views.py"} or p.name.endswith("_views.py"))
                   and "path__startswith" in p.read_text(encoding="utf-8")]
    assert hand_rolled == []

"""Exits 0 when this checkout is installed (editable, from this folder) with every package that
pyproject.toml asks for, with the extras named on the command line; else 1. scripts/test.sh then
skips pip, which took some 11 s to find that there was nothing to do."""

import json
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def missing(extras: list[str]) -> list[str]:
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    out = []
    for text in wanted:
        requirement = Requirement(text)
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            out.append(text)
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            out.append(f"{text} ({version})")
    return out


def installed_from_here() -> bool:
    """`fazhi` is installed in editable mode from this folder (not from another checkout)."""
    try:
        direct = json.loads(metadata.distribution("fazhi").read_text("direct_url.json") or "{}")
    except metadata.PackageNotFoundError:
        return False
    return direct.get("dir_info", {}).get("editable", False) and direct.get("url") == ROOT.as_uri()


if __name__ == "__main__":
    try:
        ok = installed_from_here() and not missing(sys.argv[1:])
    except ImportError:  # no `packaging` yet: a new machine
        ok = False
    sys.exit(0 if ok else 1)

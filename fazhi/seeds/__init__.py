"""The five source documents (text files beside this module), kept inside the package so that
the demo and the tests need nothing outside the repository: one copy, used by both."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent


def seed_path(number: str) -> Path:
    """The seed whose file name starts with `number` ("000" … "004")."""
    matches = sorted(SEEDS_DIR.glob(f"{number}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"no single seed numbered {number} in {SEEDS_DIR}")
    return matches[0]


def seed_text(number: str) -> str:
    return seed_path(number).read_text(encoding="utf-8")

"""Accuracy of the plan parser on the seed documents, as a markdown table.

    python -m tests.planparse.accuracy [--write docs/planparse-accuracy.md]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fazhi.planparse import parse_bytes

from .common import CATEGORIES, SEED_NAMES, load_expected, pr, score, seed_bytes

COLUMNS = ["outline", "level 1", "level 2", "level 3", "level 4", "level 5"] + CATEGORIES


def table() -> tuple[str, dict[str, tuple[int, int, int]]]:
    rows = ["| seed | " + " | ".join(COLUMNS) + " |", "|---|" + "---|" * len(COLUMNS)]
    total: dict[str, list[int]] = {}
    for name in SEED_NAMES:
        found = parse_bytes(seed_bytes(name), filename=f"{name}.txt").to_dict()
        result = score(load_expected(name), found)
        cells = []
        for col in COLUMNS:
            m, e, f = result.get(col, (0, 0, 0))
            acc = total.setdefault(col, [0, 0, 0])
            for k, v in enumerate((m, e, f)):
                acc[k] += v
            cells.append(_cell(m, e, f))
        rows.append(f"| {name[:3]} | " + " | ".join(cells) + " |")
    rows.append("| **all** | " + " | ".join(_cell(*total[c]) for c in COLUMNS) + " |")
    legend = ("\nEach cell: matched/expected (found), P = precision, R = recall; "
              "expected items were written by reading the documents "
              "(tests/planparse/expected/). Appended documents are included.\n")
    return "\n".join(rows) + "\n" + legend, {k: tuple(v) for k, v in total.items()}


def _cell(m: int, e: int, f: int) -> str:
    if not e and not f:
        return "–"
    p, r = pr(m, e, f)
    return f"{m}/{e} ({f}) P {p:.2f} R {r:.2f}"


def main(argv: list[str]) -> int:
    text, _ = table()
    doc = "# planparse accuracy on the seed documents\n\n" + text
    print(doc)
    if len(argv) >= 2 and argv[0] == "--write":
        Path(argv[1]).write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

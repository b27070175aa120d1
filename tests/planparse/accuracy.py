"""Accuracy of the plan parser against expectations written by reading the
documents: the five seeds, and the invented corpus (tests/planparse/corpus/).

    python -m tests.planparse.accuracy             # per-document tables, seeds then corpus
    python -m tests.planparse.accuracy --summary   # one row per category
"""

from __future__ import annotations

import sys
from pathlib import Path

from fazhi.planparse import parse_bytes

from .common import (CATEGORIES, HEADER, SEED_NAMES, corpus_bytes, corpus_expected, corpus_names,
                     load_expected, pr, score, seed_bytes)

COLUMNS = (["outline", "level 0", "level 1", "level 2", "level 3", "level 4", "level 5"]
           + list(HEADER.values()) + ["attachments"] + CATEGORIES)


def totals(docs) -> tuple[list[tuple[str, dict]], dict[str, tuple[int, int, int]]]:
    """Per-document scores and their sum; ``docs`` yields (name, expected, bytes)."""
    rows, total = [], {}
    for name, expected, data in docs:
        found = parse_bytes(data, filename=f"{name}.txt").to_dict()
        result = score(expected, found)
        rows.append((name, result))
        for col, values in result.items():
            acc = total.setdefault(col, [0, 0, 0])
            for k, v in enumerate(values):
                acc[k] += v
    return rows, {k: tuple(v) for k, v in total.items()}


def seed_docs():
    for name in SEED_NAMES:
        yield name[:3], load_expected(name), seed_bytes(name)


def corpus_docs():
    for name in corpus_names():
        yield name, corpus_expected(name), corpus_bytes(name)


def table(docs, label: str) -> tuple[str, dict[str, tuple[int, int, int]]]:
    rows, total = totals(docs)
    cols = [c for c in COLUMNS if any(total.get(c, (0, 0, 0))[1:])]
    out = [f"| {label} | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for name, result in rows:
        out.append(f"| {name} | " + " | ".join(_cell(*result.get(c, (0, 0, 0))) for c in cols) + " |")
    out.append("| **all** | " + " | ".join(_cell(*total.get(c, (0, 0, 0))) for c in cols) + " |")
    return "\n".join(out) + "\n", total


def _cell(m: int, e: int, f: int) -> str:
    if not e and not f:
        return "–"
    p, r = pr(m, e, f)
    return f"{m}/{e} ({f}) P {p:.2f} R {r:.2f}"


def summary() -> str:
    """One row per category: seeds and corpus side by side."""
    _r, seeds = totals(seed_docs())
    _r, corpus = totals(corpus_docs())
    rows = ["| category | seeds (5 documents) | invented corpus (%d documents) |" % len(corpus_names()),
            "|---|---|---|"]
    for col in COLUMNS:
        a, b = seeds.get(col, (0, 0, 0)), corpus.get(col, (0, 0, 0))
        if any(a[1:]) or any(b[1:]):
            rows.append(f"| {col} | {_cell(*a)} | {_cell(*b)} |")
    return "\n".join(rows) + "\n"


def report() -> str:
    seeds, _ = table(seed_docs(), "seed")
    corpus, _ = table(corpus_docs(), "document")
    return ("## Seeds\n\n" + seeds + "\n## Invented corpus\n\n" + corpus +
            "\nEach cell: matched/expected (found), P = precision, R = recall. Header fields "
            "(title — the notice title too where there is one —, issuer, date, number) count one item "
            "each when printed. Appended and attachment documents are included.\n")


def main(argv: list[str]) -> int:
    text = summary() if argv[:1] == ["--summary"] else report()
    print(text)
    if len(argv) >= 2 and argv[0] == "--write":
        Path(argv[1]).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

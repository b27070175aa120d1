"""Accuracy of the rubric reader on the invented corpus, as a markdown table.

    python3 -m tests.planparse.rubric_accuracy

Per document: items found (number and text), points, bonus points, rule shapes
(with their figures), method / evidence / responsible / core, warnings — each as
matched / expected (found). Expectations are tests/planparse/rubrics/expected/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fazhi.planparse import PlanParseError
from fazhi.planparse.rubric import read_bytes

from .rubric_corpus import HELD_OUT, HELD_OUT_2, NAMES, expected, materialise

COLUMNS = ["categories", "items", "points", "bonus", "rules", "fields", "warnings"]


def _flat(categories: list[dict]) -> list[dict]:
    out = []

    def walk(items, path):
        for k, item in enumerate(items):
            out.append({**item, "_key": path + (k,)})
            walk(item["children"], path + (k,))
    for c, cat in enumerate(categories):
        walk(cat["items"], (c,))
    return out


def compare(want: dict, got: dict) -> dict[str, tuple[int, int, int]]:
    res = {}
    wc = [(c["label"], c["text"], c["points"]) for c in want["categories"]]
    gc = [(c["label"], c["text"], c["points"]) for c in got["categories"]]
    res["categories"] = (sum(1 for x in wc if x in gc), len(wc), len(gc))
    wi, gi = _flat(want["categories"]), _flat(got["categories"])
    by_key = {i["_key"]: i for i in gi}
    pairs = [(w, by_key.get(w["_key"])) for w in wi]
    same = [(w, g) for w, g in pairs if g and (g["number"], g["text"]) == (w["number"], w["text"])]
    res["items"] = (len(same), len(wi), len(gi))
    res["points"] = (sum(1 for w, g in same if g["points"] == w["points"]), len(wi), len(gi))
    res["bonus"] = (sum(1 for w, g in same if g["bonus_points"] == w["bonus_points"]), len(wi), len(gi))
    wr = sum(len(w["rules"]) for w in wi)
    gr = sum(len(g["rules"]) for g in gi)
    res["rules"] = (sum(sum(1 for r in w["rules"] if r in g["rules"]) for w, g in same), wr, gr)
    fields = ("method", "evidence", "responsible", "core")
    res["fields"] = (sum(1 for w, g in same for f in fields if g[f] == w[f]), len(wi) * 4, len(gi) * 4)
    ww = [x["message"] for x in want["warnings"]]
    gw = [x["message"] for x in got["warnings"]]
    res["warnings"] = (sum(1 for x in ww if x in gw), len(ww), len(gw))
    return res


def _cell(m: int, e: int, f: int) -> str:
    if not e and not f:
        return "–"
    return f"{m}/{e} ({f})"


def table() -> tuple[str, dict]:
    rows = ["| document | " + " | ".join(COLUMNS) + " |", "|---|" + "---|" * len(COLUMNS)]
    total: dict[str, list[int]] = {c: [0, 0, 0] for c in COLUMNS}
    with tempfile.TemporaryDirectory() as tmp:
        for name in NAMES + HELD_OUT + HELD_OUT_2:
            path = materialise(name, Path(tmp))
            try:
                got = read_bytes(path.read_bytes(), filename=path.name).to_dict()
            except PlanParseError:   # refused: nothing found
                got = {"categories": [], "warnings": []}
            res = compare(expected(name), got)
            for c in COLUMNS:
                for k in range(3):
                    total[c][k] += res[c][k]
            label = f"{name}{path.suffix}" + (" (held out)" if name in HELD_OUT + HELD_OUT_2 else "")
            rows.append(f"| {label} | " + " | ".join(_cell(*res[c]) for c in COLUMNS) + " |")
    rows.append("| **all** | " + " | ".join(_cell(*total[c]) for c in COLUMNS) + " |")
    return "\n".join(rows) + "\n", {c: tuple(v) for c, v in total.items()}


def main(argv: list[str]) -> int:
    text, _ = table()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Seed loading and scoring of parsed plans against hand-written expectations."""

from __future__ import annotations

import json
import re
from pathlib import Path
from fazhi.seeds import SEEDS_DIR

SEEDS = SEEDS_DIR
EXPECTED = Path(__file__).resolve().parent / "expected"
CORPUS = Path(__file__).resolve().parent / "corpus"
SEED_NAMES = ["000_6857fbc841882718", "001_9d9c62532bf016c6", "002_b802c406ddde5424",
              "003_67c29304d477bc31", "004_cea8180cd78c7d8c"]
CATEGORIES = ["phases", "quotas", "deadlines", "rules", "meetings", "responsibilities"]
# Header fields scored one item each: JSON key -> column name.
HEADER = {"title": "title", "issuer": "issuer", "date": "date", "doc_number": "number"}
_TRAIL = "。.；;：:，, "


def load_expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


def corpus_names() -> list[str]:
    """Invented documents of the corpus (NN_name.txt with NN_name.json beside)."""
    return sorted(p.stem for p in CORPUS.glob("*.txt"))


def corpus_expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def corpus_bytes(name: str) -> bytes:
    return (CORPUS / f"{name}.txt").read_bytes()


def seed_bytes(name: str) -> bytes:
    path = SEEDS / f"{name}.txt"
    if not path.exists():
        raise FileNotFoundError(f"seed document missing: {path}")
    return path.read_bytes()


def flatten(outline: list[dict], depth: int = 0) -> list[dict]:
    out = []
    for node in outline:
        out.append({"label": node["label"], "level": node["level"],
                    "heading": node["heading"], "depth": depth})
        out.extend(flatten(node["children"], depth + 1))
    return out


def _heading_matches(expected: str, found: str) -> bool:
    """Expected headings may be a prefix (long items are abbreviated)."""
    e, f = expected.rstrip(_TRAIL), found.rstrip(_TRAIL)
    return f == e or (len(e) >= 6 and f.startswith(e))


def _node_eq(e: dict, f: dict) -> bool:
    return (e["label"] == f["label"] and e["level"] == f["level"] and e["depth"] == f["depth"]
            and _heading_matches(e["heading"], f["heading"]))


def _item_eq(category: str, e: dict, f: dict) -> bool:
    if category == "phases":
        return (e["name"] == f["name"].rstrip(_TRAIL)) and e["start"] == f["start"] and e["end"] == f["end"]
    if category == "quotas":
        return ((e["what"], e["count"], e["scope"], e.get("members", []))
                == (f["what"], f["count"], f["scope"], f.get("members", [])))
    if category == "responsibilities":
        return (e["task"], e["lead"], e["responsible"], e["due"]) == \
               (f["task"], f["lead"], f["responsible"], f["due"])
    if category == "deadlines":
        return ((e["date"], e["what"], e["to"], e.get("recurring"))
                == (f["date"], f["what"], f["to"], f.get("recurring")))
    if category == "rules":
        return (e["subject"] == f["subject"] and e["op"] == f["op"] and e["unit"] == f["unit"]
                and abs(e["value"] - f["value"]) < 1e-9 and e["per"] == f["per"] and e["of"] == f["of"])
    if category == "meetings":
        return (e["title"], e["when"], e["place"], e["attendees"]) == \
               (f["title"], f["when"], f["place"], f["attendees"])
    raise ValueError(category)


def match(expected: list, found: list, eq) -> int:
    """Number of expected items matched one-to-one (in order) by found items."""
    used = [False] * len(found)
    hits = 0
    for e in expected:
        for k, f in enumerate(found):
            if not used[k] and eq(e, f):
                used[k] = True
                hits += 1
                break
    return hits


def score(expected: dict, found: dict) -> dict[str, tuple[int, int, int]]:
    """category -> (matched, expected count, found count), appended documents
    included (paired in order)."""
    result: dict[str, list[int]] = {}

    def add(key, m, e, f):
        acc = result.setdefault(key, [0, 0, 0])
        acc[0] += m
        acc[1] += e
        acc[2] += f

    exp_nodes, got_nodes = flatten_expected(expected["outline"]), flatten(found["outline"])
    add("outline", match(exp_nodes, got_nodes, _node_eq), len(exp_nodes), len(got_nodes))
    for level in range(0, 6):
        ex = [n for n in exp_nodes if n["level"] == level]
        got = [n for n in got_nodes if n["level"] == level]
        if ex or got:
            add(f"level {level}", match(ex, got, _node_eq), len(ex), len(got))
    for key, column in HEADER.items():
        e, f = expected.get(key), found.get(key)
        add(column, int(bool(e) and e == f), int(bool(e)), int(bool(f)))
    if expected.get("notice_title") or found.get("notice_title"):
        e, f = expected.get("notice_title"), found.get("notice_title")
        add("title", int(bool(e) and e == f), int(bool(e)), int(bool(f)))
    add("attachments", match(expected["attachments"], found["attachments"], lambda e, f: e == f),
        len(expected["attachments"]), len(found["attachments"]))
    for cat in CATEGORIES:
        exp = expected.get(cat, [])
        add(cat, match(exp, found[cat], lambda e, f, c=cat: _item_eq(c, e, f)), len(exp), len(found[cat]))
    for sub_e, sub_f in zip(expected["documents"], found["documents"]):
        for key, (m, e, f) in score(sub_e, sub_f).items():
            add(key, m, e, f)
    extra_e = expected["documents"][len(found["documents"]):]
    extra_f = found["documents"][len(expected["documents"]):]
    for doc in extra_e:
        add("outline", 0, len(flatten_expected(doc["outline"])), 0)
    for doc in extra_f:
        add("outline", 0, 0, len(flatten(doc["outline"])))
    return {k: tuple(v) for k, v in result.items()}


def flatten_expected(outline: list) -> list[dict]:
    """Expected outlines are stored flat, in document order, with a depth:
    as dicts, or (in the corpus) as [label, level, heading, depth]."""
    return [n if isinstance(n, dict) else dict(zip(("label", "level", "heading", "depth"), n))
            for n in outline]


def pr(matched: int, expected: int, found: int) -> tuple[float, float]:
    precision = matched / found if found else 1.0
    recall = matched / expected if expected else 1.0
    return precision, recall


def normalised_heading(text: str) -> str:
    return re.sub(r"\s+", "", text).rstrip(_TRAIL)

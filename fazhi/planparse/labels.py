"""Recognising the numbering labels of GB/T 9704 documents.

The official sequence is 一、 → （一） → 1. → （1） → ①.  Web copies mix full- and
half-width brackets, use 1、 for 1. and drop the opening bracket of （1） ("1)"),
so labels are grouped into *families*: every label of a family nests the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numerals import CN_NUM_CHARS, cn_to_int

CN = f"[{CN_NUM_CHARS}]{{1,3}}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# family -> nominal level (the level the genre gives that style).
LEVELS = {"part": 0, "chapter": 0, "article": 1, "cn": 1, "di": 1, "pcn": 2, "stage": 2, "num": 3,
          "dec2": 4, "pnum": 4, "dec3": 5, "circ": 5}

# Order matters: the bracketed forms must be tried before the bare ones.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 第一部分 总体要求 / 第一章 总则 / 第一条 (above and beside 一、).
    ("part", re.compile(rf"第({CN}|\d{{1,2}})部分\s*[、，,：:．.]?\s*")),
    ("chapter", re.compile(rf"第({CN}|\d{{1,2}})[章篇]\s*[、，,：:．.]?\s*")),
    ("article", re.compile(rf"第({CN}|\d{{1,3}})条\s*[、，,：:．.]?\s*")),
    # 1.1 / 1.1.1 (decimal numbering); not 1.5倍, 2.0版, 0.5小时.
    ("dec3", re.compile(r"[1-9]\d?\.\d{1,2}\.(\d{1,2})(?![\d.])\s*(?=[\s\u4e00-\u9fff（(“])(?![倍%‰万亿元年月日个次分米克吨版级])")),
    ("dec2", re.compile(r"[1-9]\d?\.(\d{1,2})(?![\d.])\s*(?=[\s\u4e00-\u9fff（(“])(?![倍%‰万亿元年月日个次分米克吨版级])")),
    ("pcn", re.compile(rf"[（(]\s*({CN})\s*[）)]")),
    ("pnum", re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    ("di", re.compile(rf"第({CN})[、，,：:．.]")),
    # 第一阶段：调研摸底 / 第二阶段（4月至9月）：全面实施 / 第一步：
    ("stage", re.compile(rf"第({CN})(?:阶段|步)\s*(?:[：:、，,]|(?=[（(]))")),
    # 一、 but not 一、二级 (an enumeration of numerals inside a sentence).
    ("cn", re.compile(rf"({CN})[、．.](?![{CN_NUM_CHARS}\d][、级类])")),
    ("circ", re.compile(f"([{CIRCLED}])")),
    # 1. / 1、 / 1． but not 1.5 or 2.0版; 1) is a (1) that lost its bracket.
    ("num", re.compile(r"(\d{1,2})\s*(?:[.．](?!\d)|、)")),
    ("pnum", re.compile(r"(\d{1,2})[）)]")),
]


@dataclass(frozen=True)
class Label:
    """A numbering label found at a position in a line."""

    text: str      # exactly as printed, e.g. "（一）" or "1、"
    family: str    # key of LEVELS
    ordinal: int   # 1 for 一/1/①

    @property
    def level(self) -> int:
        return LEVELS[self.family]


def _ordinal(family: str, raw: str) -> int | None:
    if family == "circ":
        return CIRCLED.index(raw) + 1
    if family in ("num", "pnum", "dec2", "dec3") or raw.isdigit():
        return int(raw)
    return cn_to_int(raw)


_STARTS = frozenset("（(第0123456789" + CN_NUM_CHARS + CIRCLED)
# The patterns worth trying for each first character (in the order above).
_FIRST_CHARS = {"part": "第", "chapter": "第", "article": "第", "di": "第", "stage": "第",
                "pcn": "（(", "pnum": "（(0123456789", "dec3": "123456789", "dec2": "123456789",
                "num": "0123456789", "cn": CN_NUM_CHARS, "circ": CIRCLED}
_BY_FIRST: dict[str, list[tuple[str, re.Pattern]]] = {}
for _family, _pattern in _PATTERNS:
    for _ch in _FIRST_CHARS[_family]:
        _BY_FIRST.setdefault(_ch, []).append((_family, _pattern))


@lru_cache(maxsize=65536)
def match_label(line: str, pos: int = 0) -> Label | None:
    """The label starting exactly at ``pos`` of ``line``, if any (cached: the
    same lines are looked at by several passes)."""
    # Most lines are prose: rule them out before trying the patterns.
    if pos >= len(line):
        return None
    candidates = _BY_FIRST.get(line[pos])
    if candidates is None:
        return None
    for family, pattern in candidates:
        m = pattern.match(line, pos)
        if not m:
            continue
        ordinal = _ordinal(family, m.group(1))
        if not ordinal or ordinal > 99:
            continue
        end = m.end()
        # A label is followed by its heading; a bare label at end of line is
        # text.  An Arabic label followed by a digit (1.5, (1)2, 1、2批) is a
        # number inside text, but a Chinese one is a heading that starts with a
        # number (一、2024年工作情况, （三）3项机制).
        if end >= len(line):
            continue
        if line[end].isdigit() and family in ("num", "pnum", "dec2", "dec3"):
            continue
        if family == "num" and line[end] in "%‰年月日号":
            continue
        return Label(m.group(0), family, ordinal)
    return None


# Characters before which a label may start inside a line (run-together items).
_CANDIDATE = re.compile(rf"[（(]|第|[{CN_NUM_CHARS}]|\d|[{CIRCLED}]")
SENTENCE_END = "。；;！!？?：:"


def inline_labels(line: str) -> list[tuple[int, Label]]:
    """Labels that appear after a sentence end (or directly after a short
    heading) inside ``line``: candidates for splitting run-together items."""
    found = []
    for m in _CANDIDATE.finditer(line, 1):
        pos = m.start()
        prev = line[pos - 1]
        if prev.isdigit() or prev in "（(第":
            continue
        label = match_label(line, pos)
        if label is None:
            continue
        found.append((pos, label))
    return found

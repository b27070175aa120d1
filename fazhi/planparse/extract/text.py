"""Sentence and clause splitting shared by the extractors."""

from __future__ import annotations

import re
from functools import lru_cache

from ..labels import match_label

# " | " separates the cells of a table row: each cell is read on its own.
_SENTENCE = re.compile(r"[^。；;！!？?|]+[。；;！!？?|]?")


def strip_label(line: str) -> str:
    label = match_label(line)
    return line[len(label.text):] if label else line


def sentences(lines: list[str]):
    """(line number, sentence) for every sentence of the body, label removed."""
    for number, line in enumerate(lines, 1):
        for s in _line_sentences(line):
            yield number, s


@lru_cache(maxsize=8192)
def _line_sentences(line: str) -> tuple[str, ...]:
    # Every extractor walks the same lines; split each line once.
    body = strip_label(line)
    return tuple(s for s in (m.group(0).strip(" |") for m in _SENTENCE.finditer(body)) if s)


def split_outside_brackets(text: str, seps: str) -> list[str]:
    """Split ``text`` at any of ``seps`` that is not inside （）/()/《》/“”."""
    if not any(ch in text for ch in seps):
        return [text]
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（《“[〔":
            depth += 1
        elif ch in ")）》”]〕":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out

"""Building the outline tree from normalised lines.

Nesting follows the label families actually present (a stack keyed by family),
not their nominal levels, so a plan that goes 一、 → 1. without （一） nests 1.
directly under 一、.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import messages
from .labels import match_label
from .model import Node

_ATTACH = re.compile(r"^附\s*件\s*\d*\s*[:：]?")
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日$")
ORG_SUFFIX = ("委员会", "卫生局", "人民政府", "政府", "办公室", "领导小组", "委", "局", "厅",
              "中心", "医院", "所", "院", "部", "处", "科", "室", "协会")
_TERMINATORS = "。！!？?"
# Lines that follow a signature and do not end it: （此件公开发布）, （联系人：…）, 抄送：…
_NOTE_LINE = re.compile(r"^(?:[（(]\s*(?:此件|本件|联系人|联系电话)[^）)]*[）)]|抄送\s*[:：].*|联系人\s*[:：].*|"
                        r".{2,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)$")


def is_note_line(line: str) -> bool:
    return bool(_NOTE_LINE.match(line.strip()))


def is_org_line(line: str) -> bool:
    """A short line that is only the name of an organisation (署名, 版头)."""
    text = line.replace(" ", "")
    return (2 <= len(text) <= 25 and text.endswith(ORG_SUFFIX)
            and not re.search(r"[，,。；;：:、“”《》()（）]", text))


def is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line.replace(" ", "")))


def split_heading(rest: str) -> tuple[str, str]:
    """Heading = text after the label up to the first sentence end (or the
    first cell of a table row); text = rest."""
    bar = rest.find(" | ")
    if bar >= 0 and not any(ch in rest[:bar] for ch in _TERMINATORS):
        return rest[:bar], rest[bar:]
    for i, ch in enumerate(rest):
        if ch in _TERMINATORS:
            # A closing quote or bracket right after 。 belongs to the heading.
            j = i + 1
            while j < len(rest) and rest[j] in "”’）)":
                j += 1
            return rest[:j], rest[j:]
    return rest, ""


@dataclass
class Outline:
    """Outline nodes and the parts of the body outside them."""

    nodes: list[Node] = field(default_factory=list)
    preamble_end: int = 0      # index of the first numbered line
    tail_start: int = 0        # index of the first line after the outline
    numbered: bool = True


def find_tail(lines: list[str], start: int) -> int:
    """Index where attachments list / signature begins (len(lines) if none)."""
    tail = len(lines)
    for i in range(start, len(lines)):
        if _ATTACH.match(lines[i]) and not match_label(lines[i]):
            tail = i
            break
    # 署名 and 成文日期 at the very end, possibly followed by notes.
    probe = tail
    while probe - 1 > start and is_note_line(lines[probe - 1]):
        probe -= 1
    end = probe
    while end - 1 > start and (is_date_line(lines[end - 1]) or
                               (is_org_line(lines[end - 1]) and end < len(lines)
                                and is_date_line(lines[end]))):
        end -= 1
    if end < probe and is_date_line(lines[probe - 1]):
        tail = end
    return tail


def build_outline(lines: list[str], warnings: list[str], rows: set[int] = frozenset()) -> Outline:
    """``rows``: indexes of task-table rows, each an unlabelled item under the
    section the table stands in."""
    first = next((i for i, line in enumerate(lines) if match_label(line)), None)
    if first is None:
        return _flat(lines, warnings)
    tail = find_tail(lines, first + 1)
    roots: list[Node] = []
    stack: list[Node] = []
    current: Node | None = None
    for i in range(first, tail):
        line = lines[i]
        label = match_label(line)
        if label is None and i in rows:
            heading, text = split_heading(line)
            parent = stack[-1] if stack else None
            row = Node("", min(parent.level + 1, 5) if parent else 1, heading, text, (i + 1, i + 1),
                       family="row")
            (parent.children if parent else roots).append(row)
            _extend(stack, i + 1)
            current = row
            continue
        if label is None:
            # (Text after a table stays with its last row: the section's own
            # text comes before the rows in document order.)
            current.text = current.text + "\n" + line if current.text else line
            _extend(stack, i + 1)
            continue
        heading, text = split_heading(line[len(label.text):].lstrip())
        depth = next((k for k, n in enumerate(stack) if n.family == label.family), None)
        if depth is not None and stack[depth].label == label.text.strip() \
                and stack[depth].heading == heading and not text:
            # A merged cell of a flattened table repeated before each row group:
            # the same section again, not a new one.
            current.text = current.text + "\n" + line if current.text else line
            _extend(stack, i + 1)
            continue
        level = label.level
        if label.family == "di" and any(n.level == 1 and n.family != "di" for n in stack):
            level = 2   # 第一，/第二， listed inside a 一、 section: its second level
        node = Node(label.text.strip(), level, heading, text, (i + 1, i + 1),
                    family=label.family, ordinal=label.ordinal)
        if depth is not None:
            previous = stack[depth]
            if label.ordinal not in (1, previous.ordinal + 1):
                warnings.append(messages.SEQUENCE_GAP.format(line=i + 1, label=label.text))
            del stack[depth:]
        else:
            if label.ordinal != 1:
                warnings.append(messages.SEQUENCE_GAP.format(line=i + 1, label=label.text))
            # A label of a higher-ranked family closes every open node of
            # equal or lower rank: 五、 after （三） is never its child.
            closed = next((k for k, n in enumerate(stack) if n.level >= level), None)
            if closed is not None:
                del stack[closed:]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        _extend(stack, i + 1)
        current = node
    return Outline(roots, first, tail, True)


def _extend(stack: list[Node], line_no: int) -> None:
    for node in stack:
        node.lines = (node.lines[0], line_no)


_PUNCT = re.compile(r"[，,。；;：:！!？?、]")


def is_bare_heading(line: str) -> bool:
    """A heading without a marker: a short line with no punctuation that is
    neither a date nor an organisation (a short bold paragraph in .docx, a
    short line followed by a blank line in text)."""
    return (2 <= len(line) <= 20 and not _PUNCT.search(line) and not is_date_line(line)
            and not is_org_line(line) and not line.startswith("附"))


def _flat(lines: list[str], warnings: list[str]) -> Outline:
    """No numbering: headings without markers become level-1 nodes with the
    paragraphs after them as text; with none, the first line stays in the
    preamble (title) and every other paragraph becomes an unlabelled node."""
    warnings.append(messages.NO_NUMBERING)
    tail = find_tail(lines, 1)
    heads = [i for i in range(1, tail) if is_bare_heading(lines[i])
             and i + 1 < tail and not is_bare_heading(lines[i + 1])]
    if len(heads) >= 2:
        nodes = []
        for k, i in enumerate(heads):
            stop = heads[k + 1] if k + 1 < len(heads) else tail
            nodes.append(Node("", 1, lines[i], "\n".join(lines[i + 1:stop]), (i + 1, stop),
                              family="para"))
        return Outline(nodes, heads[0], tail, False)
    nodes = []
    for i in range(1, len(lines)):
        heading, text = split_heading(lines[i])
        nodes.append(Node("", 1, heading, text, (i + 1, i + 1), family="para"))
    return Outline(nodes, min(1, len(lines)), len(lines), False)

"""parse_text / parse_bytes: the pipeline from raw input to a Plan."""

from __future__ import annotations

import re

from . import messages
from .encoding import decode_bytes
from .errors import PlanParseError
from .extract.deadlines import extract_deadlines
from .extract.listings import extract_attachments, extract_units
from .extract.meetings import extract_meetings
from .extract.phases import extract_phases
from .extract.quotas import extract_quotas
from .extract.rules import extract_rules
from .extract.tasks import extract_responsibilities, task_rows
from .furniture import strip_furniture
from .header import (find_basis, find_date, find_doc_number, find_issuer, find_plan_title, find_title,
                     metadata_fields, read_metadata)
from .model import Plan
from .normalize import (join_broken_lines, normalize_chars, repair_line_dates, split_run_together,
                        unflatten)
from .extract.text import _line_sentences
from .labels import match_label
from .outline import build_outline
from .wordfile import docx_to_text

_ZIP = b"PK\x03\x04"
_YEAR_IN = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年")


def parse_bytes(data: bytes, *, filename: str | None = None) -> Plan:
    """Parse an uploaded file: .docx (by content) or text in any usual encoding."""
    if not isinstance(data, (bytes, bytearray)):
        raise PlanParseError(messages.BINARY)
    data = bytes(data)
    name = (filename or "").lower()
    if data.startswith(_ZIP):
        text = docx_to_text(data)
    elif name.endswith(".docx"):
        raise PlanParseError(messages.BAD_DOCX)
    else:
        text = decode_bytes(data)
    return parse_text(text, source_name=filename)


def parse_text(text: str, *, source_name: str | None = None) -> Plan:
    """Parse the text of a plan; raises only PlanParseError."""
    if not isinstance(text, str) or not text.strip():
        raise PlanParseError(messages.EMPTY)
    # The caches are per document: a parse never profits from an earlier one.
    match_label.cache_clear()
    _line_sentences.cache_clear()
    try:
        return _parse(text, source_name, normalised=False)
    except PlanParseError:
        raise
    except Exception as exc:   # a parser bug must not reach the user as a traceback
        raise PlanParseError(messages.INTERNAL) from exc


def _parse(text: str, source_name: str | None, *, normalised: bool) -> Plan:
    warnings: list[str] = []
    chars = text if normalised else normalize_chars(text)
    raw, flattened = unflatten(chars.split("\n"))
    if flattened:
        warnings.append(messages.FLATTENED)
    cleaned = strip_furniture(raw)
    if cleaned.removed:
        warnings.append(messages.FURNITURE_REMOVED.format(count=cleaned.removed))
    lines = split_run_together(join_broken_lines(cleaned.lines))
    lines = repair_line_dates(lines, warnings)
    if not lines:
        raise PlanParseError(messages.EMPTY)
    lines, bodies = split_attachment_bodies(lines)

    outline = build_outline(lines, warnings, task_rows(lines))
    preamble = lines[:outline.preamble_end]
    tail = lines[outline.tail_start:]
    body = lines[:outline.tail_start]

    plan = Plan(source=source_name, warnings=warnings, outline=outline.nodes)
    meta, meta_lines = read_metadata(preamble)
    meta_issuer, meta_date, meta_number = metadata_fields(meta)
    plan.title, title_at = find_title(preamble, meta_lines)
    plan.issuer = meta_issuer or find_issuer(preamble, plan.title, title_at, tail, cleaned.source)
    carried = find_plan_title(preamble, plan.title, title_at, meta_lines)
    if carried:
        plan.notice_title, plan.title = plan.title, carried
    plan.doc_number, plan.doc_number_raw = find_doc_number(
        [x for i, x in enumerate(preamble) if i not in meta_lines] + tail)
    if meta_number:
        plan.doc_number, plan.doc_number_raw = meta_number, None
    plan.date = meta_date or find_date(preamble + tail)
    plan.basis = find_basis(preamble, 1)
    year = _context_year(plan, lines)

    plan.phases = extract_phases(outline.nodes, year, warnings, body, plan.date)
    plan.quotas = extract_quotas(body)
    plan.deadlines = extract_deadlines(body, year, warnings,
                                       frozenset(p.line for p in plan.phases))
    responsibilities, table_deadlines = extract_responsibilities(body, year, warnings)
    plan.responsibilities = responsibilities
    plan.deadlines = sorted(plan.deadlines + table_deadlines, key=lambda d: d.line)
    plan.rules = extract_rules(body)
    plan.meetings = extract_meetings(body, year)
    plan.attachments = extract_attachments(tail)
    plan.units = extract_units(body, plan.deadlines, plan.quotas, plan.responsibilities)

    plan.preamble = "\n".join(preamble)
    plan.tail = "\n".join(tail)
    plan.text = "\n".join(lines)
    for marker, rest in bodies:
        warnings.append(messages.ATTACHMENT_DOCUMENT.format(marker=marker))
        try:
            sub = _parse("\n".join(rest), source_name, normalised=True)
        except PlanParseError:
            continue
        sub.source = marker
        plan.documents.append(sub)
    for line_no, marker, rest in cleaned.appended:
        warnings.append(messages.APPENDED_DOCUMENT.format(line=line_no, marker=marker))
        if any(x.strip() for x in rest):
            try:
                plan.documents.append(_parse("\n".join(rest), source_name, normalised=True))
            except PlanParseError:
                pass   # an appended fragment with nothing in it is just dropped
    return plan


_ATTACHMENT_ALONE = re.compile(r"^附\s*件\s*(\d{0,2})\s*[:：]?$")
_ATTACHMENT_TITLED = re.compile(r"^附\s*件\s*(\d{1,2})\s*[:：]?\s*\S")


def split_attachment_bodies(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """An attachment printed after the plan with its own outline (task list,
    rubric) is its own document: from a line "附件1" (alone, or with the title
    after the signature) on, each is cut off and parsed separately."""
    from .labels import match_label
    from .outline import is_date_line, is_note_line
    first = next((i for i, line in enumerate(lines) if match_label(line)), None)
    if first is None:
        return lines, []
    starts: list[int] = []
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if not line.startswith("附"):
            continue
        alone = _ATTACHMENT_ALONE.match(line)
        titled = _ATTACHMENT_TITLED.match(line) and (
            starts or is_date_line(lines[i - 1]) or is_note_line(lines[i - 1]))
        if (alone or titled) and i + 1 < len(lines) and not match_label(lines[i + 1]):
            starts.append(i)
    if not starts:
        return lines, []
    bodies = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(lines)
        head = lines[start]
        m = _ATTACHMENT_ALONE.match(head)
        rest = lines[start + 1:stop] if m else [re.sub(r"^附\s*件\s*\d{1,2}\s*[:：]?\s*", "", head)] + lines[start + 1:stop]
        marker = re.sub(r"\s|[:：].*$", "", head) if m else re.match(r"^附\s*件\s*\d{1,2}", head).group(0)
        bodies.append((marker.replace(" ", ""), rest))
    return lines[:starts[0]], bodies


def _context_year(plan: Plan, lines: list[str]) -> int | None:
    """The year a bare month belongs to: the document's date, else a year in
    its title, else the first year written in full in the text."""
    if plan.date:
        return int(plan.date[:4])
    for text in [plan.title or ""] + lines:
        m = _YEAR_IN.search(text)
        if m:
            return int(m.group(1))
    return None

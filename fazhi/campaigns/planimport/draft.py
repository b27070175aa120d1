"""From a parsed plan (fazhi.plan/1) to the draft the import page edits, and the rules that
fill its defaults. Pure functions: nothing here reads or writes the database.

The draft is the plan dict itself, with a few keys added so that the browser can edit it
and post it back whole (no state is kept on the server between the two requests):

* ``year``                        the campaign's year;
* ``phases[].opens``              the kinds of work the phase opens (WorkKind values);
* ``phases[].start/end``          full ISO dates; ``start_printed/end_printed`` keep a partial
                                  date as printed ("2018-09") so the page can warn about it;
* ``quotas[].level``              the DemoLevel; ``per_unit`` chooses the scope; ``note`` keeps
                                  the scope as printed; ``kind`` minimum / cap / exact as the
                                  plan words it (至少 / 不超过 or a bare number);
* ``outline[].kind``              "task" or "heading".

Task or heading. A Task has no "assignable" flag, so the mark is stored in what the flag
would mean: a node marked as a task gets ``applies_to`` (the unit kinds it is for: those
named by the nearest heading above it that names 行政部门 / 机构 / 窗口, else all three);
a node marked as a heading is a container and gets an empty ``applies_to``. Both become
Task rows, so the tree keeps the plan's numbering.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from fazhi.campaigns.choices import DemoLevel, QuotaKind, WorkKind
from fazhi.core.formats import cn_date
from fazhi.org.choices import UnitKind

from . import messages as m

TASK, HEADING = "task", "heading"

# Phase names → the work they open. A phase that does the work (组织实施, 规范建设, 整改落实)
# opens progress reporting; a closing phase (总结验收, 考核评估) opens self-assessment,
# inspection and nomination. A phase matching neither (动员部署) opens nothing. The office
# can change every box on the page before creating the campaign.
PROGRESS_WORDS = ("实施", "推进", "建设", "整改", "落实", "执行", "开展", "创建")
REVIEW_WORDS = ("总结", "验收", "评估", "考评", "考核", "评选", "检查", "评比")

# Top-level sections that describe the plan rather than give work: their items default to
# headings (not assignable). Everything else: a node with children is a heading, a leaf a task.
NON_TASK_SECTIONS = re.compile(r"指导思想|总体要求|总体目标|工作目标|目标任务|基本原则|实施步骤|方法步骤|步骤|时间安排|工作进度"
                               r"|保障措施|工作要求|组织领导|组织保障|有关要求")

# The unit kinds a heading names, most specific first (a 窗口 is inside a 机构).
KIND_WORDS = (("行政部门", UnitKind.ADMIN_DEPT), ("窗口", UnitKind.WINDOW), ("机构", UnitKind.INSTITUTION))
ALL_KINDS = [UnitKind.ADMIN_DEPT.value, UnitKind.INSTITUTION.value, UnitKind.WINDOW.value]

ISSUED_TITLE = re.compile(r"^关于印发(.+?)的通知$")
ISO_DATE = re.compile(r"^(\d{4}|-)(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")  # "--05-02": year unknown
HEADING_MAX = 300  # Task.heading


def resolve_date(value, *, end: bool = False, year: int | None = None) -> dt.date | None:
    """A full or partial ISO date as a date: "2018-09" is the 1st, or as an end the 30th.
    A date printed without its year ("--05-02", "--09") takes `year` (the campaign's).

    None or "" gives None; anything else that is not a date raises ValueError.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    match = ISO_DATE.match(str(value).strip())
    if not match or (match[1] == "-" and not (year and match[2])):
        raise ValueError(value)
    year, month, day = (int(match[1]) if match[1] != "-" else int(year)), match[2], match[3]
    if day:
        return dt.date(year, int(month), int(day))
    if month:
        month = int(month)
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def is_partial(value) -> bool:
    return (isinstance(value, str) and bool(ISO_DATE.match(value.strip())) and not no_year(value)
            and value.strip().count("-") < 2)


def no_year(value) -> bool:
    return isinstance(value, str) and value.strip().startswith("--")


def phase_opens(name: str) -> list[str]:
    opens = []
    if any(w in name for w in PROGRESS_WORDS):
        opens.append(WorkKind.PROGRESS.value)
    if any(w in name for w in REVIEW_WORDS):
        opens += [WorkKind.SELF_ASSESSMENT.value, WorkKind.INSPECTION.value, WorkKind.NOMINATION.value]
    return opens


def quota_level(what: str) -> str:
    """示范行政部门 / 示范机构 / 示范窗口 → DemoLevel; "" when the plan counts something else."""
    what = what or ""
    if "行政部门" in what:
        return DemoLevel.ADMIN_DEPT.value
    if "窗口" in what:
        return DemoLevel.WINDOW.value
    if "机构" in what or "医院" in what:
        return DemoLevel.INSTITUTION.value
    return ""


def kinds_named(text: str) -> list[str]:
    for word, kind in KIND_WORDS:
        if word in (text or ""):
            return [kind.value]
    return []


def applies_to_for(ancestors_and_self: list[dict]) -> list[str]:
    """The unit kinds of a task: those of the section it sits in (the outermost heading on its
    path naming 行政部门 / 机构 / 窗口), so an item of 「行政部门任务清单」 that mentions a 窗口 is
    still for administrative departments; the task's own words only when no section names a
    kind; else all three."""
    for node in ancestors_and_self[:-1] + ancestors_and_self[-1:]:
        kinds = kinds_named(node.get("heading", ""))
        if kinds:
            return kinds
    return list(ALL_KINDS)


def campaign_title(title: str | None) -> str:
    """"关于印发X的通知" names the covering notice; the campaign is X."""
    title = (title or "").strip()
    match = ISSUED_TITLE.match(title)
    return match[1] if match else title


def split_heading(heading: str, text: str) -> tuple[str, str]:
    """Keep a heading within the Task column; the overflow goes to the front of the text."""
    if len(heading) <= HEADING_MAX:
        return heading, text
    return heading[:HEADING_MAX], heading[HEADING_MAX:] + ("\n" + text if text else "")


def _context_year(plan: dict) -> int:
    for value in [plan.get("date")] + [p.get("start") for p in plan.get("phases") or []]:
        if isinstance(value, str) and re.match(r"^\d{4}", value):
            return int(value[:4])
    found = re.search(r"(20\d\d)年", plan.get("title") or "") or re.search(r"(20\d\d)年", plan.get("text") or "")
    return int(found[1]) if found else dt.date.today().year


QUOTA_PARAGRAPH = re.compile(r"创建指标|示范.{0,6}指标|创建数量")


def _is_quota_paragraph(node: dict, quota_lines: set[int]) -> bool:
    lines = node.get("lines") or []
    inside = bool(lines) and any(lines[0] <= n <= lines[-1] for n in quota_lines)
    return not node.get("children") and inside and bool(QUOTA_PARAGRAPH.search(node.get("heading") or ""))


def _outline(nodes: list[dict], top: str | None = None, *, quota_lines: set[int] = frozenset(),
             warnings: list[str] | None = None) -> list[dict]:
    out = []
    for node in nodes or []:
        if _is_quota_paragraph(node, quota_lines):
            if warnings is not None:
                warnings.append(str(m.QUOTA_PARAGRAPH).format(heading=(node.get("heading") or "").rstrip("。"),
                                                             line=(node.get("lines") or [""])[0]))
            continue
        section = top if top is not None else node.get("heading", "")
        children = _outline(node.get("children") or [], section, quota_lines=quota_lines, warnings=warnings)
        if children or NON_TASK_SECTIONS.search(section or ""):
            kind = HEADING
        else:
            kind = TASK
        out.append({"label": node.get("label", ""), "level": node.get("level", 1), "heading": node.get("heading", ""),
                    "text": node.get("text", ""), "lines": list(node.get("lines") or []), "kind": kind,
                    "children": children})
    return out


def _phases(plan: dict, warnings: list[str], year: int) -> list[dict]:
    phases = []
    for p in plan.get("phases") or []:
        name = p.get("name") or ""
        phase = {"name": name, "line": p.get("line"), "opens": phase_opens(name),
                 "start": None, "end": None, "start_printed": None, "end_printed": None}
        for key, end in (("start", False), ("end", True)):
            value = p.get(key)
            try:
                day = resolve_date(value, end=end, year=year)
            except ValueError:
                day = None
            phase[key] = day.isoformat() if day else None
            if day and no_year(value):
                phase[f"{key}_printed"] = value
                warnings.append(str(m.DATE_NO_YEAR).format(what=name, printed=value, year=year))
            elif day and is_partial(value):
                phase[f"{key}_printed"] = value
                warnings.append(str(m.PHASE_PARTIAL).format(name=name, which=m.END if end else m.START,
                                                            printed=value, assumed=cn_date(day)))
        phases.append(phase)
    return phases


def _quotas(plan: dict, warnings: list[str]) -> list[dict]:
    # A plan states its system-wide target twice (总体要求 and 创建指标): the same quota once.
    quotas, seen, merged = [], set(), 0
    for q in plan.get("quotas") or []:
        scope = q.get("scope") or ""
        key = (q.get("what"), q.get("count"), bool(q.get("per_unit")), scope, q.get("kind"))
        if key in seen:
            merged += 1
            continue
        seen.add(key)
        level = quota_level(q.get("what", ""))
        if not level:
            warnings.append(str(m.QUOTA_LEVEL_UNKNOWN).format(line=q.get("line"), what=q.get("full") or q.get("what")))
        note = "" if scope in ("", "全系统") else scope
        kind = q.get("kind") if q.get("kind") in QuotaKind.values else QuotaKind.CAP.value
        quotas.append({"what": q.get("what", ""), "level": level, "kind": kind, "count": q.get("count"),
                       "per_unit": bool(q.get("per_unit")), "scope": scope, "note": note[:200], "line": q.get("line")})
    if merged:
        warnings.append(str(m.QUOTAS_MERGED).format(count=merged))
    return quotas


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def _task_at(outline: list[dict], line) -> dict | None:
    """The deepest task (not heading) whose lines hold the given line."""
    found = None
    for node in _walk(outline):
        lines = node.get("lines") or []
        if node.get("kind") == TASK and lines and isinstance(line, int) and lines[0] <= line <= lines[-1]:
            found = node
    return found


def _deadlines(plan: dict, outline: list[dict], warnings: list[str], year: int) -> list[dict]:
    """Deadlines become the due date of the task they sit in, else milestones (returned).

    A recurring deadline ("每年12月底前") is kept undated, as a milestone of its period.
    """
    milestones = []
    for d in plan.get("deadlines") or []:
        if not isinstance(d, dict):
            continue
        recurring = d.get("recurring") if d.get("recurring") in ("yearly", "quarterly", "monthly") else ""
        try:
            day = None if recurring else resolve_date(d.get("date"), end=True, year=year)
        except ValueError:
            day = None
        what = (d.get("what") or "").strip()
        if day and no_year(d.get("date")):
            warnings.append(str(m.DATE_NO_YEAR).format(what=what[:30], printed=d.get("date"), year=year))
        task = _task_at(outline, d.get("line")) if day else None
        if task is not None and not task.get("due"):
            task["due"] = day.isoformat()
            warnings.append(str(m.DEADLINE_TO_TASK).format(line=d.get("line"), date=cn_date(day),
                                                          task=(task.get("label", "") + task.get("heading", ""))[:30]))
            continue
        if not (day or recurring) or not what:
            continue
        milestones.append({"date": day.isoformat() if day else None, "what": what[:300], "who": (d.get("who") or "")[:200],
                           "to": (d.get("to") or "")[:200], "recurring": recurring, "line": d.get("line")})
    return milestones


def _rules(plan: dict) -> list[dict]:
    lines = (plan.get("text") or "").split("\n")
    rules = []
    for r in plan.get("rules") or []:
        if not isinstance(r, dict) or r.get("op") not in (">=", "<=") or not isinstance(r.get("value"), (int, float)):
            continue
        line = r.get("line")
        text = lines[line - 1].strip() if isinstance(line, int) and 0 < line <= len(lines) else ""
        rules.append({"subject": (r.get("subject") or "")[:200], "op": r["op"], "value": r["value"],
                      "unit": (r.get("unit") or "")[:20], "per": (r.get("per") or "")[:10], "of": (r.get("of") or "")[:200],
                      "line": line, "text": text[:1000]})
    return rules


def _meetings(plan: dict) -> list[dict]:
    keys = ("title", "when", "date", "place", "attendees", "line")
    return [{k: m_.get(k) for k in keys} for m_ in plan.get("meetings") or [] if isinstance(m_, dict) and m_.get("title")]


def build_draft(plan: dict) -> dict:
    """The editable draft of a parsed plan (see the module docstring)."""
    warnings = list(plan.get("warnings") or [])
    draft = dict(plan)
    draft["title"] = campaign_title(plan.get("title"))
    draft["year"] = _context_year(plan)
    draft["phases"] = _phases(plan, warnings, draft["year"])
    draft["quotas"] = _quotas(plan, warnings)
    quota_lines = {q.get("line") for q in plan.get("quotas") or [] if isinstance(q.get("line"), int)}
    draft["outline"] = _outline(plan.get("outline") or [], quota_lines=quota_lines, warnings=warnings)
    draft["milestones"] = _deadlines(plan, draft["outline"], warnings, draft["year"])
    draft["rules"] = _rules(plan)
    draft["meetings"] = _meetings(plan)
    draft["responsibilities"] = [r for r in plan.get("responsibilities") or [] if isinstance(r, dict)]
    draft["warnings"] = warnings
    # What the page does not edit stays out of the round trip through the browser.
    for key in ("documents", "preamble", "tail"):
        draft.pop(key, None)
    return draft

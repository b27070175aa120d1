"""From a parsed plan (fazhi.plan/1) to the draft the import page edits, and the rules that
fill its defaults. Pure functions: nothing here reads or writes the database.

The draft is the plan dict itself, with a few keys added so that the browser can edit it
and post it back whole (no state is kept on the server between the two requests):

* ``year``                        the campaign's year;
* ``phases[].opens``              the kinds of work the phase opens (WorkKind values);
* ``phases[].start/end``          full ISO dates; ``start_printed/end_printed`` keep a partial
                                  date as printed ("2018-09") so the page can warn about it;
* ``quotas[].level``              the DemoLevel; ``per_unit`` chooses the scope; ``note`` keeps
                                  the scope as printed;
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

from fazhi.campaigns.choices import DemoLevel, WorkKind
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
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
HEADING_MAX = 300  # Task.heading


def resolve_date(value, *, end: bool = False) -> dt.date | None:
    """A full or partial ISO date as a date: "2018-09" is the 1st, or as an end the 30th.

    None or "" gives None; anything else that is not a date raises ValueError.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    match = ISO_DATE.match(str(value).strip())
    if not match:
        raise ValueError(value)
    year, month, day = int(match[1]), match[2], match[3]
    if day:
        return dt.date(year, int(month), int(day))
    if month:
        month = int(month)
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def is_partial(value) -> bool:
    return isinstance(value, str) and bool(ISO_DATE.match(value.strip())) and value.strip().count("-") < 2


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
    """The unit kinds of a task: named by the nearest heading on its path, else all."""
    for node in reversed(ancestors_and_self):
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


def _outline(nodes: list[dict], top: str | None = None) -> list[dict]:
    out = []
    for node in nodes or []:
        section = top if top is not None else node.get("heading", "")
        children = _outline(node.get("children") or [], section)
        if children or NON_TASK_SECTIONS.search(section or ""):
            kind = HEADING
        else:
            kind = TASK
        out.append({"label": node.get("label", ""), "level": node.get("level", 1), "heading": node.get("heading", ""),
                    "text": node.get("text", ""), "lines": list(node.get("lines") or []), "kind": kind,
                    "children": children})
    return out


def _phases(plan: dict, warnings: list[str]) -> list[dict]:
    phases = []
    for p in plan.get("phases") or []:
        name = p.get("name") or ""
        phase = {"name": name, "line": p.get("line"), "opens": phase_opens(name),
                 "start": None, "end": None, "start_printed": None, "end_printed": None}
        for key, end in (("start", False), ("end", True)):
            value = p.get(key)
            try:
                day = resolve_date(value, end=end)
            except ValueError:
                day = None
            phase[key] = day.isoformat() if day else None
            if day and is_partial(value):
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
        key = (q.get("what"), q.get("count"), bool(q.get("per_unit")), scope)
        if key in seen:
            merged += 1
            continue
        seen.add(key)
        level = quota_level(q.get("what", ""))
        if not level:
            warnings.append(str(m.QUOTA_LEVEL_UNKNOWN).format(line=q.get("line"), what=q.get("full") or q.get("what")))
        note = "" if scope in ("", "全系统") else scope
        quotas.append({"what": q.get("what", ""), "level": level, "count": q.get("count"), "per_unit": bool(q.get("per_unit")),
                       "scope": scope, "note": note[:200], "line": q.get("line")})
    if merged:
        warnings.append(str(m.QUOTAS_MERGED).format(count=merged))
    return quotas


def build_draft(plan: dict) -> dict:
    """The editable draft of a parsed plan (see the module docstring)."""
    warnings = list(plan.get("warnings") or [])
    draft = dict(plan)
    draft["title"] = campaign_title(plan.get("title"))
    draft["year"] = _context_year(plan)
    draft["phases"] = _phases(plan, warnings)
    draft["quotas"] = _quotas(plan, warnings)
    draft["outline"] = _outline(plan.get("outline") or [])
    draft["warnings"] = warnings
    # What the page does not edit stays out of the round trip through the browser.
    for key in ("documents", "preamble", "tail"):
        draft.pop(key, None)
    return draft

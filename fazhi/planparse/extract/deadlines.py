"""Deadlines: something due by a date, in the ways plans write it.

* "于5月15日前报市卫生计生委行政审批科", "10月底前完成…" (a date followed by 前);
* a date followed by a completion verb: "9月底完成自查", "6月份全面完成",
  "11月上旬对工作进行总结"; "从2021年3月开始，10月基本完成" is 2021-10;
* relative to the plan's year: 年底前, 年内, 上半年, 下半年, 第三季度 (+ 完成 / 前);
  次年1月15日前 is in the following year;
* recurring: "每年第一季度报送…", "于每年12月20日前报送…" (yearly, dated --MM-DD,
  never with an invented year), "每季度末报送…" (quarterly), "每月5日前…" (monthly).

Not deadlines: events on a date ("于5月20日召开动员会"), "自…起施行", and a date
in the brackets of a phase heading (it belongs to the phase).
"""

from __future__ import annotations

import re

from .. import messages
from ..model import Deadline
from ..numerals import cn_to_int
from .dates import DATE, DateRef, _from_match
from .text import sentences, split_outside_brackets

_PREFIX = r"(?:须于|务必于|请于|应于|要于|需于|并于|于|在|截至|截止到?)?\s*"
_BEFORE = re.compile(rf"{_PREFIX}(?:{DATE.pattern})\s*(?:前|之前|以前)")
_DONE_VERB = (r"完成|完工|结束|办结|总结|验收|报送|上报|提交|建成|实现|出台|印发|达到|达标|到位|"
              r"全覆盖|落实到位|收官|通过")
_DONE = re.compile(rf"{_PREFIX}(?:{DATE.pattern})\s*(?:前|内)?\s*"
                   rf"(?=[^，,；;。前]{{0,10}}?(?:{_DONE_VERB}))")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_REL = re.compile(r"(?:(?:于|在|争取|力争)\s*)?(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?"
                  r"(?P<rel>年底|年末|年内|年度内|上半年|下半年|第?(?P<q>[一二三四1-4])季度(?:末)?|底|末|内)"
                  r"\s*(?P<before>前|之前|以前|内)?")
_EVERY = re.compile(r"每(?P<p>年度?|季度|季|月|半年)")
_SEND = re.compile(r"^(?:报送至?|上报至?|报至|报|送交?至?|提交至?|交至?|反馈至?|抄送)(?=[\u4e00-\u9fff])")
_OBJECT = re.compile(r"(?:将|把)(.+)$")
_EVENT = re.compile(r"^\s*(?:在[^，,。；;]{1,20})?(?:召开|举办|举行|开展|启动|起施行|起执行|起实施|起)")
_LEADING = re.compile(r"^[\s，,、:：)）]*(?:前|之前|以前)?[\s，,、]*")
_SUBJECT_FILL = re.compile(r"(?:要|应当?|须|需|必须|务必|请|并|且|同时|要求|争取|力争|确保)+$")


def extract_deadlines(lines: list[str], year: int | None, warnings: list[str],
                      phase_lines: frozenset[int] = frozenset()) -> list[Deadline]:
    found: list[Deadline] = []
    seen_line = 0
    for number, sentence in sentences(lines):
        if " | " in lines[number - 1]:
            continue   # a table row: its 完成时限 is read with the row (tasks.py)
        first_of_line = number != seen_line
        seen_line = number
        if "月" not in sentence and "年" not in sentence and "季" not in sentence:
            continue   # every deadline names a month, a year or a quarter
        body = sentence.rstrip("。；;")
        sentence_year = None   # "从2021年3月开始，10月基本完成": the year runs on
        clauses = split_outside_brackets(body, "，,；;")
        for k, clause in enumerate(clauses):
            rest = clauses[k + 1:]
            hits = _clause_deadlines(clause, rest, number, year, sentence_year, warnings,
                                     skip_brackets=first_of_line and number in phase_lines)
            found.extend(hits)
            if "年" not in clause:
                continue
            for m in DATE.finditer(clause):
                ref = _from_match(m)
                if ref and ref.year:
                    sentence_year = ref.year
    return found


def _in_brackets(clause: str, pos: int) -> bool:
    depth = 0
    for ch in clause[:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
    return depth > 0


def _clause_deadlines(clause: str, rest: list[str], number: int, year: int | None,
                      sentence_year: int | None, warnings: list[str], *,
                      skip_brackets: bool) -> list[Deadline]:
    if "月" not in clause and "年" not in clause and "季" not in clause:
        return []
    every = _EVERY.search(clause) if "每" in clause else None
    if every:
        return _recurring(clause, rest, every, number)
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_BEFORE, _DONE):
        for m in pattern.finditer(clause):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            inner = DATE.search(m.group(0))
            ref = _from_match(inner) if inner else None
            if ref is None or ref.month is None:
                continue
            before = clause[:m.start()]
            if re.search(r"(?:自|从)\s*$", before):
                continue   # 自…起施行 / 从…开始: a start, not a deadline
            if pattern is _DONE and _EVENT.match(clause[inner.end() + m.start():]):
                continue   # 于5月20日召开…总结会: an event
            if skip_brackets and _in_brackets(clause, m.start()):
                continue   # the date of a phase heading belongs to the phase
            taken.append((m.start(), m.end()))
            ctx = year
            if ref.needs_year and sentence_year and ref.relative is None:
                ctx = sentence_year
            if ref.year_hidden:
                warnings.append(messages.YEAR_HIDDEN.format(line=number, text=ref.text))
            elif ref.needs_year and ctx is None:
                warnings.append(messages.YEAR_UNKNOWN.format(line=number, text=ref.text))
            out.append(_deadline(clause, m.start(), m.end(), rest, ref.iso_end(ctx), number))
    if out:
        return out
    for m in _REL.finditer(clause):
        if m.group("rel") in ("底", "末", "内") and not m.group("y"):
            continue   # 底/末/内 alone belong to a year: "2025年底"
        after = clause[m.end():]
        if not (m.group("before") or re.match(rf"\s*(?:基本|全面|全部|如期)?\s*(?:{_DONE_VERB})", after)):
            continue
        if re.search(r"(?:今|本|当|每|去|上|明|\d)$", clause[:m.start()]):
            continue
        explicit = int(m.group("y")) if m.group("y") else None
        iso = _relative_iso(m, explicit or year)
        if explicit is None and year is None:
            warnings.append(messages.YEAR_UNKNOWN.format(line=number, text=m.group("rel")))
        out.append(_deadline(clause, m.start(), m.end(), rest, iso, number))
        break
    return out


def _relative_iso(m: re.Match, year: int | None) -> str:
    rel = m.group("rel")
    if m.group("q"):
        month = _QUARTER[m.group("q")] * 3
        day = 30 if month in (6, 9) else 31
    elif rel == "上半年":
        month, day = 6, 30
    else:
        month, day = 12, 31
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _recurring(clause: str, rest: list[str], every: re.Match, number: int) -> list[Deadline]:
    period = every.group("p")
    tail = clause[every.end():]
    if period.startswith("年"):
        kind = "yearly"
        m = DATE.search(tail)
        ref = _from_match(m) if m else None
        q = re.match(r"\s*第?([一二三四1-4])季度", tail)
        if ref and ref.month and m.start() <= 2:
            date = DateRef(ref.text, None, False, ref.month, ref.day, ref.part, 0, 0).iso_end(None)
            end = m.end()
        elif q:
            month = _QUARTER[q.group(1)] * 3
            date, end = f"--{month:02d}-{30 if month in (6, 9) else 31:02d}", q.end()
        elif re.match(r"\s*(?:年底|年末|底|末)", tail):
            date, end = "--12-31", re.match(r"\s*(?:年底|年末|底|末)", tail).end()
        else:
            return []
    else:
        kind = {"季度": "quarterly", "季": "quarterly", "月": "monthly", "半年": None}[period]
        if kind is None:
            return []
        m = re.match(r"\s*(?:末|初|底|结束后)?\s*(?:前|后)?\s*(?:(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]\s*(?:前|之前|以前)?)?", tail)
        end = m.end() if m else 0
        if not m.group(0).strip():
            return []
        date = None
    start = every.start()
    stop = every.end() + end
    after = clause[stop:]
    after = _LEADING.sub("", re.sub(r"^\s*(?:前|之前|以前)", "", after))
    if not re.match(rf"(?:{_DONE_VERB}|报|送|上报|提交|汇总|开展|组织|进行|对|向)", after) \
            and "前" not in clause[start:stop]:
        return []
    d = _deadline(clause, start, stop, rest, date, number)
    d.recurring = kind
    return [d]


def _deadline(clause: str, start: int, end: int, rest: list[str], iso: str | None,
              number: int) -> Deadline:
    before = re.sub(r"(?:须|务必|请|应|要|需|并)?(?:于|在)\s*$", "", clause[:start]).strip()
    inside = _in_brackets(clause, start)
    after = clause[end:]
    if inside:
        # "完成自查（6月30日前）": the action is before the bracket.
        after = ""
        before = re.sub(r"[（(][^（(]*$", "", before).strip()
    after = _LEADING.sub("", after).strip()
    if not after and not inside:
        after = next((c.strip() for c in rest if c.strip()), "")
    to = None
    who = None
    toward = _TOWARD.match(after)
    if toward:
        # "向市卫生局报告上一年度情况": the recipient, then the action.
        return Deadline(iso, toward.group(2) + toward.group(3), toward.group(1), _who(before), number)
    moved = re.match(r"^(?:将|把)(.+)$", after)
    if moved:
        split = _split_send(moved.group(1))
        if split:
            return Deadline(iso, split[0], split[1], _who(before), number)
    send = _SEND.match(after)
    if send and not _ORG_END.search(after[send.end():].strip()):
        send = None   # 报送上年度工作情况: an object, not a recipient
    obj = _OBJECT.search(before)
    if send:
        to = after[send.end():].strip() or None
        if obj:
            what = obj.group(1).strip()
            who = before[:obj.start()].strip() or None
        elif before:
            # "自查报告须于6月30日前报市卫健委": what is sent is the subject.
            what = _who(before) or after
        else:
            what = after
    elif inside:
        what, who = before, None
    else:
        what = after
        who = before or None
    what = what.strip(" ，,、)）")
    return Deadline(iso, what, to, _who(who), number)


_TOWARD = re.compile(r"^向(.{2,40}?)(报告|报送|汇报|提交|上报|报)(.+)$")
_SEND_ANY = re.compile(r"报送至?|上报至?|报至|报|送交?至?|提交至?|交至|反馈至?")
_ORG_END = re.compile(r"(?:委员会|委|局|厅|办|办公室|科|股|处|室|中心|院|所|站|队|组|部|会|政府|单位|机构)$")


def _split_send(text: str) -> tuple[str, str] | None:
    """"自查报告报市卫生健康委" → (自查报告, 市卫生健康委): the last send verb
    followed by the name of an organisation."""
    best = None
    text = re.sub(r"[（(][^（）()]*[）)]?$", "", text).strip()   # （邮箱：…）, （联系人：…）
    for m in _SEND_ANY.finditer(text):
        to = text[m.end():].strip()
        if m.start() > 0 and to and _ORG_END.search(to):
            best = (text[:m.start()].strip(), to)
    return best


def _who(text: str | None) -> str | None:
    if not text:
        return None
    return _SUBJECT_FILL.sub("", re.sub(r"^(?:并|且|同时)", "", text.strip())).strip() or None

"""Numeric rules: "每年至少举办两期法治专题培训" → subject ≥ 2 期 per year;
"不得低于总学时的20%" → ratio ≥ 0.20 of the total."""

from __future__ import annotations

import re

from ..model import Rule
from ..numerals import CN_NUM_CHARS, to_number
from .text import sentences, split_outside_brackets

NUM = rf"(?:\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+)"
_GE = "至少|不少于|不得少于|不应少于|不低于|不得低于|不应低于|最少|不小于"
# 最多 alone is left out: "最多跑一次" is a slogan, not a limit.
_LE = "不超过|不得超过|不应超过|不多于|不得多于|不高于|不得高于|不大于"
_OP = re.compile(rf"({_GE}|{_LE})")
UNITS = ("个工作日", "个月", "学时", "课时", "学分", "小时", "工作日", "次", "期", "场", "天", "日",
         "周", "年", "篇", "人次", "人", "名", "项", "份", "个", "家", "所", "条", "分钟", "课")
_UNIT = "|".join(UNITS)
_ITEM = re.compile(rf"({NUM})\s*({_UNIT})")
_QUOTA_VERB = re.compile(r"创建|评选|培养|培育|树立|建成|打造|争创|选树|命名|推荐|遴选")
_PERCENT = re.compile(rf"^(?:(.*?)的)?\s*({NUM})\s*[%％]")
_PER = [("每年度", "year"), ("每年", "year"), ("每半年", "half-year"), ("每季度", "quarter"),
        ("每季", "quarter"), ("每月", "month"), ("每周", "week"), ("每学期", "term"), ("每天", "day"),
        ("每日", "day")]
_ADVERBS = re.compile(r"(?:一般|均|应当?|须|必须|要|原则上|都|每年度?|每季度?|每月|每周|每半年)+$")


def _per(text: str) -> str | None:
    for word, period in _PER:
        if word in text:
            return period
    return None


def _subject_before(text: str) -> str:
    # The subject is the clause's head up to the operator, minus modal words.
    text = re.sub(r"^(?:将|并|同时|且)", "", text.strip())
    return _ADVERBS.sub("", text).strip(" ，,")


def extract_rules(lines: list[str]) -> list[Rule]:
    rules: list[Rule] = []
    for number, sentence in sentences(lines):
        for clause in split_outside_brackets(sentence.rstrip("。；;"), "，,；;"):
            for m in _OP.finditer(clause):
                rules.extend(_rules_at(clause, m, number, sentence))
    return rules


def _rules_at(clause: str, m: re.Match, number: int, sentence: str) -> list[Rule]:
    op = ">=" if re.fullmatch(_GE, m.group(1)) else "<="
    before, after = clause[:m.start()], clause[m.end():]
    per = _per(before) or _per(sentence[:sentence.find(clause)] if clause in sentence else "")
    pct = _PERCENT.match(after)
    if pct:
        value = to_number(pct.group(2))
        if value is None:
            return []
        of = pct.group(1).strip() if pct.group(1) else None
        return [Rule(_subject_before(before), op, round(value / 100, 6), "ratio", per, of, number)]
    items = list(_ITEM.finditer(after))
    # The first number must come soon after the operator ("至少对…进行1次督导").
    if not items or items[0].start() > 24 or "，" in after[:items[0].start()]:
        return []
    if _QUOTA_VERB.search(after[:items[0].start()]):
        return []   # "至少创建1个示范窗口" is a quota, not a rule
    if items[0].group(2) in ("个", "家", "所") and re.search(r"示范|试点|标杆|样板", before):
        return []   # "示范窗口不少于3个" is a quota too
    out = []
    for k, item in enumerate(items):
        value = to_number(item.group(1))
        if value is None:
            continue
        stop = items[k + 1].start() if k + 1 < len(items) else len(after)
        noun = after[item.end():stop].strip()
        noun = re.sub(r"^(?:以上|以内)", "", noun)
        noun = re.sub(r"[、和及与]$", "", noun).strip()
        if k + 1 < len(items) and not noun:
            continue
        between = re.sub(r"^(?:组织|开展|举办|举行|进行|召开|参加|接受|完成)", "",
                         after[:items[0].start()].strip()) if k == 0 else ""
        # "至少组织执法人员培训2次": the counted thing stands before the number.
        subject = noun or between or _subject_before(before)
        if not re.search(r"[\u4e00-\u9fff]", subject):
            continue
        out.append(Rule(subject, op, value, item.group(2), per, None, number))
    return out

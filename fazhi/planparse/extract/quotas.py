"""Quotas: how many units are to be created or selected, and by whom.

Shapes:

* a verb and counted items: "全系统年内评选树立1个示范行政部门、3个示范机构" (one quota
  per listed number), "各县区至少推荐1个示范窗口参评" (each unit: ``per_unit``);
* a selection with named members: "遴选甲区、乙县、丙县等3个县（区）作为首批试点",
  "确定A、B、C 3家医院为示范点" (``members``);
* the count after the noun: "力争培育省级示范医院2家", "示范窗口不少于3个".

Each quota says how it binds (``kind``), from the words next to its number: 至少, 不少于,
不低于, 最少 or "…以上" make it a minimum the scope must reach; 不超过, 最多, 至多, 限 or
"…以内" a cap; a bare number ("各县（市、区）重点培养1个") is a cap, the most a scope may put
forward; a selection that names its members is exact.

Not quotas: achievements (今年共创建3个…, 已建成…), thresholds (不足5家的), staffing
(确定2名联络员), service standards.  A target stated twice (goals, then the
创建指标 section) is one quota with both source lines.
"""

from __future__ import annotations

import re

from ..model import Quota
from ..numerals import CN_NUM_CHARS, to_number
from .text import sentences, split_outside_brackets

NUM = rf"(?:\d+|[{CN_NUM_CHARS}]+)"
# 一批/一支 are not counts ("评选出一批先进单位").
_MEASURE = "个家所处"
_VERBS = "创建|评选出?|评出|培养|培育|树立|建成|打造|推荐|争创|选树|命名|建设|选拔|认定|遴选|确定|选定|选取"
_BOUND = "至少|不少于|不超过|最多|至多|不多于"
_VERB = re.compile(rf"({_VERBS})(?:出|了)?\s*(?:{_BOUND})?\s*(?={NUM}\s*[{_MEASURE}])")
_ITEM = re.compile(rf"^\s*(?:{_BOUND})?\s*({NUM})\s*([{_MEASURE}])(.+)$")
_FILLER = re.compile(rf"^(?:并|在|由|要|将)|(?:重点|至少|最多|至多|不超过|限|年内|年底前|成功|并|要|力争|争取|共|全年|每年|计划|拟|将|"
                     rf"努力|分别|各自|{_VERBS})+$")
_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度|内)?")
_DONE = re.compile(r"(?:共|已经?|累计|先后|已先后|全年共|今年共|去年|上年|目前|现有|新增了?)\s*$")
_SELECT = re.compile(
    rf"(?P<verb>遴选|确定|选定|选取|选择|推荐)\s*(?P<members>[^，,。；;]{{1,80}}?)\s*(?:等|共)?\s*"
    rf"(?P<n>{NUM})\s*(?P<m>[{_MEASURE}])(?P<noun>[^，,。；;为]{{1,12}}?)\s*(?:作为|为|开展)(?P<what>[^，,。；;]{{2,20}})")
_KIND = r"示范|试点|标杆|样板|基地|先进|品牌|星级"
_AFTER = re.compile(rf"(?:{_VERBS}|力争|争取)?\s*(?P<noun>[\u4e00-\u9fff（）()]{{0,16}}?(?:{_KIND})[\u4e00-\u9fff]{{0,8}}?)"
                    rf"\s*(?:不少于|至少|达到|不超过|最多|至多|不多于)?\s*(?P<n>{NUM})\s*(?P<m>[{_MEASURE}])(?:以上)?$")
_EACH = re.compile(r"^((?:各|每个?)[\u4e00-\u9fff（）()、]{0,10}(?:市|县|区|单位|机构|医院|街道|乡镇|部门))")
_MINIMUM = re.compile(r"至少|不少于|不得少于|不应少于|不低于|最少|最低")
_CAP = re.compile(r"不超过|不得超过|不多于|最多|至多|(?<![期年时权有界])限")
MINIMUM, CAP, EXACT = "minimum", "cap", "exact"


def _kind(before: str, after: str = "") -> str | None:
    """How a number binds, from the few characters before it and what follows its measure
    word; None when the wording says nothing (the caller's default applies)."""
    window = before[-10:]
    if _MINIMUM.search(window) or after.startswith("以上"):
        return MINIMUM
    if _CAP.search(window) or after.startswith("以内"):
        return CAP
    return None


_TRAIL = re.compile(r"(?:参评|参选|参加评选|参与评选|申报|候选|进行评选)$")


def _scope(prefix: str) -> str:
    text = _YEAR.sub("", prefix.strip())
    previous = None
    while text and text != previous:
        previous = text
        text = _FILLER.sub("", text).strip()
        text = _YEAR.sub("", text).strip()
    return text or "全系统"


def _what(noun: str) -> str:
    # The kind of demonstration unit is what gets counted; qualifiers before
    # 示范 ("法治创建") are the same for all quotas of a plan.
    return noun[noun.index("示范"):] if "示范" in noun else noun


def extract_quotas(lines: list[str]) -> list[Quota]:
    quotas: list[Quota] = []
    for number, sentence in sentences(lines):
        for clause in split_outside_brackets(sentence.rstrip("。；;"), "，,；;"):
            found = _selection(clause, number) or _counted(clause, number) or _count_after(clause, number)
            quotas.extend(found)
    return _merge(quotas)


def _selection(clause: str, number: int) -> list[Quota]:
    m = _SELECT.search(clause)
    if not m:
        return []
    members = [x.strip() for x in re.split(r"[、和及]", m.group("members")) if x.strip()]
    count = to_number(m.group("n"))
    if len(members) < 2 or not isinstance(count, int):
        return []
    what = m.group("what").strip()
    return [Quota(_what(what), count, _scope(clause[:m.start()]), False,
                  m.group("noun").strip() or what, number, members=members, kind=EXACT)]


def _counted(clause: str, number: int) -> list[Quota]:
    out: list[Quota] = []
    m = _VERB.search(clause)
    if not m or _DONE.search(clause[:m.start()]) or clause[m.end(1):m.end(1) + 1] == "了":
        return out
    scope = _scope(clause[:m.start()])
    kind = _kind(clause[:m.end()]) or CAP
    rest = clause[m.end():]
    pieces = re.split(rf"、|(?:和|及|以及)(?={NUM}\s*[{_MEASURE}])", rest)
    for piece in pieces:
        item = _ITEM.match(piece)
        if not item:
            break
        count = to_number(item.group(1))
        noun = re.split(r"并|，|,|的基础", item.group(3))[0].strip()
        piece_kind = _kind(piece[:item.start(1)], noun) or kind
        noun = re.sub(r"^(?:以上|以内)", "", noun).strip()
        noun = _TRAIL.sub("", noun).strip()
        if not isinstance(count, int) or not noun:
            break
        out.append(Quota(_what(noun), count, scope, scope.startswith(("各", "每")), noun, number,
                         kind=piece_kind))
    return out


def _count_after(clause: str, number: int) -> list[Quota]:
    m = _AFTER.search(clause)
    if not m:
        return []
    before = clause[:m.start()]
    if _DONE.search(before) or "不足" in clause or "的" in m.group("noun")[-1:]:
        return []
    count = to_number(m.group("n"))
    noun = re.sub(rf"^(?:(?:{_VERBS}|力争|争取)\s*)+", "", m.group("noun").strip())
    if not isinstance(count, int) or not noun:
        return []
    scope = _scope(re.sub(rf"(?:{_VERBS}|力争|争取)+$", "", before))
    each = _EACH.match(noun)
    if each and scope == "全系统":
        # "每个设区市示范窗口不少于3个": the scope opens the noun.
        scope, noun = each.group(1), noun[each.end():]
    kind = _kind(clause[:m.start("n")], clause[m.end("m"):]) or CAP
    return [Quota(_what(noun), count, scope, scope.startswith(("各", "每")), noun, number, kind=kind)]


def _merge(quotas: list[Quota]) -> list[Quota]:
    """One fact, one record: the same target stated again is one quota with
    every source line."""
    out: list[Quota] = []
    index: dict[tuple, Quota] = {}
    for q in quotas:
        # 全市 / 全县 / 全系统 are the same whole.
        scope = "全系统" if q.scope.startswith("全") else q.scope
        key = (q.what, q.count, scope, tuple(q.members), q.kind)
        first = index.get(key)
        if first is not None and q.line not in first.lines:
            first.lines.append(q.line)
            continue
        if first is not None:
            continue   # the same target twice in one line
        q.lines = [q.line]
        index[key] = q
        out.append(q)
    return out

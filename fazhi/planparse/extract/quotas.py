"""Quotas: how many units are to be created or selected, and by whom.

"全系统年内评选树立1个法治创建示范行政部门、3个…" gives one quota per listed
number; the clause's subject (各县（市、区）, a list of institutions, 全系统) is
the scope.
"""

from __future__ import annotations

import re

from ..model import Quota
from ..numerals import CN_NUM_CHARS, to_number
from .text import sentences, split_outside_brackets

NUM = rf"(?:\d+|[{CN_NUM_CHARS}]+)"
# 一批/一支 are not counts ("评选出一批先进单位").
_MEASURE = "个家所处"
_VERBS = "创建|评选出?|评出|培养|培育|树立|建成|打造|推荐|争创|选树|命名|建设|选拔|认定"
_VERB = re.compile(rf"({_VERBS})(?:出|了)?\s*(?:至少|不少于)?\s*(?={NUM}\s*[{_MEASURE}])")
_ITEM = re.compile(rf"^\s*(?:至少|不少于)?\s*({NUM})\s*([{_MEASURE}])(.+)$")
_FILLER = re.compile(rf"^(?:并|在|由|要|将)|(?:重点|至少|年内|年底前|成功|并|要|力争|争取|共|全年|每年|计划|拟|将|"
                     rf"努力|分别|各自|{_VERBS})+$")
_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度|内)?")


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
            m = _VERB.search(clause)
            if not m:
                continue
            scope = _scope(clause[:m.start()])
            rest = clause[m.end():]
            pieces = re.split(rf"、|(?:和|及|以及)(?={NUM}\s*[{_MEASURE}])", rest)
            for piece in pieces:
                item = _ITEM.match(piece)
                if not item:
                    break
                count = to_number(item.group(1))
                noun = re.split(r"并|，|,|的基础", item.group(3))[0].strip()
                if not isinstance(count, int) or not noun:
                    break
                quotas.append(Quota(_what(noun), count, scope,
                                    scope.startswith(("各", "每")), noun, number))
    return quotas

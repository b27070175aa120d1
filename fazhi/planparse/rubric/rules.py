"""Points and scoring rules found in the words of a rubric.

Works on normalised text (ASCII digits, Chinese brackets kept): see
:func:`fazhi.planparse.normalize.normalize_chars`.
"""

from __future__ import annotations

import re

from .model import Rule

N = r"(\d+(?:\.\d+)?)"
_CN_DIGITS = {"一": "1", "两": "2", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
              "九": "9", "十": "10", "半": "0.5"}


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    return float(_CN_DIGITS.get(text, text))


# ---------------------------------------------------------------- points beside a name

# （10分，另设5分奖励分） / （10分，另有加分5分）
_BASE_BONUS = re.compile(rf"[（(]{N}分?[，,、；;]\s*另(?:设|有|加)?{N}分(?:的)?(?:奖励分|加分|附加分)?[)）]")
_BONUS_SWAP = re.compile(rf"[（(]{N}分?[，,、；;]\s*另(?:设|有)?(?:奖励分|加分|附加分){N}分[)）]")
# （3分，为加分项）
_BONUS_ONLY = re.compile(rf"[（(](?:加分项?[，,：:]?\s*)?{N}分?(?:[，,、；;]\s*(?:为|系|属)?(?:加分项?|奖励分))?[)）]")
_POINTS = re.compile(rf"[（(]\s*(?:满分|分值|计)?\s*{N}\s*分\s*[)）]")
_POINTS_BARE = re.compile(rf"(?<=[\u4e00-\u9fff”》])[（(]\s*{N}\s*[)）](?=$|[\s：:。；;，,])")
_POINTS_TAIL = re.compile(rf"[，,：:\s]*{N}分$")


def points_in(text: str) -> tuple[str, float | None, float | None]:
    """(text without the points, base points, bonus points) of "组织领导（20分）",
    "完成年度任务(40)", "…（10分，另设5分奖励分）", "…（3分，为加分项）".

    A "(1)" that opens the text is a numbering marker, not points."""
    for pattern, kind in ((_BASE_BONUS, "both"), (_BONUS_SWAP, "both"), (_BONUS_ONLY, "bonus"),
                          (_POINTS, "base"), (_POINTS_BARE, "base")):
        for m in pattern.finditer(text):
            if m.start() == 0:
                continue
            if kind == "bonus" and not re.search("加分|奖励", m.group(0)):
                continue
            rest = (text[:m.start()] + text[m.end():]).strip()
            if kind == "both":
                return rest, _num(m.group(1)), _num(m.group(2))
            if kind == "bonus":
                return rest, 0.0, _num(m.group(1))
            return rest, _num(m.group(1)), None
    return text, None, None


def points_cell(text: str) -> tuple[float | None, float | None]:
    """A points column's value: "3", "3分", "10+5", "加分5"."""
    t = text.replace(" ", "").replace("\n", "")
    m = re.fullmatch(rf"{N}分?", t)
    if m:
        return _num(m.group(1)), None
    m = re.fullmatch(rf"{N}分?\+{N}分?", t)
    if m:
        return _num(m.group(1)), _num(m.group(2))
    m = re.fullmatch(rf"(?:加分|奖励分?)[：:]?{N}分?|{N}分?[（(]?加分[)）]?", t)
    if m:
        return 0.0, _num(m.group(1) or m.group(2))
    _rest, base, bonus = points_in("x" + t)
    return base, bonus


# ---------------------------------------------------------------- rules

D = rf"([\d.]+|[一两二三四五六七八九十半])"
_VETO = re.compile(r"一票否决|实行否决|否决制")
_PER = re.compile(rf"每(?:[^，,；;。]*?)(?:扣(?:除)?|减){D}分")
_PER_ADD = re.compile(rf"每(?:[^，,；;。]*?)加{D}分")
_CAP_DEDUCT = re.compile(rf"(?:最高|最多|累计(?:最多|最高)?|至多)扣{D}分|扣满{D}分|扣分(?:不超过|最高不超过|上限为?){D}分")
_CAP_ADD = re.compile(rf"(?:最高|最多|累计(?:最多|最高)?|至多)(?:可)?加{D}分|加满{D}分|加分(?:不超过|上限为?){D}分")
_ALL = re.compile(r"不得分|得0分|不计分|该项为0分|该项不得分")
_DISCRETION = re.compile(r"酌情|视情况|视情节|视其情况")
_PROPORTION = re.compile(r"比例(?:计分|得分|折算|赋分)|按比例|按[^，,；;。]*?比例")
_FIXED = re.compile(rf"(?:扣(?:除)?|减){D}分")
_ADD = re.compile(rf"加{D}分")
_BAND = re.compile(rf"^(?:([^\s：:，,；;≥≤<>%\d]{{1,4}})\s*[：:]\s*)?(.*?)[，,\s]*(?:的|者)?[，,\s]*(?:得|计|给){D}分$")
_CONDITION = re.compile(r"[≥≤<>＜＞%]|以上|以下|不低于|低于|达到|之间|不足")


def _clauses(text: str) -> list[str]:
    parts = re.split(r"[；;。\n]+", text)
    return [p.strip(" ，,、") for p in parts if p.strip(" ，,、")]


def _first(m: re.Match | None) -> float | None:
    if not m:
        return None
    return _num(next(g for g in m.groups() if g is not None))


_BAND_ZERO = re.compile(r"^(?:([^\s：:，,；;≥≤<>%\d]{1,4})\s*[：:]\s*)?(.*?)[，,\s]*(?:的|者)?[，,\s]*(?:不得分|得0分|计0分)$")


def _band(clause: str, *, zero: bool = False) -> dict | None:
    """One band: a condition and the points it gives; with ``zero``, also "90%以下不得分"
    (a last band giving nothing)."""
    m = _BAND.match(clause)
    if not m and zero:
        z = _BAND_ZERO.match(clause)
        condition = (z.group(2) or "").strip(" ，,") if z else ""
        if z and condition and _CONDITION.search(condition):
            return {"label": z.group(1), "condition": condition, "points": 0.0}
        return None
    if not m:
        return None
    label, condition = m.group(1), (m.group(2) or "").strip(" ，,")
    if not _CONDITION.search(condition) and not label:
        return None
    return {"label": label, "condition": condition or None, "points": _num(m.group(3))}


def parse_clause(clause: str, *, penalty: bool = False) -> Rule | None:
    """The rule one clause states, or None for a clause that is no rule."""
    if _VETO.search(clause):
        return Rule("veto", clause)
    m = _PER_ADD.search(clause)
    if m:
        return Rule("bonus_per", clause, add=_first(m), cap=_first(_CAP_ADD.search(clause)))
    m = _PER.search(clause)
    if m:
        shape = "penalty" if penalty else "per_shortfall"
        return Rule(shape, clause, deduct=_first(m), cap=_first(_CAP_DEDUCT.search(clause)))
    if _PROPORTION.search(clause):
        return Rule("proportional", clause)
    if _DISCRETION.search(clause):
        return Rule("discretionary", clause, cap=_first(_CAP_DEDUCT.search(clause)))
    m = _FIXED.search(clause)
    if m:
        if penalty:
            return Rule("penalty", clause, deduct=_first(m))
        return Rule("fixed", clause, deduct=_first(m))
    if _ALL.search(clause) or "得满分" in clause:
        return Rule("all_or_nothing", clause)
    m = _ADD.search(clause)
    if m:
        return Rule("bonus", clause, add=_first(m), cap=_first(_CAP_ADD.search(clause)))
    return None


def parse_rules(text: str, *, penalty: bool = False, keep_other: bool = True) -> list[Rule]:
    """Rules of a rule cell: one per clause (clauses end at ；。 or a line break);
    consecutive clauses that each give points under a condition make one "bands"
    rule. A clause that states no rule is kept as shape "other" (``keep_other``)
    or joined to the rule before it when it only qualifies it (最高扣6分)."""
    rules: list[Rule] = []
    clauses = _clauses(text or "")
    i = 0
    while i < len(clauses):
        bands = []
        j = i
        while j < len(clauses):
            band = _band(clauses[j], zero=bool(bands))
            if band is None:
                break
            bands.append(band)
            j += 1
        if len(bands) >= 2:
            rules.append(Rule("bands", "；".join(clauses[i:j]), bands=bands))
            i = j
            continue
        clause = clauses[i]
        rule = parse_clause(clause, penalty=penalty)
        if rule is None and rules and (_CAP_DEDUCT.search(clause) or _CAP_ADD.search(clause) or "扣完为止" in clause):
            prev = rules[-1]
            prev.text += "，" + clause
            prev.cap = prev.cap if prev.cap is not None else _first(_CAP_DEDUCT.search(clause) or _CAP_ADD.search(clause))
        elif rule is not None:
            rules.append(rule)
        elif keep_other:
            rules.append(Rule("other", clause))
        i += 1
    return rules


def looks_like_rule(clause: str) -> bool:
    """Whether a clause of a requirement text is a scoring rule rather than a requirement."""
    return bool(_VETO.search(clause) or re.search(rf"(?:扣|加|减){D}分|不得分|得满分|酌情|按比例|比例计分", clause)
                or _band(clause))

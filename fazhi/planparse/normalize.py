"""Character- and line-level clean-up of plan text before parsing.

Order matters: the mojibake repair works on the bytes the page once had, so it
runs first; pinyin annotations are removed before the traditional → simplified
conversion; widths last so that patterns see ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import messages
from .labels import LEVELS, SENTENCE_END, inline_labels, match_label

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A pinyin annotation that a web page inserts after each character: 關(guān).
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]([a-zü{_TONES}]{{1,7}})[)）]")
_TONE_SET = set(_TONES)

# First GB byte of each numeral, used to rebuild a "（一）" label whose bytes were
# shifted by one by a stray byte (it then reads "。ㄒ唬┱…").
_GB_FIRST_BYTE = {"一": 0xD2, "二": 0xB6, "三": 0xC8, "四": 0xCB, "五": 0xCE,
                  "六": 0xC1, "七": 0xC6, "八": 0xB0, "九": 0xBE, "十": 0xCA}
_BYTE_TO_NUMERAL = {v: k for k, v in _GB_FIRST_BYTE.items()}

CELL_SEP = " | "   # between the cells of a table row (see wordfile.grid_lines)
_SPACES = re.compile(r"[\u00a0\u2002-\u200b\u3000\ufeff\t]+")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: loading the dictionaries takes time
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (simplified text passes unchanged)."""
    return _converter().convert(text)


def strip_pinyin(text: str) -> str:
    """Remove "(guān)" annotations after CJK characters; only sequences with a
    tone mark count, so abbreviations like "(CT)" are kept."""
    def repl(m: re.Match) -> str:
        return "" if _TONE_SET.intersection(m.group(1)) else m.group(0)
    return _PINYIN.sub(repl, text)


_HALF_WIDTH = {code: code - 0xFEE0 for code in
               [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_HALF_WIDTH[0x3000] = 0x20


def to_half_width(text: str) -> str:
    """Full-width digits, Latin letters and spaces → ASCII; Chinese punctuation
    (including （）) is kept because it is part of labels as printed."""
    return text.translate(_HALF_WIDTH)


def repair_shifted_label(line: str) -> tuple[str, str | None]:
    """Rebuild a "（一）" label garbled by a one-byte shift ("。ㄒ唬┱匍_…").

    Returns the line and the rebuilt label (None if nothing was done)."""
    if len(line) < 4 or line[0] != "。":
        return line, None
    try:
        raw = line.encode("gb18030")
    except UnicodeEncodeError:
        return line, None
    # "（" is A3 A8 in GB; shifted, the A8 pairs with the numeral's first byte.
    if len(raw) < 6 or raw[:3] != b"\xa1\xa3\xa8":
        return line, None
    numeral = _BYTE_TO_NUMERAL.get(raw[3])
    if numeral is None:
        return line, None
    fixed = raw[1:].decode("gb18030", errors="replace")
    label = f"（{numeral}）"
    if fixed.startswith(label):
        return fixed.replace("\ufffd", ""), label
    # The numeral's second byte and the "）" were lost: drop the broken char.
    return label + fixed[2:].replace("\ufffd", ""), label


_YEAR_MONTH = re.compile(r"(?<![\d年])((?:19|20)\d{2})(1[0-2]|[1-9])月")
_MONTH_DAY_BEFORE = re.compile(r"(?<![\d年月/.\-])(1[0-2]|[1-9])([0-2]\d|3[01])日(?=前|之前|以前)")


def repair_dates(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Put back a 年/月 that a web copy dropped ("20142月" → "2014年2月",
    "在310日前" → "在3月10日前"); returns the line and the repairs made."""
    repairs = []

    def ym(m: re.Match) -> str:
        after = f"{m.group(1)}年{m.group(2)}月"
        repairs.append((m.group(0), after))
        return after

    def md(m: re.Match) -> str:
        after = f"{m.group(1)}月{int(m.group(2))}日"
        repairs.append((m.group(0), after))
        return after

    line = _YEAR_MONTH.sub(ym, line)
    line = _MONTH_DAY_BEFORE.sub(md, line)
    return line, repairs


_TAB_ROW = re.compile(r"[ ]*\t+[ ]*")


def _tab_rows(text: str) -> str:
    """A table copied from a page or a sheet: cells separated by tabs become a
    row whose cells are separated by " | " (two tabs or more on the line)."""
    if "\t" not in text:
        return text
    return "\n".join(CELL_SEP.join(c.strip() for c in _TAB_ROW.split(line.strip()))
                     if line.count("\t") >= 2 and line.strip() else line
                     for line in text.split("\n"))


def normalize_chars(text: str) -> str:
    """Unicode-level normalisation of a whole text (no line logic)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _tab_rows(text)
    text = "\n".join(repair_shifted_label(line)[0] for line in text.split("\n"))
    text = strip_pinyin(text)
    text = to_simplified(text)
    text = unicodedata.normalize("NFC", text)
    text = to_half_width(text)
    return _SPACES.sub(" ", text)


# ---------------------------------------------------------------- line logic

DOC_TYPES = ("方案", "通知", "意见", "办法", "规定", "报告", "计划", "细则", "决定",
             "要点", "规划", "纲要", "总结", "函", "请示", "批复", "公告", "通报", "标准")
_CONTINUES = "，,、（(“‘《—-"
_ENDS = "。！!？?；;：:…”’）)》】"


def _ends_sentence(line: str) -> bool:
    return line[-1] in _ENDS


# Lines of a 版头 that stand alone: disclosure metadata, a 文号, "…文件".
_STANDALONE = re.compile(
    r"^[·•\-*]?\s*(?:索引号|发布机构|发文机关|发文单位|成文日期|发文日期|文号|发文字号|主题分类|公开方式|"
    r"发布日期|公开日期|体裁分类|有效性)\s*[:：]"
    r"|^[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]?\s*(?:19|20)[\d*]{2}\s*[〕\]］】)）]?\s*\d{1,4}\s*号?$")


def _should_join(prev: str, nxt: str, in_head: bool) -> bool:
    """Whether ``nxt`` continues the sentence that ``prev`` broke off."""
    if not prev or not nxt or match_label(nxt) or nxt.startswith("附件"):
        return False
    if _STANDALONE.search(nxt) or _STANDALONE.search(prev) or prev.endswith("文件"):
        return False
    if CELL_SEP in prev or CELL_SEP in nxt:
        return False   # table rows stand alone
    # "…抓好落实。(二)明确工作重点": judge by the item that ends the line.
    for pos, _label in reversed(inline_labels(prev)):
        if prev[pos - 1] in SENTENCE_END:
            prev = prev[pos:]
            break
    if prev[-1] in _CONTINUES:
        return True
    if _ends_sentence(prev) or prev.endswith(DOC_TYPES):
        return False
    if in_head and "关于" in prev and len(nxt) <= 30 and not _ends_sentence(nxt):
        return True   # a title printed on two lines
    label = match_label(prev)
    body = len(prev) - (len(label.text) if label else 0)
    # Headings are short and unpunctuated; a line broken mid-sentence is long.
    return body >= (40 if label else 20)


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines broken in mid-sentence; blank lines are paragraph breaks and
    are never joined across (they are dropped from the result)."""
    out: list[str] = []
    prev_blank = True
    seen_label = False
    for raw in lines:
        line = raw.strip()
        if line.endswith(("|", "｜")):
            # A table flattened to text: one cell per line with a trailing bar.
            line = line.rstrip("|｜ ")
        if not line:
            prev_blank = True
            continue
        if out and not prev_blank and _should_join(out[-1], line, not seen_label):
            out[-1] += line
        else:
            out.append(line)
        if match_label(line):
            seen_label = True
        prev_blank = False
    return out


def split_run_together(lines: list[str]) -> list[str]:
    """Split lines holding several numbered items ("一、目标(一)指导思想")."""
    last: dict[str, int] = {}
    out: list[str] = []
    for line in lines:
        if line.startswith("附件") or CELL_SEP in line:
            out.append(line)
            continue
        pieces = _split_line(line, last)
        out.extend(pieces)
    return out


def _split_line(line: str, last: dict[str, int], *, soft: bool = False) -> list[str]:
    """Cut ``line`` before run-together labels; ``soft``: in flattened text a
    space before a label counts as a sentence end."""
    lead = match_label(line)
    if lead:
        _note(last, lead)
    cuts = []
    current = lead
    start = len(lead.text) if lead else 0
    for pos, label in inline_labels(line):
        if pos < start:
            continue
        prev = line[pos - 1]
        if label.family == "cn" and prev in "一二三四五六七八九十":
            continue
        # Only a short segment can be a heading: never slice a long one (a
        # flattened document is one line; this keeps the pass linear).
        segment = line[start:pos] if pos - start <= 40 else "。"
        after_sentence = prev in SENTENCE_END or (soft and prev == " ")
        # A short heading may hold 、 ("指导思想、目标和原则").
        heading_like = (current is not None and 0 < len(segment.strip()) <= 25
                        and not any(c in segment for c in "，,。；;：:")
                        and (len(segment.strip()) <= 15 or "、" not in segment))
        child_start = (label.ordinal == 1 and (current is None or
                       LEVELS[label.family] > LEVELS[current.family]))
        continues = last.get(label.family, 0) + 1 == label.ordinal
        if (after_sentence and (child_start or continues)) or (heading_like and child_start):
            cuts.append(pos)
            _note(last, label)
            current = label
            start = pos + len(label.text)
    if not cuts:
        return [line]
    bounds = [0] + cuts + [len(line)]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:]) if line[a:b].strip()]


_BELOW = {fam: tuple(f for f, lvl in LEVELS.items() if lvl > level) for fam, level in LEVELS.items()}


def _note(last: dict[str, int], label) -> None:
    last[label.family] = label.ordinal
    # A higher-level label restarts the numbering below it.
    for fam in _BELOW[label.family]:
        if fam in last:
            del last[fam]


def repair_line_dates(lines: list[str], warnings: list[str]) -> list[str]:
    out = []
    for number, line in enumerate(lines, 1):
        fixed, repairs = repair_dates(line)
        for before, after in repairs:
            warnings.append(messages.DATE_REPAIRED.format(line=number, before=before, after=after))
        out.append(fixed)
    return out


# ------------------------------------------------------------ flattened text

# A copy from a PDF or a page pasted as one paragraph: labels follow a space,
# not a line break; line-break spaces split words; page footers sit mid-sentence.
_FLAT_MIN = 300          # a physical line this long with labels inside is flattened
_FOOTER = re.compile(r"(?:(?<=\s)|^)(?:[—–-]\s?\d{1,3}\s?[—–-]|第\s?\d{1,3}\s?页(?:\s?共\s?\d{1,3}\s?页)?)(?=\s|$)")
_STAMP = re.compile(r"(?:(?<=\s)|^)(?:公开属性\s*[:：]?\s*(?:主动公开|依申请公开|不予公开)?|"
                    r"(?:加\s?急|特\s?急|特\s?提)|(?:此件|本件)?(?:主动|依申请)公开)(?=\s|$)")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d〔〕（）《》“”，。、：；])[ ]+(?=[\u4e00-\u9fff\d〔〕（）《》“”，。、：；])")
_SPACE_RUN = re.compile(r" +")
_PREAMBLE_CUT = re.compile(
    r"(?<=[通知方案意见办法规定报告计划细则决定要点规划纲要总结请示批复公告通报号：:])\s+"
    r"|\s+(?=[\u4e00-\u9fff]{1,12}〔\s*\d{4}\s*〕\s*\d{1,4}\s*号)"
    r"|\s+(?=(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日\s*$)")
_SIGNATURE = re.compile(r"(?<=[。！？])\s+(?=[^。！？，,；;]{2,40}$)")
_FOOTER_LINE = re.compile(r"^\s*(?:[—–-]\s?\d{1,3}\s?[—–-]|第\s?\d{1,3}\s?页(?:\s?共\s?\d{1,3}\s?页)?)\s*$")


def is_flattened(lines: list[str]) -> bool:
    """Whether the text is flattened: a long physical line with labels after a
    space (one pass over the long lines only: linear in the text)."""
    for line in lines:
        if len(line) < _FLAT_MIN or " " not in line:
            continue
        count = 0
        for m in re.finditer(r"\s(?=[（(一二三四五六七八九十第\d])", line):
            if match_label(line, m.end()):
                count += 1
                if count >= 3:
                    return True
    return False


def close_spaces(text: str) -> str:
    """"卫生健 康委", "2023 年 4 月 6 日", "〔2023〕12 号": line-break spaces go."""
    return _CJK_SPACE.sub("", text)


def unflatten(lines: list[str]) -> tuple[list[str], bool]:
    """Footer lines go in any text; a flattened text is split back into lines."""
    lines = [line for line in lines if not _FOOTER_LINE.match(line)]
    if not is_flattened(lines):
        return lines, False
    out: list[str] = []
    last: dict[str, int] = {}
    for line in lines:
        if len(line) < _FLAT_MIN:
            out.append(close_spaces(line.strip()))
            continue
        line = _STAMP.sub(" ", _FOOTER.sub(" ", line))
        line = _SPACE_RUN.sub(" ", line).strip()
        pieces = _split_line(line, last, soft=True)
        first = pieces[0]
        if not match_label(first):
            # The preamble: title, number, salutation and lead-in on one line.
            out.extend(close_spaces(p) for p in _PREAMBLE_CUT.split(first) if p and p.strip())
            pieces = pieces[1:]
        for k, piece in enumerate(pieces):
            piece = piece.strip()
            if k == len(pieces) - 1:
                tail = _SIGNATURE.split(piece, maxsplit=1)
                if len(tail) == 2:
                    out.append(close_spaces(tail[0]))
                    out.extend(close_spaces(p) for p in _PREAMBLE_CUT.split(tail[1]) if p and p.strip())
                    continue
            out.append(close_spaces(piece))
    return out, True

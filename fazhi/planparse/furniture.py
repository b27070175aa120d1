"""Web page furniture around a plan copied from a site, and appended documents.

A plan found on the web comes with breadcrumbs, publication stamps, the site's
name in the title, "related articles" lists, disclaimers, and sometimes a
second, unrelated document after "扩展阅读". None of it is part of the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import match_label

_HEAD = re.compile(
    r"^(?:当前位置|您的位置|你的位置|首页\s*[>›»/]|[-–—·•*]?\s*相关推荐|"
    r"(?:发布)?(?:时间|日期)\s*[:：]\s*\d|(?:浏览|点击|阅读)(?:次数|量)?\s*[:：]|"
    r"字号\s*[:：]|【?\s*字体|作者\s*[:：]|编辑\s*[:：]|分享到|打印本页|收藏本页)")
_SOURCE = re.compile(r"^来源\s*[:：]\s*(.*)$")
# A publication stamp; a date written 2018年5月2日 is the document's own date.
_STAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_HEAD_CONTAINS = re.compile(r"小编|供大家参考|仅供参考|范文网|【[^】]*(?:范文|精选|推荐|通用|\d+篇)[^】]*】")
_TAIL = re.compile(
    r"^(?:友情提示|温馨提示|免责声明|声明\s*[:：]|来源\s*[:：]\s*网络|推荐访问|推荐阅读|"
    r"相关文章|相关阅读|相关推荐|热门文章|猜你喜欢|上一篇|下一篇|责任编辑|打印本页|关闭窗口|"
    r"分享到|扫一扫|版权所有|Copyright|【[^】]*】\s*相关文章)|相关文章\s*[:：]?\s*$",
    re.IGNORECASE)
_APPENDED = re.compile(r"^(扩展阅读|延伸阅读|拓展阅读|附\s*[:：]?\s*相关阅读)\s*[:：]?")
# "…实施方案-某某网平台": a site name glued to the title.
_SITE_SUFFIX = re.compile(
    r"\s*[-_|｜—–]+\s*[^-_|｜—–\s]{1,15}(?:网|平台|网站|门户|频道|文库|之家|在线|官网)\s*$")


@dataclass
class Cleaned:
    """Lines of one document with the furniture taken off."""

    lines: list[str]
    removed: int = 0
    source: str | None = None            # what a "来源:" line named
    appended: list[tuple[int, str, list[str]]] = field(default_factory=list)


def _first_label(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if match_label(line.strip()):
            return i
    return len(lines)


def strip_furniture(lines: list[str]) -> Cleaned:
    """Remove furniture from raw lines (stripped, blank lines kept) and cut off
    appended documents, which are returned unparsed in ``appended``."""
    first = _first_label(lines)
    kept: list[str] = []
    removed = 0
    source = None
    for i, line in enumerate(lines[:first]):
        text = line.strip()
        m = _SOURCE.match(text)
        if m:
            source = source or m.group(1).strip() or None
            removed += 1
            continue
        if text and (_HEAD.match(text) or _STAMP.match(text) or _HEAD_CONTAINS.search(text)
                     or _is_mojibake(text)):
            removed += 1
            continue
        if text and kept and text == _last_nonblank(kept):
            removed += 1   # the page repeats the title
            continue
        kept.append(_SITE_SUFFIX.sub("", text) if text else text)

    rest = lines[first:]
    appended = []
    for j, line in enumerate(rest):
        text = line.strip()
        if _TAIL.search(text):
            removed += len([x for x in rest[j:] if x.strip()])
            rest = rest[:j]
            break
    for j, line in enumerate(rest):
        text = line.strip()
        m = _APPENDED.match(text)
        if m:
            appended.append((first + j + 1, m.group(1), rest[j + 1:]))
            removed += 1
            rest = rest[:j]
            break
    body = kept + [x for x in rest if not _is_mojibake(x.strip())]
    removed += len(rest) + len(kept) - len(body)
    return Cleaned(body, removed, source, appended)


def _last_nonblank(lines: list[str]) -> str | None:
    for line in reversed(lines):
        if line:
            return line
    return None


def _is_mojibake(text: str) -> bool:
    """A line mostly made of replacement or private-use characters."""
    if len(text) < 4:
        return False
    bad = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bad * 3 > len(text)

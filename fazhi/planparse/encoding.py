"""Turning uploaded bytes into text: BOMs, UTF-8, GB18030/GBK, UTF-16."""

from __future__ import annotations

import codecs

from . import messages
from .errors import PlanParseError

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be")]
# Signatures of formats that are certainly not plain text.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf",
                 b"\x7fELF", b"MZ")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or ch == "\ufffd")
    return bad / len(text)


def _plausible(text: str) -> float:
    """Share of characters that ordinary Chinese plan text is made of."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\n\r\t"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")
    return good / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: NUL bytes are the hint (ASCII and line breaks have a
    zero high byte); the byte order giving plausible text wins."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    best, best_score = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausible(text)
        if score > best_score:
            best, best_score = text, score
    return best if best_score >= 0.9 else None


def decode_bytes(data: bytes) -> str:
    """Decode plain-text bytes, or raise PlanParseError with a Chinese message."""
    if not data or not data.strip():
        raise PlanParseError(messages.EMPTY)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise PlanParseError(messages.ENCODING) from exc
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(messages.OLD_DOC)
    if data.startswith(_BINARY_MAGIC):
        raise PlanParseError(messages.BINARY)
    text = _utf16_without_bom(data)
    if text is not None and _control_ratio(text) < 0.01:
        return text
    if b"\x00" in data:
        raise PlanParseError(messages.BINARY)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > 0.05:
            raise PlanParseError(messages.BINARY)
        return text
    return _guess(data)


def _guess(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:   # optional: without it only the encodings above work
        raise PlanParseError(messages.ENCODING) from None
    best = from_bytes(data).best()
    if best is None:
        raise PlanParseError(messages.ENCODING)
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise PlanParseError(messages.BINARY)
    return text

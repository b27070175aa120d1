"""A CAPTCHA that needs no outside service: a small sum drawn as an SVG picture.

The digits are drawn as jittered strokes (paths), not as text, so that the answer is not
sitting in the markup. The answer is kept only as a keyed hash: in the session for the
pages, or in a signed token for the public API; either is good once and for ten minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from . import messages as m

MAX_AGE = 600
SESSION_KEY = "intake_captcha"
_SIGN_SALT = "fazhi.intake.captcha"

# Glyphs as polylines on a 4 × 6 grid (x right, y down).
GLYPHS = {
    "0": [[(0, 0), (4, 0), (4, 6), (0, 6), (0, 0)]],
    "1": [[(1, 1), (2, 0), (2, 6)], [(1, 6), (3, 6)]],
    "2": [[(0, 0), (4, 0), (4, 3), (0, 3), (0, 6), (4, 6)]],
    "3": [[(0, 0), (4, 0), (4, 6), (0, 6)], [(1, 3), (4, 3)]],
    "4": [[(0, 0), (0, 3), (4, 3)], [(3, 0), (3, 6)]],
    "5": [[(4, 0), (0, 0), (0, 3), (4, 3), (4, 6), (0, 6)]],
    "6": [[(4, 0), (0, 0), (0, 6), (4, 6), (4, 3), (0, 3)]],
    "7": [[(0, 0), (4, 0), (1, 6)]],
    "8": [[(0, 0), (4, 0), (4, 6), (0, 6), (0, 0)], [(0, 3), (4, 3)]],
    "9": [[(4, 3), (0, 3), (0, 0), (4, 0), (4, 6), (0, 6)]],
    "+": [[(2, 1), (2, 5)], [(0, 3), (4, 3)]],
    "=": [[(0, 2), (4, 2)], [(0, 4), (4, 4)]],
    "?": [[(0, 1), (1, 0), (4, 0), (4, 3), (2, 3), (2, 4)], [(2, 5.5), (2, 6)]],
}


def new_question() -> tuple[str, int]:
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    return f"{a}+{b}=?", a + b


def _digest(answer: int | str, nonce: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"captcha:{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()


def _jitter(amount: float) -> float:
    return (secrets.randbelow(2001) - 1000) / 1000 * amount


def render_svg(text: str) -> str:
    scale, gap, left, top = 5.0, 9, 12, 10
    parts = []
    for i, ch in enumerate(text):
        ox, oy = left + i * (4 * scale + gap), top + _jitter(4)
        angle = _jitter(12)
        for line in GLYPHS[ch]:
            pts = " ".join(f"{ox + x * scale + _jitter(1.6):.1f},{oy + y * scale + _jitter(1.6):.1f}" for x, y in line)
            parts.append(f'<polyline points="{pts}" transform="rotate({angle:.1f} {ox + 2 * scale:.1f} {oy + 3 * scale:.1f})"/>')
    width = left * 2 + len(text) * (4 * scale + gap)
    noise = []
    for _ in range(5):
        y1, y2, cx, cy = 8 + secrets.randbelow(40), 8 + secrets.randbelow(40), secrets.randbelow(int(width)), secrets.randbelow(56)
        noise.append(f'<path d="M0,{y1} Q{cx},{cy} {width:.0f},{y2}" stroke="#9aa7b8" stroke-width="1" fill="none"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="56" viewBox="0 0 {width:.0f} 56" role="img">'
            f'<rect width="100%" height="100%" fill="#eef2f7"/>{"".join(noise)}'
            f'<g fill="none" stroke="#1f4e8c" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">{"".join(parts)}</g></svg>')


# --- pages: the answer in the session ---------------------------------------------------------

def issue_for_session(session) -> str:
    question, answer = new_question()
    nonce = secrets.token_hex(8)
    session[SESSION_KEY] = {"h": _digest(answer, nonce), "n": nonce, "t": int(time.time())}
    return render_svg(question)


def verify_session(session, typed: str) -> None:
    """Raise ValidationError unless `typed` answers the session's question; the question is used up either way."""
    stored = session.pop(SESSION_KEY, None)
    if not stored or int(time.time()) - stored.get("t", 0) > MAX_AGE:
        raise ValidationError(m.CAPTCHA_EXPIRED, code="captcha_expired")
    if not hmac.compare_digest(stored["h"], _digest((typed or "").strip(), stored["n"])):
        raise ValidationError(m.CAPTCHA_WRONG, code="captcha_wrong")


# --- the public API: the answer in a signed token ---------------------------------------------

def issue_token() -> dict:
    question, answer = new_question()
    nonce = secrets.token_hex(8)
    token = signing.dumps({"h": _digest(answer, nonce), "n": nonce}, salt=_SIGN_SALT)
    return {"token": token, "svg": render_svg(question)}


def verify_token(token: str, typed: str) -> None:
    from .models import RateHit

    try:
        data = signing.loads(token or "", salt=_SIGN_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(m.CAPTCHA_EXPIRED, code="captcha_expired")
    # Good once: a used token is remembered (as a rate hit that nobody counts) until it expires anyway.
    used, created = RateHit.objects.get_or_create(scope="captcha", key=data["n"][:40])
    if not created:
        raise ValidationError(m.CAPTCHA_EXPIRED, code="captcha_expired")
    if not hmac.compare_digest(data["h"], _digest((typed or "").strip(), data["n"])):
        raise ValidationError(m.CAPTCHA_WRONG, code="captcha_wrong")

"""The portal's proof of work, in place of a picture CAPTCHA: the browser spends a moment of
computing before a submission is taken, which costs a person nothing to look at or listen
to and costs a script that floods the portal real time per submission.

The server issues a signed challenge with a difficulty (leading zero bits, FAZHI_PORTAL_PROOF_BITS);
the page's script (intake/proof.js, no outside service) finds a counter such that
SHA-256("<challenge>:<counter>") starts with that many zero bits. A challenge is good once
and for ten minutes; wrong answers are counted per address, and past
FAZHI_PORTAL_PROOF_WRONG_LIMIT in ten minutes the address is refused for a while.
"""

from __future__ import annotations

import hashlib
import secrets
from itertools import count

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError

from . import messages as m
from . import ratelimit

MAX_AGE = 600
_SALT = "fazhi.intake.proof"


def wrong_rule() -> ratelimit.Rule:
    return ratelimit.Rule("proof-wrong", settings.FAZHI_PORTAL_PROOF_WRONG_LIMIT, 600)


def issue() -> dict:
    bits = settings.FAZHI_PORTAL_PROOF_BITS
    return {"challenge": signing.dumps({"n": secrets.token_hex(12), "d": bits}, salt=_SALT), "difficulty": bits}


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def _digest(challenge: str, answer: str) -> bytes:
    return hashlib.sha256(f"{challenge}:{answer}".encode()).digest()


def solve(challenge: str, difficulty: int) -> str:
    """What the browser does, in Python (for tests and for API clients)."""
    for n in count():
        if leading_zero_bits(_digest(challenge, str(n))) >= difficulty:
            return str(n)


def verify(challenge: str, answer: str, *, address: str) -> None:
    """Raise ValidationError unless `answer` proves the work on a fresh challenge of ours."""
    from .models import RateHit

    rule = wrong_rule()
    wait = ratelimit.retry_minutes(rule, address)
    if wait:
        raise ValidationError(str(m.PROOF_TOO_MANY).format(minutes=wait), code="proof_locked")
    try:
        data = signing.loads(challenge or "", salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        ratelimit.record(rule, address)
        raise ValidationError(m.PROOF_EXPIRED, code="proof_expired")
    answer = (answer or "").strip()
    if not answer:
        ratelimit.record(rule, address)
        raise ValidationError(m.PROOF_MISSING, code="proof_missing")
    if not (answer.isdigit() and len(answer) <= 20) or leading_zero_bits(_digest(challenge, answer)) < int(data["d"]):
        ratelimit.record(rule, address)
        raise ValidationError(m.PROOF_WRONG, code="proof_wrong")
    # Good once: a used challenge is remembered (as a rate hit nobody counts) until it expires anyway.
    _used, created = RateHit.objects.get_or_create(scope="proof", key=data["n"][:40])
    if not created:
        raise ValidationError(m.PROOF_EXPIRED, code="proof_expired")

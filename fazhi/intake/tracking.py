"""Tracking codes: a case number anyone may read aloud, and a query password that only the
person who submitted holds.

The password is 24 symbols from an alphabet without look-alikes (no 0/O, 1/I/L), about 119
bits of randomness, shown in groups of four. Only its hash is stored: SHA-256 of the symbols.
A slow, salted hash (Django's PBKDF2, as for the accounts' passwords) protects what people choose
and can be guessed; no one guesses 119 random bits, so it added nothing here but 0.15 s of a core
for every lookup on the public portal. Hashes stored before are Django's and still match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
import secrets

from django.contrib.auth.hashers import check_password

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PASSWORD_LENGTH = 24
GROUP = 4
CASE_NUMBER_RE = re.compile(r"^\d{8}-\d{6}$")
HASH_PREFIX = "sha256$"


def new_case_number(day: dt.date) -> str:
    # Random rather than sequential: a number says nothing about how many cases came before.
    return f"{day:%Y%m%d}-{secrets.randbelow(10**6):06d}"


def new_password() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))
    return format_password(raw)


def format_password(raw: str) -> str:
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def normalize_password(typed: str) -> str:
    """What a person types or pastes: any case, full-width or not, with or without the group
    separators (any dash, space, dot or slash a phone or word processor puts between them)."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", typed or "").upper())


def normalize_case_number(typed: str) -> str:
    digits = re.sub(r"\D", "", typed or "")
    return f"{digits[:8]}-{digits[8:]}" if len(digits) == 14 else (typed or "").strip()


def hash_password(password: str) -> str:
    return HASH_PREFIX + hashlib.sha256(normalize_password(password).encode()).hexdigest()


def password_matches(typed: str, hashed: str | None) -> bool:
    """Whether `typed` is the password of `hashed` (None: no such case, never a match)."""
    typed_hash = hash_password(typed)  # for a case that is not there too: as fast as a wrong password
    if not hashed:
        return False
    if hashed.startswith(HASH_PREFIX):
        return hmac.compare_digest(typed_hash, hashed)
    return check_password(normalize_password(typed), hashed)  # stored with Django's hashers


def entropy_bits() -> float:
    import math

    return PASSWORD_LENGTH * math.log2(len(ALPHABET))

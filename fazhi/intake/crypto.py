"""Encryption at rest of the reporter's identity (Fernet: AES-128-CBC with HMAC-SHA256).

The key comes from the environment, FAZHI_FIELD_KEY: one or more Fernet keys separated by
commas, the first encrypting and all of them decrypting, so that a key can be rotated
without rewriting every row at once. Without it (development, tests) a fixed key is
derived from SECRET_KEY, which keeps a developer's database readable across restarts.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(env_keys: str, secret: str) -> MultiFernet:
    keys = [k.strip() for k in env_keys.split(",") if k.strip()]
    if not keys:
        keys = [base64.urlsafe_b64encode(hashlib.sha256(("fazhi-field-key:" + secret).encode()).digest()).decode()]
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(os.environ.get("FAZHI_FIELD_KEY", ""), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    if not value:
        return ""
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        # A wrong key must not take the inbox down; the case stays workable without the identity.
        return ""


def keyed_hash(value: str, purpose: str) -> str:
    """A one-way, keyed digest (for rate-limit keys): equal inputs match, nothing can be read back."""
    return hashlib.blake2b(value.encode("utf-8"), key=hashlib.sha256(settings.SECRET_KEY.encode()).digest(),
                           person=purpose.encode()[:16], digest_size=20).hexdigest()

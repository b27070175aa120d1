"""Encryption at rest of the reporter's identity (Fernet: AES-128-CBC with HMAC-SHA256).

The keys are FAZHI_FIELD_KEY (settings.FAZHI_FIELD_KEYS): one or more Fernet keys separated by
commas, the first encrypting and all of them decrypting (MultiFernet), so that a key can be
rotated without rewriting every row at once: put the new key first, keep the old one after it.
Generate one with `python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.

The key is never derived from the secret key. A deployment (FAZHI_SECRET_KEY set) must set it;
a development checkout without either uses a fixed, public development key.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Public, so good for nothing but a development database that holds no real reporter.
DEVELOPMENT_FIELD_KEY = "ZmF6aGktZGV2ZWxvcG1lbnQtZmllbGQta2V5LTAwMDA="


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    keys = tuple(settings.FAZHI_FIELD_KEYS)
    if not keys:
        if settings.FAZHI_SECRET_KEY_SET:
            raise ImproperlyConfigured("FAZHI_FIELD_KEY must be set when FAZHI_SECRET_KEY is (see the README)")
        keys = (DEVELOPMENT_FIELD_KEY,)
    return _fernet(keys)


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

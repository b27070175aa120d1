"""Rate limits per client address, counted in the database so that every worker on every
host shares one count (no process memory). The address is stored only as a keyed hash.

A sliding window: the hits of the last `window` seconds are counted; old hits of the same
key are purged when a new one is written, so the table stays small.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core import net

from .crypto import keyed_hash
from .models import RateHit


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int
    window: int  # seconds


SUBMIT = Rule("submit", settings.FAZHI_PORTAL_SUBMIT_LIMIT, 600)
LOOKUP = Rule("lookup", settings.FAZHI_PORTAL_LOOKUP_LIMIT, 600)
# 民主评议 answers are counted apart from cases, at the same rate: one does not use up the other.
SURVEY = Rule("survey", settings.FAZHI_PORTAL_SUBMIT_LIMIT, 600)


def client_address(request) -> str:
    """The address a limit is counted on, as fazhi.core.net decides it (never the client's own word)."""
    return net.client_address(request) or "unknown"


def _key(rule: Rule, address: str) -> str:
    return keyed_hash(address, "rate-" + rule.scope)


def retry_minutes(rule: Rule, address: str) -> int:
    """0 when allowed now; otherwise the whole minutes until the oldest counted hit expires."""
    now = timezone.now()
    since = now - dt.timedelta(seconds=rule.window)
    hits = RateHit.objects.filter(scope=rule.scope, key=_key(rule, address), at__gt=since).order_by("at")
    if hits.count() < rule.limit:
        return 0
    oldest = hits.values_list("at", flat=True)[0]
    return max(1, math.ceil((oldest + dt.timedelta(seconds=rule.window) - now).total_seconds() / 60))


def record(rule: Rule, address: str) -> None:
    now = timezone.now()
    key = _key(rule, address)
    with transaction.atomic():
        RateHit.objects.filter(scope=rule.scope, key=key, at__lte=now - dt.timedelta(seconds=rule.window)).delete()
        RateHit.objects.create(scope=rule.scope, key=key, at=now)


def reset(rule: Rule, address: str) -> None:
    RateHit.objects.filter(scope=rule.scope, key=_key(rule, address)).delete()

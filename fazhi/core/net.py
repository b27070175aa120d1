"""The client's address: one rule for the audit log, the portal's rate limits and the login lock-out.

X-Forwarded-For is anyone's to write. It is read only when the product is configured to sit
behind FAZHI_TRUSTED_PROXIES reverse proxies, and then from the right: each proxy appends the
address it was reached from, so the right-most entries are the proxies' own and the first one
left of them is the address the outermost proxy saw. Whatever a client writes further left is
ignored. A value that is not an IP address is never returned.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str | None) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's IP address as text, or None when none can be trusted."""
    remote = _address(request.META.get("REMOTE_ADDR"))
    proxies = settings.FAZHI_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    # REMOTE_ADDR is the nearest proxy; the header holds what the proxies before it saw.
    hops = [h for h in (p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")) if h]
    hops.append(request.META.get("REMOTE_ADDR", ""))
    if len(hops) <= proxies:
        return remote  # fewer hops than proxies: the request did not come through them all
    return _address(hops[-(proxies + 1)])

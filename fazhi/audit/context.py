"""The client address of the request being served, for audit rows written deep in services.

A ContextVar is per request (per thread or task), not state shared between requests.
"""

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("fazhi_client_ip", default=None)

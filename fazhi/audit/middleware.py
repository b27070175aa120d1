from .context import client_ip


class AuditContextMiddleware:
    """Remembers the client address for the audit rows this request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Behind a trusted proxy the real address comes first in X-Forwarded-For.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
        token = client_ip.set(ip or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)

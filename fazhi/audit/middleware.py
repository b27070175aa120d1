from fazhi.core.net import client_address

from .context import client_ip


class AuditContextMiddleware:
    """Remembers the client address for the audit rows this request writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
